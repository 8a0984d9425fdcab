// Pending-alert constructors (spec A §3) and the rendering of a sink error.
import { satAdd, satAddI64 } from '../../common/saturating';
import type { PendingAlert, RevocationAlert } from '../types';

/** `PendingAlert::new`: due immediately. */
export const newPendingAlert = (alert: RevocationAlert, nowMs: number): PendingAlert => ({
  alert,
  attempt: 0,
  nextRetryAtMs: nowMs,
  lastError: null,
});

/** `PendingAlert::from_legacy`: a bare alert from the legacy queue format. */
export const pendingFromLegacy = (alert: RevocationAlert): PendingAlert => ({
  alert,
  attempt: 0,
  nextRetryAtMs: 0,
  lastError: null,
});

/** `with_retry_failure`: one more failed attempt, next retry after the backoff. */
export const withRetryFailure = (item: PendingAlert, nowMs: number, backoffMs: number, error: string): PendingAlert => ({
  alert: item.alert,
  attempt: satAdd(item.attempt, 1),
  nextRetryAtMs: satAddI64(nowMs, backoffMs),
  lastError: error,
});

/** A stable rendering in the spirit of Rust's Debug output, e.g. `Io("simulated alert sink failure")`. */
export function renderSinkError(error: unknown): string {
  if (error instanceof Error) {
    // `IoError` → `Io`, `ValidationError` → `Validation`; a plain `Error` keeps its name.
    const variant = error.name.replace(/Error$/, '') || 'Error';
    return `${variant}(${JSON.stringify(error.message)})`;
  }
  return `Other(${JSON.stringify(String(error))})`;
}

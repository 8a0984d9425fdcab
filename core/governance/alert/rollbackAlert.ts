// P3.30 rollback alert (spec B §2.4-§2.6): a critical alert when too many rollbacks fall inside a
// window, at most once per cooldown. The decision is pure; emitting and saving are the shell's.
import { ValidationError } from '../../common/errors';
import { satSubI64 } from '../../common/saturating';
import type { RevocationAlert } from '../../replay/types';
import { compactJson, parseObject, readOptionalI64 } from '../codec/jsonFields';
import type { PolicyAdoptionAuditRecord } from '../audit/adoptionAudit';

export interface RollbackAlertPolicy {
  readonly rollbackWindowMs: number;
  readonly maxRollbacksPerWindow: number;
  readonly minAttempted: number;
  readonly alertCooldownMs: number;
}

export const defaultRollbackAlertPolicy = (): RollbackAlertPolicy => ({
  rollbackWindowMs: 120_000,
  maxRollbacksPerWindow: 3,
  minAttempted: 8,
  alertCooldownMs: 60_000,
});

const ALERT = 'membership revocation dead-letter replay rollback alert';

export function validateRollbackAlertPolicy(p: RollbackAlertPolicy): void {
  if (p.rollbackWindowMs <= 0) {
    throw new ValidationError(`${ALERT} rollback_window_ms must be positive, got ${p.rollbackWindowMs}`);
  }
  if (p.maxRollbacksPerWindow === 0) throw new ValidationError(`${ALERT} max_rollbacks_per_window must be positive`);
  if (p.minAttempted === 0) throw new ValidationError(`${ALERT} min_attempted must be positive`);
  if (p.alertCooldownMs <= 0) {
    throw new ValidationError(`${ALERT} alert_cooldown_ms must be positive, got ${p.alertCooldownMs}`);
  }
}

export interface RollbackAlertState {
  readonly lastAlertAtMs: number | null;
}

export const defaultRollbackAlertState = (): RollbackAlertState => ({ lastAlertAtMs: null });

export const alertStateJson = (s: RollbackAlertState): string =>
  JSON.stringify(compactJson([['last_alert_at_ms', s.lastAlertAtMs]]));

export const alertStateFromJson = (text: string, file: string): RollbackAlertState => ({
  lastAlertAtMs: readOptionalI64(parseObject(text, file), 'last_alert_at_ms', { file, at: '' }),
});

export const ROLLBACK_ALERT_CODE = 'dead_letter_replay_policy_rollback_anomaly';

/** Step 1: only a rollback run with enough attempts reads the audit log at all. */
export const rollbackAlertCandidate = (
  record: Pick<PolicyAdoptionAuditRecord, 'rollbackTriggered' | 'metrics'>,
  p: RollbackAlertPolicy,
): boolean =>
  record.rollbackTriggered && record.metrics.attempted >= p.minAttempted;

/** Rollback records with `now - t <= window` (non-strict); a future-dated one always counts. */
export const countRollbacksInWindow = (
  records: readonly PolicyAdoptionAuditRecord[],
  nowMs: number,
  windowMs: number,
): number => records.filter((r) => r.rollbackTriggered && satSubI64(nowMs, r.auditedAtMs) <= windowMs).length;

export type RollbackAlertDecision =
  | { readonly emit: false; readonly rollbackCount: number | null }
  | { readonly emit: true; readonly rollbackCount: number; readonly alert: RevocationAlert };

/**
 * Steps 1-6 of `emit_dead_letter_replay_rollback_alert_if_needed` without the effects. `records`
 * is the audit list after this run's record was appended (null when step 1 already said no).
 */
export function decideRollbackAlert(input: {
  readonly record: PolicyAdoptionAuditRecord;
  readonly records: readonly PolicyAdoptionAuditRecord[] | null;
  readonly nowMs: number;
  readonly policy: RollbackAlertPolicy;
  readonly state: RollbackAlertState;
}): RollbackAlertDecision {
  const { record, nowMs, policy, state } = input;
  if (!rollbackAlertCandidate(record, policy) || input.records === null) return { emit: false, rollbackCount: null };
  const rollbackCount = countRollbacksInWindow(input.records, nowMs, policy.rollbackWindowMs);
  if (rollbackCount < policy.maxRollbacksPerWindow) return { emit: false, rollbackCount };
  if (state.lastAlertAtMs !== null && satSubI64(nowMs, state.lastAlertAtMs) < policy.alertCooldownMs) {
    return { emit: false, rollbackCount };
  }
  return { emit: true, rollbackCount, alert: buildRollbackAlert(record, nowMs, rollbackCount, policy) };
}

/** The alert reuses `drained`, `diverged` and `rejected` for pending backlog, count, dead-lettered. */
export function buildRollbackAlert(
  record: PolicyAdoptionAuditRecord,
  nowMs: number,
  rollbackCount: number,
  policy: RollbackAlertPolicy,
): RevocationAlert {
  const m = record.metrics;
  return {
    worldId: record.worldId,
    nodeId: record.nodeId,
    detectedAtMs: nowMs,
    severity: 'critical',
    code: ROLLBACK_ALERT_CODE,
    message:
      `membership revocation dead-letter replay rollback anomaly: ${rollbackCount} rollbacks within ` +
      `${policy.rollbackWindowMs}ms (attempted=${m.attempted}, failed=${m.failed}, dead_lettered=${m.deadLettered})`,
    drained: record.backlogPending,
    diverged: rollbackCount,
    rejected: m.deadLettered,
  };
}

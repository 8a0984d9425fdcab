// Alert production and dedup (spec A §2.2, §2.3): pure functions of the reconcile report.
import { ValidationError } from '../../common/errors';
import { normalizeNodeId, normalizeWorldId } from '../../common/ids';
import { satSubI64 } from '../../common/saturating';
import type { AlertDedupPolicy, AlertDedupState, AlertPolicy, ReconcileReport, RevocationAlert } from '../types';

/** `evaluate_revocation_reconcile_alerts`: Critical (rejected) first, then Warn (diverged). */
export function evaluateReconcileAlerts(
  worldId: string,
  nodeId: string,
  detectedAtMs: number,
  report: ReconcileReport,
  policy: AlertPolicy,
): RevocationAlert[] {
  const world = normalizeWorldId(worldId);
  const node = normalizeNodeId(nodeId);
  const base = { worldId: world, nodeId: node, detectedAtMs, drained: report.drained, diverged: report.diverged, rejected: report.rejected };
  const alerts: RevocationAlert[] = [];
  if (policy.criticalRejectedThreshold > 0 && report.rejected >= policy.criticalRejectedThreshold) {
    alerts.push({
      ...base,
      severity: 'critical',
      code: 'reconcile_rejected',
      message: `membership revocation reconcile rejected ${report.rejected} checkpoint(s)`,
    });
  }
  if (policy.warnDivergedThreshold > 0 && report.diverged >= policy.warnDivergedThreshold) {
    alerts.push({
      ...base,
      severity: 'warn',
      code: 'reconcile_diverged',
      message: `membership revocation reconcile diverged on ${report.diverged} checkpoint(s)`,
    });
  }
  return orderAlertFields(alerts);
}

// Keeps the spec's field order in memory too, so a JSON dump of an alert reads like the disk form.
function orderAlertFields(alerts: RevocationAlert[]): RevocationAlert[] {
  return alerts.map((a) => ({
    worldId: a.worldId,
    nodeId: a.nodeId,
    detectedAtMs: a.detectedAtMs,
    severity: a.severity,
    code: a.code,
    message: a.message,
    drained: a.drained,
    diverged: a.diverged,
    rejected: a.rejected,
  }));
}

export const dedupKey = (a: RevocationAlert): string => `${a.worldId}:${a.nodeId}:${a.code}`;

/**
 * `deduplicate_revocation_alerts`: drops an alert whose key was emitted less than the window ago
 * (strict `<`); suppressed alerts do not refresh the key. Window 0 passes everything untouched.
 * Mutates the caller-owned `state`.
 */
export function dedupAlerts(
  alerts: readonly RevocationAlert[],
  nowMs: number,
  policy: AlertDedupPolicy,
  state: AlertDedupState,
): RevocationAlert[] {
  if (policy.suppressWindowMs < 0) {
    throw new ValidationError(
      `membership revocation alert dedup suppress_window_ms must be non-negative, got ${policy.suppressWindowMs}`,
    );
  }
  if (policy.suppressWindowMs === 0) return [...alerts];
  const kept: RevocationAlert[] = [];
  for (const alert of alerts) {
    const key = dedupKey(alert);
    const last = state.lastEmittedAtByKey.get(key);
    if (last === undefined || satSubI64(nowMs, last) >= policy.suppressWindowMs) {
      state.lastEmittedAtByKey.set(key, nowMs);
      kept.push(alert);
    }
  }
  return kept;
}

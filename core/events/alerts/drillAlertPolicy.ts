// P3.34 drill alert policy, reasons and cooldown (spec C §2.5, §2.6, §2.7 steps 5–6). Pure.
import { ValidationError } from '../../common/errors';
import type { RecoveryDrillReport } from '../../governance/drill/recoveryDrill';
import type { AlertSeverity, RevocationAlert } from '../../replay/types';
import { EMERGENCY_HISTORY_REASON } from '../bus/drillAlertEvent';

export interface DrillAlertPolicy {
  /** Longest allowed silence of the rollback alert before it is an anomaly. Default 900_000. */
  readonly maxAlertSilenceMs: number;
  /** A rollback streak this long or longer is an anomaly. Default 3. */
  readonly rollbackStreakThreshold: number;
  /** Minimum gap between two drill alerts. Default 300_000. */
  readonly alertCooldownMs: number;
}

export const defaultDrillAlertPolicy = (): DrillAlertPolicy => ({
  maxAlertSilenceMs: 900_000,
  rollbackStreakThreshold: 3,
  alertCooldownMs: 300_000,
});

const DRILL_ALERT = 'membership revocation rollback governance recovery drill alert policy';

/** `validate_recovery_drill_alert_policy`, checks in spec order. */
export function validateDrillAlertPolicy(policy: DrillAlertPolicy): void {
  if (!(policy.maxAlertSilenceMs > 0)) {
    throw new ValidationError(`${DRILL_ALERT} max_alert_silence_ms must be positive, got ${policy.maxAlertSilenceMs}`);
  }
  if (!(Number.isSafeInteger(policy.rollbackStreakThreshold) && policy.rollbackStreakThreshold > 0)) {
    throw new ValidationError(`${DRILL_ALERT} rollback_streak_threshold must be positive`);
  }
  if (!(policy.alertCooldownMs > 0)) {
    throw new ValidationError(`${DRILL_ALERT} alert_cooldown_ms must be positive, got ${policy.alertCooldownMs}`);
  }
}

export const DRILL_ALERT_REASONS = {
  silence: 'alert_state_silence_exceeded',
  streak: 'rollback_streak_threshold_exceeded',
  emergency: EMERGENCY_HISTORY_REASON,
} as const;

/** `evaluate_recovery_drill_alert_reasons`: fixed order silence, streak, emergency. */
export function evaluateDrillAlertReasons(report: RecoveryDrillReport, nowMs: number, policy: DrillAlertPolicy): string[] {
  const reasons: string[] = [];
  const last = report.alertState.lastAlertAtMs;
  if (last === null || nowMs - last > policy.maxAlertSilenceMs) reasons.push(DRILL_ALERT_REASONS.silence);
  if (report.governanceState.rollbackStreak >= policy.rollbackStreakThreshold) reasons.push(DRILL_ALERT_REASONS.streak);
  if (report.hasEmergencyHistory || report.governanceState.lastLevel === 'emergency') reasons.push(DRILL_ALERT_REASONS.emergency);
  return reasons;
}

/** Blocked while `now − last < cooldown` (strict); a clock that went backwards is blocked too. */
export function isDrillAlertCooldownBlocked(lastAlertAtMs: number | null, nowMs: number, policy: DrillAlertPolicy): boolean {
  return lastAlertAtMs !== null && nowMs - lastAlertAtMs < policy.alertCooldownMs;
}

export const DRILL_ALERT_CODE = 'rollback_governance_recovery_drill_anomaly';

/** §2.7 step 6: the alert for a drill with these reasons. Only `has_emergency_history` sets `rejected`. */
export function buildDrillAlert(
  key: { readonly worldId: string; readonly nodeId: string },
  evaluatedAtMs: number,
  report: RecoveryDrillReport,
  reasons: readonly string[],
): RevocationAlert {
  const severity: AlertSeverity = reasons.includes(EMERGENCY_HISTORY_REASON) ? 'critical' : 'warn';
  return {
    worldId: key.worldId,
    nodeId: key.nodeId,
    detectedAtMs: evaluatedAtMs,
    severity,
    code: DRILL_ALERT_CODE,
    message: `membership revocation rollback governance recovery drill detected anomalies: ${reasons.join(',')}`,
    drained: report.recentAudits.length,
    diverged: report.governanceState.rollbackStreak,
    rejected: report.hasEmergencyHistory ? 1 : 0,
  };
}

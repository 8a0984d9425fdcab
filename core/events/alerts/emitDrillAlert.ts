// P3.34 drill alert entry (spec C §2.7): evaluate the drill's reasons, respect the cooldown, emit
// to the sink (write 1), then record the alert time (write 2). A crash between the two writes
// sends the alert again on the next due drill (W-G1); the order is kept in both profiles, because
// the other order would lose an alert instead.
import { ValidationError } from '../../common/errors';
import { normalizeKey } from '../../common/ids';
import type { DrillScheduledRunReport } from '../../governance/schedule/drillSchedule';
import type { AlertSink } from '../../replay/types';
import {
  buildDrillAlert,
  evaluateDrillAlertReasons,
  isDrillAlertCooldownBlocked,
  validateDrillAlertPolicy,
  type DrillAlertPolicy,
} from './drillAlertPolicy';
import type { DrillAlertStateStore } from './drillAlertStateStore';

export interface DrillAlertRunReport {
  readonly worldId: string;
  readonly nodeId: string;
  readonly evaluatedAtMs: number;
  readonly drillExecuted: boolean;
  readonly anomalyDetected: boolean;
  readonly alertEmitted: boolean;
  readonly cooldownBlocked: boolean;
  readonly reasons: string[];
}

export interface EmitDrillAlertOptions {
  readonly worldId: string;
  readonly nodeId: string;
  readonly evaluatedAtMs: number;
  readonly drillRunReport: DrillScheduledRunReport;
  readonly policy: DrillAlertPolicy;
  readonly alertStateStore: DrillAlertStateStore;
  readonly alertSink: AlertSink;
}

/** `emit_…_recovery_drill_alert_if_needed`. The policy is checked first, even when no drill ran. */
export async function emitDrillAlertIfNeeded(opts: EmitDrillAlertOptions): Promise<DrillAlertRunReport> {
  validateDrillAlertPolicy(opts.policy);
  const key = normalizeKey(opts.worldId, opts.nodeId);
  const base = { worldId: key.worldId, nodeId: key.nodeId, evaluatedAtMs: opts.evaluatedAtMs };
  const quiet = { anomalyDetected: false, alertEmitted: false, cooldownBlocked: false, reasons: [] as string[] };
  if (!opts.drillRunReport.drillExecuted) return { ...base, drillExecuted: false, ...quiet };
  const drill = opts.drillRunReport.drillReport;
  if (drill === null) {
    throw new ValidationError('membership revocation rollback governance recovery drill alert requires drill_report when drill_executed is true');
  }
  const reasons = evaluateDrillAlertReasons(drill, opts.evaluatedAtMs, opts.policy);
  if (reasons.length === 0) return { ...base, drillExecuted: true, ...quiet };
  const state = await opts.alertStateStore.loadState(key.worldId, key.nodeId);
  const anomaly = { drillExecuted: true, anomalyDetected: true, reasons };
  if (isDrillAlertCooldownBlocked(state.lastAlertAtMs, opts.evaluatedAtMs, opts.policy)) {
    return { ...base, ...anomaly, alertEmitted: false, cooldownBlocked: true };
  }
  await opts.alertSink.emit(buildDrillAlert(key, opts.evaluatedAtMs, drill, reasons));
  await opts.alertStateStore.saveState(key.worldId, key.nodeId, { ...state, lastAlertAtMs: opts.evaluatedAtMs });
  return { ...base, ...anomaly, alertEmitted: true, cooldownBlocked: false };
}

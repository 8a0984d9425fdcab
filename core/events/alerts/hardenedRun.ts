// Hardened offload + drill + alert (+ event). Every policy is checked before any write (W-F7);
// the tiers are offloaded before retention prunes them, under the node's tiering lock (W-F4,
// W-F1..F3); the drill schedule is committed last, so a crash anywhere re-runs the drill instead of
// silencing it for an interval (W-G2); the `emitted` event is published as soon as the sink has
// acknowledged, before the alert state is saved, so the history never misses an alert (W-G3).
// Remaining: a crash between emit and save re-sends the alert (W-G1, at-least-once by design).
import { ValidationError } from '../../common/errors';
import { normalizeKey, pairKey } from '../../common/ids';
import { validateAuditRetentionPolicy } from '../../governance/retention/auditRetention';
import { pruneGovernanceAuditArchive } from '../../governance/retention/pruneArchive';
import { validateDrillSchedulePolicy, type DrillScheduleState, type DrillScheduleStateStore } from '../../governance/schedule/drillSchedule';
import { runScheduledRecoveryDrill } from '../../governance/schedule/scheduledDrill';
import type { AlertSink, RevocationAlert } from '../../replay/types';
import { alertEventFromRunReport } from '../bus/drillAlertEvent';
import type { DrillAlertEventBus } from '../bus/eventBus';
import { offloadHardenedLocked } from '../tiering/hardenedOffload';
import { validateTieredOffloadPolicy } from '../tiering/offloadPolicy';
import { evaluateDrillAlertReasons, validateDrillAlertPolicy } from './drillAlertPolicy';
import { emitDrillAlertIfNeeded } from './emitDrillAlert';
import type { TieredOffloadDrillAlertEventBusRunReport, TieredOffloadDrillAlertOptions } from './orchestration';

/** Holds the drill schedule's writes back until `commit`, so the schedule advances last. */
function deferredScheduleStore(inner: DrillScheduleStateStore) {
  let pending: { worldId: string; nodeId: string; state: DrillScheduleState } | null = null;
  const store: DrillScheduleStateStore = {
    loadState: async (worldId, nodeId) => (pending ? { ...pending.state } : inner.loadState(worldId, nodeId)),
    saveState: async (worldId, nodeId, state) => {
      pending = { worldId, nodeId, state: { ...state } };
    },
  };
  const commit = async (): Promise<void> => {
    if (pending) await inner.saveState(pending.worldId, pending.nodeId, pending.state);
  };
  return { store, commit };
}

function validateAll(opts: TieredOffloadDrillAlertOptions): void {
  validateAuditRetentionPolicy(opts.retentionPolicy);
  validateTieredOffloadPolicy(opts.offloadPolicy);
  validateDrillSchedulePolicy(opts.drillSchedulePolicy);
  validateDrillAlertPolicy(opts.drillAlertPolicy);
  if (!opts.tiering) throw new ValidationError('hardened tiered offload requires tiering (offload intents and lock)');
  if (opts.hotStore === opts.coldStore) throw new ValidationError('tiered offload hot_store and cold_store must be different stores');
}

async function offloadThenPrune(opts: TieredOffloadDrillAlertOptions, key: { worldId: string; nodeId: string }) {
  const tiering = opts.tiering!;
  return tiering.mutex.run(pairKey(key), async () => {
    const offloadReport = await offloadHardenedLocked(
      { hotStore: opts.hotStore, coldStore: opts.coldStore, offloadedAtMs: opts.scheduledAtMs, policy: opts.offloadPolicy },
      key,
      tiering.intents,
    );
    const pruneReport = await pruneGovernanceAuditArchive({
      worldId: key.worldId,
      nodeId: key.nodeId,
      prunedAtMs: opts.scheduledAtMs,
      retentionPolicy: opts.retentionPolicy,
      retentionStore: opts.hotStore,
      profile: 'hardened',
    });
    return { offloadReport, pruneReport };
  });
}

export async function runHardenedTieredDrillAlert(
  opts: TieredOffloadDrillAlertOptions,
  bus: DrillAlertEventBus | null,
): Promise<TieredOffloadDrillAlertEventBusRunReport> {
  validateAll(opts);
  const key = normalizeKey(opts.worldId, opts.nodeId);
  const at = opts.scheduledAtMs;
  const { offloadReport, pruneReport } = await offloadThenPrune(opts, key);
  const schedule = deferredScheduleStore(opts.drillScheduleStateStore);
  const drillRunReport = await runScheduledRecoveryDrill({
    ...key,
    scheduledAtMs: at,
    policy: opts.drillSchedulePolicy,
    scheduleStateStore: schedule.store,
    alertStateStore: opts.rollbackAlertStateStore,
    governanceStateStore: opts.governanceStateStore,
    governanceAuditStore: opts.governanceAuditStore,
    profile: 'hardened',
  });
  const drill = drillRunReport.drillReport;
  const sink: AlertSink =
    bus === null || drill === null
      ? opts.alertSink
      : {
          async emit(alert: RevocationAlert) {
            await opts.alertSink.emit(alert);
            const reasons = evaluateDrillAlertReasons(drill, at, opts.drillAlertPolicy);
            const emitted = { ...key, drillExecuted: true, anomalyDetected: true, alertEmitted: true, cooldownBlocked: false, reasons };
            await bus.publish(key.worldId, key.nodeId, alertEventFromRunReport(at, emitted));
          },
        };
  const drillAlertReport = await emitDrillAlertIfNeeded({
    ...key,
    evaluatedAtMs: at,
    drillRunReport,
    policy: opts.drillAlertPolicy,
    alertStateStore: opts.drillAlertStateStore,
    alertSink: sink,
  });
  const alertEvent = alertEventFromRunReport(at, drillAlertReport);
  if (bus !== null && !drillAlertReport.alertEmitted) await bus.publish(key.worldId, key.nodeId, alertEvent);
  await schedule.commit();
  return { runReport: { pruneReport, offloadReport, drillRunReport, drillAlertReport }, alertEvent };
}

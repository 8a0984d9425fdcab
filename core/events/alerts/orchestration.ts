// P3.34/P3.35 orchestrated entries (spec C §2.8, §3.8). `original`: prune, offload, scheduled drill,
// alert, then (event-bus variant) publish; every step validates its own policy and the first error
// aborts with earlier side effects kept (W-F4, W-F7, W-G1..G3). `hardened` is in `hardenedRun.ts`.
import type { GovernanceAuditRetentionStore, GovernanceAuditStore } from '../../governance/archive/governanceAudit';
import type { RollbackAlertStateStore } from '../../governance/alert/alertStateStore';
import type { GovernanceStateStore } from '../../governance/level/governanceStateStore';
import type { AuditPruneReport, AuditRetentionPolicy } from '../../governance/retention/auditRetention';
import { pruneGovernanceAuditArchive } from '../../governance/retention/pruneArchive';
import type { DrillSchedulePolicy, DrillScheduledRunReport, DrillScheduleStateStore } from '../../governance/schedule/drillSchedule';
import { runScheduledRecoveryDrill } from '../../governance/schedule/scheduledDrill';
import type { Profile } from '../../ports';
import type { AlertSink } from '../../replay/types';
import { alertEventFromRunReport, type DrillAlertEvent } from '../bus/drillAlertEvent';
import type { DrillAlertEventBus } from '../bus/eventBus';
import type { HardenedTiering } from '../tiering/hardenedOffload';
import { offloadAuditArchiveTiered } from '../tiering/offloadTiered';
import type { TieredOffloadPolicy } from '../tiering/offloadPolicy';
import type { TieredOffloadReport } from '../tiering/offloadReport';
import type { DrillAlertPolicy } from './drillAlertPolicy';
import type { DrillAlertStateStore } from './drillAlertStateStore';
import { emitDrillAlertIfNeeded, type DrillAlertRunReport } from './emitDrillAlert';
import { runHardenedTieredDrillAlert } from './hardenedRun';

export interface TieredOffloadDrillAlertOptions {
  readonly worldId: string;
  readonly nodeId: string;
  readonly scheduledAtMs: number;
  readonly retentionPolicy: AuditRetentionPolicy;
  readonly offloadPolicy: TieredOffloadPolicy;
  readonly drillSchedulePolicy: DrillSchedulePolicy;
  readonly drillAlertPolicy: DrillAlertPolicy;
  readonly hotStore: GovernanceAuditRetentionStore;
  readonly coldStore: GovernanceAuditRetentionStore;
  readonly drillScheduleStateStore: DrillScheduleStateStore;
  readonly drillAlertStateStore: DrillAlertStateStore;
  readonly rollbackAlertStateStore: RollbackAlertStateStore;
  readonly governanceStateStore: GovernanceStateStore;
  /** The audit store the drill reads; the spec's tests pass the hot store (W-G4). */
  readonly governanceAuditStore: GovernanceAuditStore;
  readonly alertSink: AlertSink;
  /** Default 'original'. */
  readonly profile?: Profile;
  /** Required by 'hardened'. */
  readonly tiering?: HardenedTiering;
}

export interface TieredOffloadDrillAlertRunReport {
  readonly pruneReport: AuditPruneReport;
  readonly offloadReport: TieredOffloadReport;
  readonly drillRunReport: DrillScheduledRunReport;
  readonly drillAlertReport: DrillAlertRunReport;
}

/** `run_…_archive_tiered_offload_with_drill_schedule_and_alert`. */
export async function runTieredOffloadWithDrillAndAlert(opts: TieredOffloadDrillAlertOptions): Promise<TieredOffloadDrillAlertRunReport> {
  if (opts.profile === 'hardened') return (await runHardenedTieredDrillAlert(opts, null)).runReport;
  const at = opts.scheduledAtMs;
  const pruneReport = await pruneGovernanceAuditArchive({
    worldId: opts.worldId,
    nodeId: opts.nodeId,
    prunedAtMs: at,
    retentionPolicy: opts.retentionPolicy,
    retentionStore: opts.hotStore,
    profile: 'original',
  });
  const offloadReport = await offloadAuditArchiveTiered({ ...opts, offloadedAtMs: at, policy: opts.offloadPolicy, profile: 'original' });
  const drillRunReport = await runScheduledRecoveryDrill({
    worldId: opts.worldId,
    nodeId: opts.nodeId,
    scheduledAtMs: at,
    policy: opts.drillSchedulePolicy,
    scheduleStateStore: opts.drillScheduleStateStore,
    alertStateStore: opts.rollbackAlertStateStore,
    governanceStateStore: opts.governanceStateStore,
    governanceAuditStore: opts.governanceAuditStore,
    profile: 'original',
  });
  const drillAlertReport = await emitDrillAlertIfNeeded({
    worldId: opts.worldId,
    nodeId: opts.nodeId,
    evaluatedAtMs: at,
    drillRunReport,
    policy: opts.drillAlertPolicy,
    alertStateStore: opts.drillAlertStateStore,
    alertSink: opts.alertSink,
  });
  return { pruneReport, offloadReport, drillRunReport, drillAlertReport };
}

export interface TieredOffloadDrillAlertEventBusOptions extends TieredOffloadDrillAlertOptions {
  readonly eventBus: DrillAlertEventBus;
}

export interface TieredOffloadDrillAlertEventBusRunReport {
  readonly runReport: TieredOffloadDrillAlertRunReport;
  readonly alertEvent: DrillAlertEvent;
}

/** `run_…_with_drill_schedule_alert_and_event_bus`: every call publishes exactly one event, last. */
export async function runTieredOffloadWithDrillAlertAndEventBus(
  opts: TieredOffloadDrillAlertEventBusOptions,
): Promise<TieredOffloadDrillAlertEventBusRunReport> {
  if (opts.profile === 'hardened') return runHardenedTieredDrillAlert(opts, opts.eventBus);
  const runReport = await runTieredOffloadWithDrillAndAlert(opts);
  const alertEvent = alertEventFromRunReport(opts.scheduledAtMs, runReport.drillAlertReport);
  await opts.eventBus.publish(opts.worldId, opts.nodeId, alertEvent);
  return { runReport, alertEvent };
}

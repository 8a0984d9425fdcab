// P3.33 scheduled drill and the archive orchestration (spec B §5.6-§5.7, writes P1 then S1).
// `hardened` validates both policies before the prune, and re-anchors a drill time stored in the
// future (a clock that went back) at `scheduled_at`, so a jump costs one interval, not its size.
import type { Profile } from '../../ports';
import { normalizeKey, replayLeaseKey } from '../../common/ids';
import type { ScheduleCoordinator } from '../../replay/types';
import { validateLeaseTtl } from '../../replay/validation';
import type { RollbackAlertStateStore } from '../alert/alertStateStore';
import type { GovernanceAuditRetentionStore, GovernanceAuditStore } from '../archive/governanceAudit';
import { runGovernanceRecoveryDrill } from '../drill/recoveryDrill';
import type { GovernanceStateStore } from '../level/governanceStateStore';
import type { AuditPruneReport, AuditRetentionPolicy } from '../retention/auditRetention';
import { validateAuditRetentionPolicy } from '../retention/auditRetention';
import { pruneGovernanceAuditArchive } from '../retention/pruneArchive';
import {
  isDrillDue,
  nextDrillDueAtMs,
  validateDrillSchedulePolicy,
  type DrillSchedulePolicy,
  type DrillScheduledRunReport,
  type DrillScheduleStateStore,
} from './drillSchedule';

export interface ScheduledDrillOptions {
  readonly worldId: string;
  readonly nodeId: string;
  readonly scheduledAtMs: number;
  readonly policy: DrillSchedulePolicy;
  readonly scheduleStateStore: DrillScheduleStateStore;
  readonly alertStateStore: RollbackAlertStateStore;
  readonly governanceStateStore: GovernanceStateStore;
  readonly governanceAuditStore: GovernanceAuditStore;
  /** Defaults to `original`. */
  readonly profile?: Profile;
}

export async function runScheduledRecoveryDrill(opts: ScheduledDrillOptions): Promise<DrillScheduledRunReport> {
  validateDrillSchedulePolicy(opts.policy);
  const { worldId, nodeId } = normalizeKey(opts.worldId, opts.nodeId);
  const at = opts.scheduledAtMs;
  let state = await opts.scheduleStateStore.loadState(worldId, nodeId);
  if (opts.profile === 'hardened' && state.lastDrillAtMs !== null && state.lastDrillAtMs > at) {
    state = { lastDrillAtMs: at };
    await opts.scheduleStateStore.saveState(worldId, nodeId, state);
  }
  const base = { worldId, nodeId, scheduledAtMs: at };
  if (!isDrillDue(state, at, opts.policy)) {
    // Not due implies a last drill exists.
    const nextDueAtMs = nextDrillDueAtMs(state.lastDrillAtMs ?? at, opts.policy);
    return { ...base, drillDue: false, drillExecuted: false, nextDueAtMs, drillReport: null };
  }
  const drillReport = await runGovernanceRecoveryDrill({
    worldId,
    nodeId,
    drillAtMs: at,
    recentAuditLimit: opts.policy.recentAuditLimit,
    alertStateStore: opts.alertStateStore,
    governanceStateStore: opts.governanceStateStore,
    governanceAuditStore: opts.governanceAuditStore,
  });
  await opts.scheduleStateStore.saveState(worldId, nodeId, { lastDrillAtMs: at });
  return { ...base, drillDue: true, drillExecuted: true, nextDueAtMs: nextDrillDueAtMs(at, opts.policy), drillReport };
}

export interface ArchiveDrillRunReport {
  readonly pruneReport: AuditPruneReport;
  readonly drillRunReport: DrillScheduledRunReport;
  /** Hardened with a lease only: another node held it, so nothing was pruned, drilled or saved. */
  readonly leaseRefused?: true;
}

/** Hardened: the replay lease of (world, node) to hold while rewriting the archive and schedule. */
export interface ArchiveLease {
  readonly coordinator: ScheduleCoordinator;
  readonly coordinatorNodeId: string;
  readonly leaseTtlMs: number;
}

export interface ArchiveRetentionAndDrillOptions extends Omit<ScheduledDrillOptions, 'policy'> {
  readonly retentionPolicy: AuditRetentionPolicy;
  readonly drillSchedulePolicy: DrillSchedulePolicy;
  /** The prune target; tests pass the same instance as `governanceAuditStore`. */
  readonly retentionStore: GovernanceAuditRetentionStore;
  /** Hardened only; without it the writes are unguarded (a fenced storage then refuses them). */
  readonly lease?: ArchiveLease;
}

/** Prune (P1) on every call, then the scheduled drill (S1 when due). A failed prune stops the drill. */
export async function runArchiveRetentionAndDrillSchedule(
  opts: ArchiveRetentionAndDrillOptions,
): Promise<ArchiveDrillRunReport> {
  if (opts.profile !== 'hardened' || opts.lease === undefined) return pruneThenDrill(opts);
  validateAuditRetentionPolicy(opts.retentionPolicy);
  validateDrillSchedulePolicy(opts.drillSchedulePolicy);
  validateLeaseTtl(opts.lease.leaseTtlMs);
  const { coordinator, coordinatorNodeId, leaseTtlMs } = opts.lease;
  const leaseKey = replayLeaseKey(opts.worldId, opts.nodeId);
  if (!(await coordinator.acquire(leaseKey, coordinatorNodeId, opts.scheduledAtMs, leaseTtlMs))) return refusedReport(opts);
  try {
    return await pruneThenDrill(opts);
  } finally {
    await coordinator.release(leaseKey, coordinatorNodeId).catch(() => undefined);
  }
}

/** What a node without the lease reports, from reads only. */
async function refusedReport(opts: ArchiveRetentionAndDrillOptions): Promise<ArchiveDrillRunReport> {
  const { worldId, nodeId } = normalizeKey(opts.worldId, opts.nodeId);
  const before = (await opts.retentionStore.list(worldId, nodeId)).length;
  const state = await opts.scheduleStateStore.loadState(worldId, nodeId);
  const last = state.lastDrillAtMs;
  return {
    pruneReport: { worldId, nodeId, prunedAtMs: opts.scheduledAtMs, before, after: before, prunedByAge: 0, prunedByCapacity: 0 },
    drillRunReport: {
      worldId,
      nodeId,
      scheduledAtMs: opts.scheduledAtMs,
      drillDue: isDrillDue(state, opts.scheduledAtMs, opts.drillSchedulePolicy),
      drillExecuted: false,
      nextDueAtMs: last === null ? null : nextDrillDueAtMs(last, opts.drillSchedulePolicy),
      drillReport: null,
    },
    leaseRefused: true,
  };
}

async function pruneThenDrill(opts: ArchiveRetentionAndDrillOptions): Promise<ArchiveDrillRunReport> {
  if (opts.profile === 'hardened') {
    validateAuditRetentionPolicy(opts.retentionPolicy);
    validateDrillSchedulePolicy(opts.drillSchedulePolicy);
    normalizeKey(opts.worldId, opts.nodeId);
  }
  const pruneReport = await pruneGovernanceAuditArchive({
    worldId: opts.worldId,
    nodeId: opts.nodeId,
    prunedAtMs: opts.scheduledAtMs,
    retentionPolicy: opts.retentionPolicy,
    retentionStore: opts.retentionStore,
    profile: opts.profile,
  });
  const drillRunReport = await runScheduledRecoveryDrill({ ...opts, policy: opts.drillSchedulePolicy });
  return { pruneReport, drillRunReport };
}

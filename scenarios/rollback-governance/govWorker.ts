// A worker's governed run (spec B §4.2, P3.32): `runReplayWithGovernanceArchive` for the tick's
// target, with part A's stores and coordinator as the pipeline's factory gives them to the worker
// (a recorder of its own, so its lease holds reach the pipeline ledger) and part B's stores behind
// RPC proxies: `original` the plain stores, `hardened` the journaled storage through
// `bindHardenedGovernanceStores` with the fence of this worker's own fenced coordinator. Each run
// goes into the governance ledger with the global time it started and the clock reading it used.
import {
  bindHardenedGovernanceStores,
  fenceSourceOf,
  runReplayWithGovernanceArchive,
  type GovernanceArchiveRunOptions,
  type GovernanceAuditRetentionStore,
  type GovernanceStateStore,
  type GovernanceStoragePort,
  type GovernanceWorkerStores,
  type PolicyAuditStore,
  type ReplayPolicyStore,
  type RollbackAlertStateStore,
  type DrillScheduleStateStore,
} from '../../core/exports-governance';
import type { AlertSink, WorkerReplayStores } from '../../core/exports-replay';
import { remoteObject, type NodeContext } from '../../sim/index';
import { baseWorkerStores, WorkerRecorder, type PipelineRuntime, type WorkerTickContext } from '../pipeline/index';
import type { GovernanceAddOn } from './governance';
import { GOVERNANCE_SERVICES } from './govHost';
import { governanceSinkFor } from './govSink';

/** What one worker incarnation uses for its governed runs. */
interface WorkerGovernance {
  readonly replay: WorkerReplayStores;
  readonly gov: GovernanceWorkerStores;
  readonly sink: AlertSink;
}

const perIncarnation = new WeakMap<NodeContext, WorkerGovernance>();

function governanceStoresFor(ctx: NodeContext, runtime: PipelineRuntime, base: WorkerReplayStores): GovernanceWorkerStores {
  const host = runtime.options.storeHost;
  const remote = <T extends object>(service: string): T => remoteObject<T>(ctx.transport, host, service) as unknown as T;
  if (runtime.profile === 'hardened') {
    return bindHardenedGovernanceStores(remote<GovernanceStoragePort>(GOVERNANCE_SERVICES.storage), fenceSourceOf(base.coordinator));
  }
  const archive = remote<GovernanceAuditRetentionStore>(GOVERNANCE_SERVICES.archive);
  return {
    replayPolicyStore: remote<ReplayPolicyStore>(GOVERNANCE_SERVICES.policy),
    policyAuditStore: remote<PolicyAuditStore>(GOVERNANCE_SERVICES.policyAudit),
    alertStateStore: remote<RollbackAlertStateStore>(GOVERNANCE_SERVICES.alertState),
    governanceStateStore: remote<GovernanceStateStore>(GOVERNANCE_SERVICES.governanceState),
    governanceAuditStore: archive,
    retentionStore: archive,
    scheduleStateStore: remote<DrillScheduleStateStore>(GOVERNANCE_SERVICES.schedule),
    commitPort: null,
  };
}

export function workerGovernance(addOn: GovernanceAddOn, ctx: NodeContext, runtime: PipelineRuntime): WorkerGovernance {
  let w = perIncarnation.get(ctx);
  if (w === undefined) {
    const base = baseWorkerStores(ctx, runtime);
    const rec = new WorkerRecorder(ctx, runtime, base);
    w = { replay: rec.stores, gov: governanceStoresFor(ctx, runtime, base), sink: governanceSinkFor(ctx, runtime, addOn.ledger) };
    perIncarnation.set(ctx, w);
  }
  return w;
}

export function governedRunOptions(addOn: GovernanceAddOn, w: WorkerGovernance, ctx: NodeContext, target: string, nowMs: number): GovernanceArchiveRunOptions {
  const o = addOn.input.pipeline;
  const c = addOn.input.config;
  return {
    worldId: o.worldId,
    targetNodeId: target,
    coordinatorNodeId: ctx.id,
    nowMs,
    fallbackPolicy: c.fallbackPolicy,
    rollbackGuard: c.rollbackGuard,
    ...c.bounds,
    ...c.guard,
    ...w.replay,
    leaseTtlMs: o.leaseTtlMs,
    replayIntervalMs: addOn.input.replayIntervalMs ?? o.replayIntervalMs,
    ...w.gov,
    commitPort: w.gov.commitPort ?? undefined,
    rollbackAlertPolicy: c.alertPolicy,
    governancePolicy: c.governancePolicy,
    alertSink: w.sink,
    profile: addOn.input.profile,
  };
}

const describeError = (e: unknown): string => (e instanceof Error ? `${e.name}: ${e.message}` : String(e));

/** The `workerTick` hook: one governed run for the tick's target. */
export async function governedTick(addOn: GovernanceAddOn, tick: WorkerTickContext): Promise<void> {
  const { ctx, runtime, target } = tick;
  const sim = runtime.sim;
  const w = workerGovernance(addOn, ctx, runtime);
  const nowMs = ctx.clock.nowMs();
  const run = addOn.ledger.startRun({
    worker: ctx.id, incarnation: ctx.incarnation, target, startStep: sim.steps, startMs: sim.nowMs, nowMs, offsetMs: nowMs - sim.clockEpochMs - sim.nowMs,
  });
  try {
    const r = await runReplayWithGovernanceArchive(governedRunOptions(addOn, w, ctx, target, nowMs));
    if (!ctx.alive) return;
    addOn.ledger.endRun(run, sim.steps, r, null);
    ctx.record('governance.run', { target, nowMs, replayed: r.replayed, rolledBack: r.rolledBack, alertEmitted: r.alertEmitted, level: r.level, policy: r.policy });
  } catch (e) {
    if (ctx.alive) addOn.ledger.endRun(run, sim.steps, null, describeError(e));
    throw e;
  }
}

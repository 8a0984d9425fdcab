// One replay run of a worker for one target, through the spec entry the options choose (P3.25
// priority, P3.26 fair, P3.27 adaptive, P3.28 guarded). The caller-held values the spec leaves to
// the caller (`last_replay_at_ms` of P3.25, the current policy of P3.27/28) live in the worker
// incarnation's memory and are lost on restart, as in the spec (§14.14, §14.19).
import {
  aggregateRecentMetrics,
  recommendFromSnapshot,
  runAdaptiveReplay,
  runGuardedAdaptiveReplay,
  runReplayScheduleCoordinated,
  runReplayScheduleCoordinatedWithStateStore,
  type LastReplayCell,
  type ReplayPolicy,
} from '../../core/exports-replay';
import type { NodeContext } from '../../sim/index';
import { entryAt } from './options';
import { newRunContext, type RunContext, type WorkerRecorder } from './recording';
import type { PipelineRuntime } from './runtime';

/** What a worker incarnation keeps for its replay runs. */
export interface CallerState {
  readonly lastCells: Map<string, LastReplayCell>;
  readonly policies: Map<string, ReplayPolicy>;
}

export const newCallerState = (): CallerState => ({ lastCells: new Map(), policies: new Map() });

/** The unguarded recommendation from the first four reads of a recommend call (§10.1 order). */
function unguardedFrom(run: RunContext, current: ReplayPolicy, runtime: PipelineRuntime): ReplayPolicy | null {
  const { states, lists, pendingCounts, metrics } = run.reads;
  if (states.length === 0 || lists.length === 0 || pendingCounts.length === 0 || metrics.length === 0) return null;
  const bounds = runtime.options.adaptive.bounds;
  const snap = { state: states[0], deadLetters: lists[0], pendingCount: pendingCounts[0], metrics: aggregateRecentMetrics(metrics[0], bounds.metricsLookback) };
  return recommendFromSnapshot(current, bounds, snap);
}

async function adaptiveRun(ctx: NodeContext, runtime: PipelineRuntime, rec: WorkerRecorder, caller: CallerState, run: RunContext, guarded: boolean): Promise<number> {
  const o = runtime.options;
  const current = caller.policies.get(run.target) ?? o.adaptive.initialPolicy;
  const nowMs = ctx.clock.nowMs();
  const input = {
    ...rec.stores, worldId: o.worldId, targetNodeId: run.target, coordinatorNodeId: ctx.id, leaseTtlMs: o.leaseTtlMs,
    nowMs, replayIntervalMs: o.replayIntervalMs, current, ...o.adaptive.bounds,
  };
  const result = guarded ? await runGuardedAdaptiveReplay({ ...input, ...o.adaptive.guard }) : await runAdaptiveReplay(input);
  run.policy = result.policy;
  for (const b of run.batches) b.policy = result.policy;
  caller.policies.set(run.target, result.policy);
  const sim = runtime.sim;
  runtime.ledger.recordPolicy({
    worker: ctx.id, incarnation: ctx.incarnation, target: run.target, step: sim.steps, timeMs: sim.nowMs, clockMs: nowMs,
    current, adopted: result.policy, recommended: unguardedFrom(run, current, runtime),
    lastReplayAtMs: guarded ? (run.reads.states[1]?.lastReplayAtMs ?? null) : null,
  });
  return result.replayed;
}

/** Runs the replay entry in force now for `target`; returns the count replayed. */
export async function replayOnce(ctx: NodeContext, runtime: PipelineRuntime, rec: WorkerRecorder, caller: CallerState, target: string): Promise<number> {
  const o = runtime.options;
  const entry = entryAt(o, runtime.sim.nowMs);
  const run = newRunContext(entry, target, entry === 'priority' || entry === 'fair' ? o.replayPolicy : null);
  rec.run = run;
  try {
    const base = { ...rec.stores, worldId: o.worldId, targetNodeId: target, coordinatorNodeId: ctx.id, leaseTtlMs: o.leaseTtlMs, replayIntervalMs: o.replayIntervalMs };
    switch (entry) {
      case 'priority': {
        let last = caller.lastCells.get(target);
        if (last === undefined) caller.lastCells.set(target, (last = { lastReplayAtMs: null }));
        return await runReplayScheduleCoordinated({ ...base, nowMs: ctx.clock.nowMs(), maxReplay: o.replayPolicy.maxReplayPerRun, last });
      }
      case 'fair':
        return await runReplayScheduleCoordinatedWithStateStore({ ...base, nowMs: ctx.clock.nowMs(), policy: o.replayPolicy });
      case 'adaptive':
      case 'guarded':
        return await adaptiveRun(ctx, runtime, rec, caller, run, entry === 'guarded');
    }
  } finally {
    rec.run = null;
    runtime.ledger.touch();
  }
}

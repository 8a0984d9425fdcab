// A worker's loop: every tick (its own jitter), if it is a target it runs the spec's coordinated
// reconcile with recovery, ACK retry, dead letters and metrics export for its own data (lease key
// = the world, §7.1), then one replay run for the next target in round-robin order (replay lease
// key per target, §8.4/§9.5), then any extension work. Every error is caught and recorded as a
// failed run: the spec's entries surface store and transport errors to their caller.
import { DEFAULT_ALERT_POLICY, InMemoryReconcileScheduleStore, runCoordinatedReconcileWithRecoveryAndExport, type AlertSink } from '../../core/exports-replay';
import type { NodeContext } from '../../sim/index';
import { INITIAL_RECONCILE_STATE, reconcileStepFor, type ReconcileState } from './reconcile';
import { WorkerRecorder } from './recording';
import { newCallerState, replayOnce } from './replayRun';
import type { PipelineRuntime } from './runtime';
import { sinkFor } from './sink';
import { baseWorkerStores } from './workerStores';

const describeError = (e: unknown): string => (e instanceof Error ? `${e.name}: ${e.message}` : String(e));

async function attempt(ctx: NodeContext, runtime: PipelineRuntime, kind: 'reconcile' | 'replay' | 'extension', target: string, fn: () => Promise<unknown>): Promise<void> {
  let error: string | null = null;
  try {
    await fn();
  } catch (e) {
    error = describeError(e);
  }
  if (!ctx.alive) return;
  const sim = runtime.sim;
  runtime.ledger.recordRun({ worker: ctx.id, incarnation: ctx.incarnation, kind, target, step: sim.steps, timeMs: sim.nowMs, ok: error === null, error });
  if (error !== null) ctx.record('pipeline.run', { kind, target, error });
}

function reconcileRunner(ctx: NodeContext, runtime: PipelineRuntime, rec: WorkerRecorder, sink: AlertSink): () => Promise<unknown> {
  const o = runtime.options;
  const scheduleStore = new InMemoryReconcileScheduleStore<ReconcileState>(() => INITIAL_RECONCILE_STATE);
  const reconcile = reconcileStepFor(runtime, ctx.id, runtime.workerRngs[ctx.id].fork('reports'));
  return () =>
    runCoordinatedReconcileWithRecoveryAndExport({
      worldId: o.worldId, nodeId: ctx.id, nowMs: ctx.clock.nowMs(), reconcile, scheduleStore, alertPolicy: DEFAULT_ALERT_POLICY,
      sink, recoveryStore: rec.stores.recoveryStore, retryPolicy: o.retryPolicy, deadLetterStore: rec.stores.deadLetterStore,
      coordinator: rec.stores.coordinator, leaseTtlMs: o.leaseTtlMs, writer: rec.stores.writer,
    });
}

/** The worker part of a node's program; returns when global time reaches `endMs`. */
export async function runWorker(ctx: NodeContext, runtime: PipelineRuntime): Promise<void> {
  const o = runtime.options;
  const rng = runtime.workerRngs[ctx.id];
  const rec = new WorkerRecorder(ctx, runtime, baseWorkerStores(ctx, runtime));
  const sink = sinkFor(ctx, runtime);
  const caller = newCallerState();
  const reconcileOnce = o.targets.includes(ctx.id) ? reconcileRunner(ctx, runtime, rec, sink) : null;
  let next = o.workers.indexOf(ctx.id) + ctx.incarnation - 1;
  for (;;) {
    await ctx.sleep(o.tickMs + rng.between(0, o.tickJitterMs));
    if (runtime.sim.nowMs >= o.endMs) return;
    if (reconcileOnce !== null) await attempt(ctx, runtime, 'reconcile', ctx.id, reconcileOnce);
    const target = o.targets[next % o.targets.length];
    next += 1;
    if (runtime.extensions.replacesReplay !== true) await attempt(ctx, runtime, 'replay', target, () => replayOnce(ctx, runtime, rec, caller, target));
    const tick = runtime.extensions.workerTick;
    if (tick !== undefined) await attempt(ctx, runtime, 'extension', target, () => tick({ ctx, runtime, stores: rec.stores, sink, target, rng }));
  }
}

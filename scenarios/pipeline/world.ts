// Builds the replay-pipeline world into a scenario's sim: the workers, the store host (shared
// stores + lease store or fenced lease service, served over RPC), the alert sink with its outage
// windows, the ledger and the view the checkers read. Scenarios call `addPipelineWorld` from
// their `build`, then pick invariants from `scenarios/checkers/`.
import type { Profile } from '../../core/ports';
import type { NodeContext, Rng, Sim } from '../../sim/index';
import type { BuildContext } from '../registry';
import { PipelineLedger } from './ledger';
import { pipelineNodes, resolvePipelineOptions, type PipelineOptions, type PipelineOptionsInput, type TimeWindow } from './options';
import type { PipelineExtensions, PipelineRuntime } from './runtime';
import { runSink } from './sink';
import { runStoreHost } from './storeHost';
import { PipelineViewReader, type PipelineView } from './view';
import { runWorker } from './worker';

export interface PipelineWorld {
  readonly runtime: PipelineRuntime;
  readonly options: PipelineOptions;
  readonly profile: Profile;
  readonly ledger: PipelineLedger;
  /** The shared stores as every reader sees them after the current step. */
  view(): PipelineView;
}

/** What a pipeline scenario's state holds; scenarios built on top extend it. */
export interface PipelineState {
  readonly pipeline: PipelineWorld;
}

/** Two outages inside the workload, each 250–600 ms, drawn from `rng`. */
export function drawSinkOutages(rng: Rng, o: PipelineOptions): TimeWindow[] {
  const span = Math.max(1, o.workloadUntilMs - 100);
  const out: TimeWindow[] = [];
  for (let i = 0; i < 2; i++) {
    const fromMs = 100 + Math.floor((span * i) / 2) + rng.between(0, Math.floor(span / 4));
    out.push({ fromMs, untilMs: Math.min(fromMs + rng.between(250, 600), o.workloadUntilMs) });
  }
  return out.filter((w) => w.untilMs > w.fromMs);
}

function nodeProgram(runtime: PipelineRuntime) {
  const o = runtime.options;
  return async (ctx: NodeContext): Promise<void> => {
    if (ctx.id === o.storeHost) await runStoreHost(ctx, runtime);
    if (ctx.id === o.sinkHost) runSink(ctx, runtime);
    if (o.workers.includes(ctx.id)) ctx.spawn('worker', () => runWorker(ctx, runtime));
    runtime.extensions.nodeBoot?.(ctx);
  };
}

export interface AddPipelineInput {
  readonly sim: Sim;
  readonly profile: Profile;
  readonly rng: Rng;
  readonly healAtMs: number | null;
}

/** Adds the world's nodes to `sim` (which must have none of them yet) and returns the world. */
export function addPipelineWorld(input: AddPipelineInput, options: PipelineOptionsInput = {}, extensions: PipelineExtensions = {}): PipelineWorld {
  const o = resolvePipelineOptions(options);
  const { sim, profile, rng } = input;
  const ledger = new PipelineLedger();
  const runtime: PipelineRuntime = {
    sim,
    profile,
    options: o,
    ledger,
    extensions,
    sinkOutages: o.sinkOutages ?? drawSinkOutages(rng.fork('sink-outages'), o),
    healAtMs: input.healAtMs,
    workerRngs: Object.fromEntries(o.workers.map((w) => [w, rng.fork(`worker/${w}`)])),
    hostIncarnation: null,
  };
  sim.configureNet({ requestTimeoutMs: o.rpcTimeoutMs, latency: { kind: 'uniform', minMs: 1, maxMs: 4 } });
  const program = nodeProgram(runtime);
  for (const id of pipelineNodes(o)) sim.addNode(id, { program });
  // The outages as used (drawn or given), so a run with them made explicit records the same line.
  sim.record(null, 'pipeline.world', { options: { ...o, sinkOutages: runtime.sinkOutages }, sinkOutages: runtime.sinkOutages });
  const reader = new PipelineViewReader(sim, o, profile);
  return { runtime, options: o, profile, ledger, view: () => reader.read() };
}

/** `addPipelineWorld` from a scenario's BuildContext (heal time from its plan). */
export function pipelineFromBuild(ctx: BuildContext, options: PipelineOptionsInput = {}, extensions: PipelineExtensions = {}): PipelineWorld {
  return addPipelineWorld({ sim: ctx.sim, profile: ctx.profile, rng: ctx.rng, healAtMs: ctx.plan.healAtMs ?? null }, options, extensions);
}

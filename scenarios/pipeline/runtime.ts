// The harness object one pipeline world shares between its node programs and its checkers:
// the sim, the profile, the resolved options, the ledger, the store host's current objects (for
// workers on the same node) and the extension hooks. It lives outside the nodes, so it survives
// crashes; node programs never keep state in it that a real node would lose.
import type { Profile } from '../../core/ports';
import type { ReplayStores, WorkerReplayStores } from '../../core/exports-replay';
import type { AlertSink } from '../../core/exports-replay';
import type { NodeContext, Rng, Sim } from '../../sim/index';
import type { PipelineLedger } from './ledger';
import type { PipelineOptions, TimeWindow } from './options';
import type { HostContext } from './storeHost';

/** What a worker tick hands to an extension. */
export interface WorkerTickContext {
  readonly ctx: NodeContext;
  readonly runtime: PipelineRuntime;
  /** This incarnation's store view (recording wrapper included). */
  readonly stores: WorkerReplayStores;
  readonly sink: AlertSink;
  /** The target this tick's replay run handled. */
  readonly target: string;
  /** The worker's own stream (continues across restarts). */
  readonly rng: Rng;
}

/** Hooks for scenarios built on the pipeline world (e.g. governance on top of replay). */
export interface PipelineExtensions {
  /** Extra services served by the store host (built at every boot, after the replay stores). */
  readonly hostServices?: (host: HostContext) => Promise<Record<string, object>> | Record<string, object>;
  /** Extra work at the end of every worker tick; errors are recorded as run failures, not thrown. */
  readonly workerTick?: (tick: WorkerTickContext) => Promise<void>;
  /** The extension's `workerTick` is the tick's replay run: the pipeline runs no replay entry of its own. */
  readonly replacesReplay?: boolean;
  /** Extra software on every node of the world, started at each boot after the pipeline's own parts. */
  readonly nodeBoot?: (ctx: NodeContext) => void;
}

export interface HostIncarnation {
  readonly incarnation: number;
  readonly stores: ReplayStores;
  /** Every served object by service name (replay services plus extensions). */
  readonly objects: Readonly<Record<string, object>>;
}

export interface PipelineRuntime {
  readonly sim: Sim;
  readonly profile: Profile;
  readonly options: PipelineOptions;
  readonly ledger: PipelineLedger;
  readonly extensions: PipelineExtensions;
  /** The sink outage windows in force (options, or drawn from the seed). */
  readonly sinkOutages: readonly TimeWindow[];
  /** Start of the plan's heal phase, or null. */
  readonly healAtMs: number | null;
  /** One stream per worker, forked once at build. */
  readonly workerRngs: Readonly<Record<string, Rng>>;
  /** The store host's live objects (null before the first boot completes). */
  hostIncarnation: HostIncarnation | null;
}

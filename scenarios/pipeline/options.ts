// The replay-pipeline world's options: topology, which node hosts the shared stores, the
// workload's knobs, the replay entry point, sink outages. Every field has a documented default;
// `resolvePipelineOptions` validates once and throws a RangeError naming the bad field.
import type { AckRetryPolicy, AdaptiveBounds, GuardBounds, ReplayPolicy } from '../../core/index';

/** Which spec entry point the workers use for replay runs. */
export type ReplayEntry =
  /** P3.25 `runReplayScheduleCoordinated`: priority order, caller-held `last` (spec A §8.4). */
  | 'priority'
  /** P3.26 `runReplayScheduleCoordinatedWithStateStore`: fair selection, shared state (§9.5). */
  | 'fair'
  /** P3.27 `runAdaptiveReplay` (§10.2). */
  | 'adaptive'
  /** P3.28 `runGuardedAdaptiveReplay` (§11.4). */
  | 'guarded';

/** A window of global virtual time, `[fromMs, untilMs)`. */
export interface TimeWindow {
  readonly fromMs: number;
  readonly untilMs: number;
}

export interface AdaptiveOptions {
  readonly bounds: AdaptiveBounds;
  readonly guard: GuardBounds;
  /** Each caller's policy at boot (and again after every restart, spec §14.14). */
  readonly initialPolicy: ReplayPolicy;
}

export interface PipelineOptions {
  /** Worker nodes running the pipeline. Default n1, n2, n3. */
  readonly workers: readonly string[];
  /** Node holding the lease store and the targets' shared stores (served over RPC). Default `storage`. */
  readonly storeHost: string;
  /** Node serving the alert sink. Default: the store host. */
  readonly sinkHost: string;
  /** Default `w1`. */
  readonly worldId: string;
  /** Nodes whose alerts and dead letters the pipeline handles; each must be a worker (it emits its own). Default: all workers. */
  readonly targets: readonly string[];
  /** Root directory of the store files on the store host. Default `/data/replay`. */
  readonly storeRoot: string;
  /** Replay entry used outside `priorityPhase`. Default `fair`. */
  readonly replayEntry: ReplayEntry;
  /** While global time is inside this window, replays use the P3.25 priority entry. Default null. */
  readonly priorityPhase: TimeWindow | null;
  /** ACK retry policy of every emit run. Default {4, 2, 60}: small, so outages make dead letters. */
  readonly retryPolicy: AckRetryPolicy;
  /** Policy of the `priority` and `fair` entries. Default {2, 1}. */
  readonly replayPolicy: ReplayPolicy;
  /** `adaptive` / `guarded` entries only. */
  readonly adaptive: AdaptiveOptions;
  /** A worker's loop runs every `tickMs` plus a jitter in [0, tickJitterMs]. Default 90 + 40. */
  readonly tickMs: number;
  readonly tickJitterMs: number;
  /** Reconcile interval of each worker (one report per due run). Default 150. */
  readonly reconcileEveryMs: number;
  /** Replay interval (`replay_interval_ms`). Default 120. */
  readonly replayIntervalMs: number;
  /** Lease TTL of reconcile and replay runs. Default 400. */
  readonly leaseTtlMs: number;
  /** Reports each target raises while the workload runs (each report raises 1 or 2 alerts). Default 10. */
  readonly reportsPerTarget: number;
  /** New reports stop after this global time. Default 1800. */
  readonly workloadUntilMs: number;
  /** Workers stop ticking at this global time (the run then goes quiet). Default 4200. */
  readonly endMs: number;
  /** Global-time windows in which the sink rejects every alert. Default: drawn from the seed. */
  readonly sinkOutages: readonly TimeWindow[] | null;
  /** RPC timeout of the network unless the plan sets one. Default 150. */
  readonly rpcTimeoutMs: number;
}

export const DEFAULT_ADAPTIVE: AdaptiveOptions = {
  bounds: { metricsLookback: 6, minReplayPerRun: 1, maxReplayPerRun: 6, maxRetryLimitExceededStreak: 4 },
  guard: { policyCooldownMs: 100, maxReplayStepChange: 2, maxRetryStreakStepChange: 1 },
  initialPolicy: { maxReplayPerRun: 2, maxRetryLimitExceededStreak: 2 },
};

export const DEFAULT_PIPELINE_OPTIONS: PipelineOptions = {
  workers: ['n1', 'n2', 'n3'],
  storeHost: 'storage',
  sinkHost: 'storage',
  worldId: 'w1',
  targets: ['n1', 'n2', 'n3'],
  storeRoot: '/data/replay',
  replayEntry: 'fair',
  priorityPhase: null,
  retryPolicy: { maxPendingAlerts: 4, maxRetryAttempts: 2, retryBackoffMs: 60 },
  replayPolicy: { maxReplayPerRun: 2, maxRetryLimitExceededStreak: 1 },
  adaptive: DEFAULT_ADAPTIVE,
  tickMs: 90,
  tickJitterMs: 40,
  reconcileEveryMs: 150,
  replayIntervalMs: 120,
  leaseTtlMs: 400,
  reportsPerTarget: 10,
  workloadUntilMs: 1800,
  endMs: 4200,
  sinkOutages: null,
  rpcTimeoutMs: 150,
};

/** Options as a caller may give them: any subset; `targets` defaults to the workers given. */
export type PipelineOptionsInput = Partial<PipelineOptions>;

const positiveInt = (v: number, field: string): void => {
  if (!(Number.isInteger(v) && v > 0)) throw new RangeError(`pipeline.${field} must be a positive integer, got ${v}`);
};

function validateWindows(windows: readonly TimeWindow[] | null, field: string): void {
  (windows ?? []).forEach((w, i) => {
    if (!(Number.isInteger(w.fromMs) && Number.isInteger(w.untilMs) && w.fromMs >= 0 && w.untilMs > w.fromMs)) {
      throw new RangeError(`pipeline.${field}[${i}] must have integers 0 <= fromMs < untilMs, got ${JSON.stringify(w)}`);
    }
  });
}

/** Fills defaults and validates; the nodes named must be distinct where they must be. */
export function resolvePipelineOptions(input: PipelineOptionsInput = {}): PipelineOptions {
  const workers = input.workers ?? DEFAULT_PIPELINE_OPTIONS.workers;
  const o: PipelineOptions = { ...DEFAULT_PIPELINE_OPTIONS, targets: workers, ...input, workers };
  if (o.workers.length === 0 || new Set(o.workers).size !== o.workers.length) {
    throw new RangeError(`pipeline.workers must be distinct and non-empty, got ${JSON.stringify(o.workers)}`);
  }
  for (const t of o.targets) if (!o.workers.includes(t)) throw new RangeError(`pipeline.targets names '${t}', which is not a worker`);
  if (o.targets.length === 0) throw new RangeError('pipeline.targets must not be empty');
  for (const k of ['tickMs', 'reconcileEveryMs', 'replayIntervalMs', 'leaseTtlMs', 'reportsPerTarget', 'endMs', 'rpcTimeoutMs'] as const) {
    positiveInt(o[k], k);
  }
  if (!(Number.isInteger(o.tickJitterMs) && o.tickJitterMs >= 0)) throw new RangeError(`pipeline.tickJitterMs must be a non-negative integer, got ${o.tickJitterMs}`);
  if (!(o.workloadUntilMs >= 0 && o.workloadUntilMs <= o.endMs)) {
    throw new RangeError(`pipeline.workloadUntilMs must be within [0, endMs], got ${o.workloadUntilMs}`);
  }
  validateWindows(o.sinkOutages, 'sinkOutages');
  validateWindows(o.priorityPhase === null ? [] : [o.priorityPhase], 'priorityPhase');
  return o;
}

/** Every node of the world, sorted: workers, the store host, the sink host. */
export function pipelineNodes(o: PipelineOptions): string[] {
  return [...new Set([...o.workers, o.storeHost, o.sinkHost])].sort();
}

/** The entry a replay run at global time `nowMs` uses. */
export function entryAt(o: PipelineOptions, nowMs: number): ReplayEntry {
  const p = o.priorityPhase;
  return p !== null && nowMs >= p.fromMs && nowMs < p.untilMs ? 'priority' : o.replayEntry;
}

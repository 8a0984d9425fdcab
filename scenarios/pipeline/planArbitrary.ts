// fast-check plans for the pipeline world's property tests: message loss (and, opt-in,
// duplication), latency spikes, partitions (symmetric and one-way), isolation, crashes of any node
// (timed, or the store host at its k-th write), torn writes, EIO and ENOSPC windows, store-host disk
// latency, clock skew up to seconds. Everything heals at `healAtMs`.
// Duplicated requests and large jumps of the store host's clock were hardened gaps until the core
// fixed them (FIXED_HARDENED_GAPS in scenarios/fair-replay and lease-contention findings); both are
// drawn by default, and can be turned off to bisect (`duplication: false`, `hostSkewMsMax`).
import fc from 'fast-check';
import type { ClockSkew, FaultPlan, FaultStep } from '../../sim/index';

export interface PipelinePlanArbOptions {
  readonly workers: readonly string[];
  readonly storeHost: string;
  readonly healAtMs: number;
  /** Largest clock offset drawn, in ms (jumps and drift stay within it). */
  readonly skewMsMax: number;
  /** Draw message duplication. Default true. */
  readonly duplication?: boolean;
  /** Largest skew drawn for the store host's clock. Default `skewMsMax`. */
  readonly hostSkewMsMax?: number;
  /** Highest k of crash-at-write on the store host. Default 500. */
  readonly writeIndexMax?: number;
}

function skewArb(maxMs: number, healAtMs: number): fc.Arbitrary<ClockSkew> {
  const half = Math.floor(maxMs / 2);
  return fc.oneof(
    fc.record({ kind: fc.constant('fixed' as const), offsetMs: fc.integer({ min: -maxMs, max: maxMs }) }),
    fc.record({ kind: fc.constant('linear' as const), offsetMs: fc.integer({ min: -half, max: half }), driftPpm: fc.integer({ min: -50_000, max: 50_000 }) }),
    fc.record({ kind: fc.constant('step' as const), offsetMs: fc.integer({ min: -half, max: half }), atMs: fc.integer({ min: 0, max: healAtMs }), jumpMs: fc.integer({ min: -half, max: half }) }),
  );
}

function stepArb(o: PipelinePlanArbOptions): fc.Arbitrary<FaultStep> {
  const nodes = [...o.workers, o.storeHost];
  const node = fc.constantFrom(...nodes);
  const group = fc.subarray(nodes, { minLength: 1, maxLength: nodes.length - 1 });
  const at = fc.integer({ min: 0, max: o.healAtMs - 50 });
  const restartAfterMs = fc.integer({ min: 1, max: 300 });
  const host = fc.constant(o.storeHost);
  return fc.oneof(
    fc.record({ atMs: at, op: fc.constant('crash' as const), node, restartAfterMs }),
    fc.record({ atMs: fc.constant(0), op: fc.constant('crash-at-write' as const), node: host, k: fc.integer({ min: 1, max: o.writeIndexMax ?? 500 }), when: fc.constantFrom('before' as const, 'after' as const), restartAfterMs }),
    fc.record({ atMs: at, op: fc.constant('partition' as const), a: group, b: group }),
    fc.record({ atMs: at, op: fc.constant('partition-oneway' as const), from: group, to: group }),
    fc.record({ atMs: at, op: fc.constant('isolate' as const), node }),
    fc.record({ atMs: at, op: fc.constant('rejoin' as const), node }),
    fc.record({ atMs: at, op: fc.constant('disk' as const), node: host, faults: fc.record({ eioRatio: fc.constantFrom([0, 1] as const, [1, 12] as const, [1, 4] as const) }) }),
    fc.record({ atMs: at, op: fc.constant('disk' as const), node: host, faults: fc.record({ quotaBytes: fc.constantFrom(null, 3000, 8000, 20_000) }) }),
    fc.record({ atMs: at, op: fc.constant('disk' as const), node: host, faults: fc.record({ latencyMsMin: fc.constant(0), latencyMsMax: fc.integer({ min: 0, max: 3 }) }) }),
    fc.record({ atMs: at, op: fc.constant('skew' as const), node: fc.constantFrom(...o.workers), skew: skewArb(o.skewMsMax, o.healAtMs) }),
    fc.record({ atMs: at, op: fc.constant('skew' as const), node: host, skew: skewArb(o.hostSkewMsMax ?? o.skewMsMax, o.healAtMs) }),
  );
}

/** Any plan within the pipeline's fault model, healing at `healAtMs`. */
export function pipelinePlanArb(o: PipelinePlanArbOptions): fc.Arbitrary<FaultPlan> {
  const dup = o.duplication !== false ? fc.constantFrom([0, 1] as const, [1, 10] as const, [1, 4] as const) : fc.constant([0, 1] as const);
  const latency = fc.oneof(
    fc.constant({ kind: 'uniform' as const, minMs: 1, maxMs: 4 }),
    fc.record({ kind: fc.constant('spiky' as const), minMs: fc.constant(1), maxMs: fc.constant(4), spikeRatio: fc.constantFrom([1, 30] as const, [1, 10] as const), spikeMs: fc.integer({ min: 50, max: 500 }) }),
  );
  // Each worker's initial clock: skewed or not.
  const clocks = fc
    .tuple(...o.workers.map((w) => fc.option(skewArb(o.skewMsMax, o.healAtMs).map((s) => [w, s] as const), { nil: null })))
    .map((pairs) => Object.fromEntries(pairs.filter((p) => p !== null)) as Record<string, ClockSkew>);
  // The heal phase turns every fault off, slow disks and latency spikes included.
  const calm: FaultStep[] = [
    { atMs: o.healAtMs, op: 'net', net: { latency: { kind: 'uniform', minMs: 1, maxMs: 4 } } },
    { atMs: o.healAtMs, op: 'disk', node: o.storeHost, faults: { latencyMsMin: 0, latencyMsMax: 0 } },
  ];
  return fc.record({
    version: fc.constant(1 as const),
    net: fc.record({
      lossRatio: fc.constantFrom([0, 1] as const, [1, 25] as const, [1, 8] as const),
      duplicateRatio: dup,
      requestTimeoutMs: fc.constantFrom(150, 300, 800),
      latency,
    }),
    disk: fc.record({ tornWrites: fc.boolean() }),
    clocks,
    steps: fc.array(stepArb(o), { maxLength: 10 }).map((s) => [...s.slice().sort((x, y) => (x.atMs ?? 0) - (y.atMs ?? 0)), ...calm]),
    healAtMs: fc.constant(o.healAtMs),
  });
}

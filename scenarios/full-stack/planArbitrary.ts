// fast-check plans for full-stack's property test: every fault kind over every node, spread over
// the 45 minutes of chaos: message loss and duplication, latency spikes, partitions
// (symmetric and one-way), isolation, crashes of any node (timed, or at the k-th write of any node,
// the store host's count reaching thousands), torn writes, EIO and ENOSPC windows, store-host disk
// latency, clock skew and jumps up to 2 s. Everything heals at FULL_STACK_HEAL_AT_MS.
import fc from 'fast-check';
import type { ClockSkew, FaultPlan, FaultStep } from '../../sim/index';
import { FULL_STACK_HEAL_AT_MS } from './pace';
import { FULL_STACK_NODES, STORE_HOST } from './plan';

const SKEW_MS_MAX = 2000;
const HALF = SKEW_MS_MAX / 2;

const skewArb: fc.Arbitrary<ClockSkew> = fc.oneof(
  fc.record({ kind: fc.constant('fixed' as const), offsetMs: fc.integer({ min: -SKEW_MS_MAX, max: SKEW_MS_MAX }) }),
  fc.record({ kind: fc.constant('linear' as const), offsetMs: fc.integer({ min: -HALF, max: HALF }), driftPpm: fc.integer({ min: -200, max: 200 }) }),
  fc.record({ kind: fc.constant('step' as const), offsetMs: fc.integer({ min: -HALF, max: HALF }), atMs: fc.integer({ min: 0, max: FULL_STACK_HEAL_AT_MS }), jumpMs: fc.integer({ min: -HALF, max: HALF }) }),
);

function stepArb(): fc.Arbitrary<FaultStep> {
  const nodes = FULL_STACK_NODES;
  const node = fc.constantFrom(...nodes);
  const group = fc.subarray([...nodes], { minLength: 1, maxLength: nodes.length - 1 });
  const at = fc.integer({ min: 0, max: FULL_STACK_HEAL_AT_MS - 1000 });
  const restartAfterMs = fc.integer({ min: 1, max: 5000 });
  const host = fc.constant(STORE_HOST);
  const writeAt = fc.oneof(
    fc.record({ node: host, k: fc.integer({ min: 1, max: 6000 }) }),
    fc.record({ node: fc.constantFrom(...nodes.filter((n) => n !== STORE_HOST)), k: fc.integer({ min: 1, max: 300 }) }),
  );
  return fc.oneof(
    fc.record({ atMs: at, op: fc.constant('crash' as const), node, restartAfterMs }),
    fc.tuple(writeAt, fc.constantFrom('before' as const, 'after' as const), restartAfterMs).map(([w, when, r]): FaultStep => ({ atMs: 0, op: 'crash-at-write', node: w.node, k: w.k, when, restartAfterMs: r })),
    fc.record({ atMs: at, op: fc.constant('partition' as const), a: group, b: group }),
    fc.record({ atMs: at, op: fc.constant('partition-oneway' as const), from: group, to: group }),
    fc.record({ atMs: at, op: fc.constant('isolate' as const), node }),
    fc.record({ atMs: at, op: fc.constant('rejoin' as const), node }),
    fc.record({ atMs: at, op: fc.constant('heal-network' as const) }),
    fc.record({ atMs: at, op: fc.constant('disk' as const), node, faults: fc.record({ eioRatio: fc.constantFrom([0, 1] as const, [1, 12] as const, [1, 4] as const) }) }),
    fc.record({ atMs: at, op: fc.constant('disk' as const), node: host, faults: fc.record({ quotaBytes: fc.constantFrom(null, 20_000, 60_000) }) }),
    fc.record({ atMs: at, op: fc.constant('disk' as const), node: host, faults: fc.record({ latencyMsMin: fc.constant(0), latencyMsMax: fc.integer({ min: 0, max: 3 }) }) }),
    fc.record({ atMs: at, op: fc.constant('skew' as const), node, skew: skewArb }),
  );
}

/** Any plan within full-stack's fault model. */
export function fullStackPlanArb(o: { readonly duplication?: boolean } = {}): fc.Arbitrary<FaultPlan> {
  const dup = o.duplication !== false ? fc.constantFrom([0, 1] as const, [1, 40] as const, [1, 10] as const) : fc.constant([0, 1] as const);
  const latency = fc.oneof(
    fc.constant({ kind: 'uniform' as const, minMs: 1, maxMs: 4 }),
    fc.record({ kind: fc.constant('spiky' as const), minMs: fc.constant(1), maxMs: fc.constant(4), spikeRatio: fc.constantFrom([1, 30] as const, [1, 10] as const), spikeMs: fc.integer({ min: 50, max: 500 }) }),
  );
  const clocks = fc
    .tuple(...FULL_STACK_NODES.map((n) => fc.option(skewArb.map((s) => [n, s] as const), { nil: null })))
    .map((pairs) => Object.fromEntries(pairs.filter((p) => p !== null)) as Record<string, ClockSkew>);
  const calm: FaultStep = { atMs: FULL_STACK_HEAL_AT_MS, op: 'net', net: { latency: { kind: 'uniform', minMs: 1, maxMs: 4 } } };
  return fc.record({
    version: fc.constant(1 as const),
    net: fc.record({ lossRatio: fc.constantFrom([0, 1] as const, [1, 80] as const, [1, 20] as const), duplicateRatio: dup, requestTimeoutMs: fc.constantFrom(200, 800), latency }),
    disk: fc.record({ tornWrites: fc.boolean() }),
    clocks,
    steps: fc.array(stepArb(), { maxLength: 14 }).map((s) => [...s.slice().sort((x, y) => (x.atMs ?? 0) - (y.atMs ?? 0)), calm]),
    healAtMs: fc.constant(FULL_STACK_HEAL_AT_MS),
  });
}

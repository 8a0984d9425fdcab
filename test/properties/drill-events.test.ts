// drill-events properties: in the hardened profile, for any seed and any fault plan fast-check
// draws (loss, duplication, partitions, isolation, crashes and crashes at any write on any node,
// torn writes, EIO, ENOSPC, clock skew up to seconds) every invariant holds: cursors never go
// backwards, no event is processed twice, and after heal every published event is processed.
// Bounded by AWSIM_RUNS (default 16); a failure prints the seed, the plan and the command.
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { drillEvents } from '../../scenarios/drill-events/index';
import { NODES } from '../../scenarios/drill-events/topology';
import type { FaultPlan, FaultStep } from '../../sim/index';
import { parseSeed } from '../../sim/rng';

// Decimal or hex (CI passes the commit SHA).
const SEED = parseSeed(process.env.AWSIM_SEED ?? '20261126');
const RUNS = Number(process.env.AWSIM_RUNS ?? 16);
const FC_SEED = Number(BigInt.asUintN(31, BigInt(SEED)));
const HEAL_AT_MS = 1500;

const node = fc.constantFrom(...NODES);
const group = fc.subarray([...NODES], { minLength: 1, maxLength: 4 });
const at = fc.integer({ min: 0, max: HEAL_AT_MS - 50 });
const ratio = fc.constantFrom([1, 2] as const, [1, 5] as const, [1, 20] as const);
const offsetMs = fc.integer({ min: -3000, max: 3000 });

/** One fault, with its undo a little later where it has one. */
const fault: fc.Arbitrary<FaultStep[]> = fc.oneof(
  fc.record({ atMs: at, op: fc.constant('crash' as const), node, restartAfterMs: fc.integer({ min: 1, max: 300 }) }).map((s) => [s]),
  fc
    .record({ atMs: at, op: fc.constant('crash-at-write' as const), node, k: fc.integer({ min: 1, max: 400 }), when: fc.constantFrom('before' as const, 'after' as const), restartAfterMs: fc.integer({ min: 1, max: 300 }) })
    .map((s) => [s]),
  fc.tuple(at, fc.integer({ min: 1, max: 500 }), group, group).map(([t, d, a, b]): FaultStep[] => [
    { atMs: t, op: 'partition', a, b },
    { atMs: t + d, op: 'repair', a, b },
  ]),
  fc.tuple(at, fc.integer({ min: 1, max: 500 }), group, group).map(([t, d, from, to]): FaultStep[] => [
    { atMs: t, op: 'partition-oneway', from, to },
    { atMs: t + d, op: 'repair-oneway', from, to },
  ]),
  fc.tuple(at, fc.integer({ min: 1, max: 500 }), node).map(([t, d, n]): FaultStep[] => [
    { atMs: t, op: 'isolate', node: n },
    { atMs: t + d, op: 'rejoin', node: n },
  ]),
  fc.tuple(at, fc.integer({ min: 1, max: 500 }), node, ratio, fc.subarray(['writeFile', 'appendFile', 'rename', 'fsync', 'readFile'] as const)).map(
    ([t, d, n, eioRatio, ops]): FaultStep[] => [
      { atMs: t, op: 'disk', node: n, faults: { eioRatio, eioOps: ops.length > 0 ? ops : null } },
      { atMs: t + d, op: 'disk', node: n, faults: { eioRatio: [0, 1] } },
    ],
  ),
  fc.tuple(at, fc.integer({ min: 1, max: 500 }), node, fc.integer({ min: 0, max: 30_000 })).map(([t, d, n, quotaBytes]): FaultStep[] => [
    { atMs: t, op: 'disk', node: n, faults: { quotaBytes } },
    { atMs: t + d, op: 'disk', node: n, faults: { quotaBytes: null } },
  ]),
  fc
    .tuple(at, node, offsetMs, fc.integer({ min: -50_000, max: 50_000 }))
    .map(([t, n, o, ppm]): FaultStep[] => [{ atMs: t, op: 'skew', node: n, skew: ppm % 2 === 0 ? { kind: 'fixed', offsetMs: o } : { kind: 'linear', offsetMs: o, driftPpm: ppm } }]),
);

const planArb: fc.Arbitrary<FaultPlan> = fc.record({
  version: fc.constant(1 as const),
  net: fc.record({
    lossRatio: fc.constantFrom([0, 1] as const, [1, 20] as const, [1, 6] as const),
    duplicateRatio: fc.constantFrom([0, 1] as const, [1, 20] as const, [1, 6] as const),
    requestTimeoutMs: fc.constant(150),
  }),
  disk: fc.record({ tornWrites: fc.boolean() }),
  clocks: fc.record({ n1: fc.record({ kind: fc.constant('fixed' as const), offsetMs }), n2: fc.record({ kind: fc.constant('fixed' as const), offsetMs }) }, { requiredKeys: [] }),
  steps: fc.array(fault, { maxLength: 8 }).map((fs) => fs.flat().sort((a, b) => (a.atMs ?? 0) - (b.atMs ?? 0))),
  healAtMs: fc.constant(HEAL_AT_MS),
});

const repro = (seed: number, plan: FaultPlan, profile: string): string =>
  `seed ${seed} profile ${profile}\nplan ${JSON.stringify(plan)}\n  npm run sim -- run --scenario drill-events --seed ${seed} --profile ${profile}  (with this plan as a repro file)`;

describe(`drill-events properties (AWSIM_SEED=${SEED}, AWSIM_RUNS=${RUNS})`, () => {
  test.prop([fc.integer({ min: 0, max: 1_000_000 }), planArb], { numRuns: RUNS, seed: FC_SEED })(
    'hardened: cursors never go backwards, no event is processed twice, every published event is processed after heal',
    async (seed, plan) => {
      const r = await drillEvents.run(String(seed), { profile: 'hardened', plan, trace: { mode: 'off' } });
      if (r.status !== 'pass') {
        const v = r.violations[0];
        throw new Error(`${v ? `${v.invariant} at step ${v.step}: ${v.message}` : `status ${r.status}`}\n${repro(seed, plan, 'hardened')}`);
      }
      expect(r.endReason).toBe('done');
    },
  );

  test.prop([fc.integer({ min: 0, max: 1_000_000 }), planArb, fc.constantFrom('original' as const, 'hardened' as const)], {
    numRuns: Math.max(2, Math.ceil(RUNS / 4)),
    seed: FC_SEED,
  })('a run is a pure function of seed, plan and profile: two runs, one trace hash', async (seed, plan, profile) => {
    const a = await drillEvents.run(String(seed), { profile, plan });
    const b = await drillEvents.run(String(seed), { profile, plan });
    expect(b.traceHash, repro(seed, plan, profile)).toBe(a.traceHash);
  });
});

// Property tests over random fault plans (bounded: a few dozen runs each, small workloads).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findScenario } from '../../scenarios/index';
import { NODES } from '../../scenarios/kernel-selftest/index';
import { DiskModel } from '../../sim/fs/model';
import { createRng, parseSeed } from '../../sim/rng';
import { createSim } from '../../sim/sim';
import { randomPlan, type FaultKind } from '../../sim/planGen';
import { installPlan, validatePlan, type FaultPlan, type FaultStep } from '../../sim/plan';

// Decimal or hex (CI passes the commit SHA).
const SEED = parseSeed(process.env.AWSIM_SEED ?? '20261126');
const RUNS = Number(process.env.AWSIM_RUNS ?? 40);
const selftest = findScenario('kernel-selftest')!;

const node = fc.constantFrom(...NODES);
const group = fc.subarray([...NODES], { minLength: 1, maxLength: 3 });
const at = fc.integer({ min: 0, max: 1400 });
const step: fc.Arbitrary<FaultStep> = fc.oneof(
  fc.record({ atMs: at, op: fc.constant('crash' as const), node, restartAfterMs: fc.integer({ min: 1, max: 300 }) }),
  fc.record({ atMs: at, op: fc.constant('crash-at-write' as const), node, k: fc.integer({ min: 1, max: 60 }), when: fc.constantFrom('before' as const, 'after' as const), restartAfterMs: fc.integer({ min: 1, max: 300 }) }),
  fc.record({ atMs: at, op: fc.constant('partition' as const), a: group, b: group }),
  fc.record({ atMs: at, op: fc.constant('partition-oneway' as const), from: group, to: group }),
  fc.record({ atMs: at, op: fc.constant('isolate' as const), node }),
  fc.record({ atMs: at, op: fc.constant('disk' as const), node, faults: fc.record({ eioRatio: fc.constantFrom([0, 1] as const, [1, 10] as const, [1, 3] as const) }) }),
  fc.record({ atMs: at, op: fc.constant('skew' as const), node, skew: fc.record({ kind: fc.constant('fixed' as const), offsetMs: fc.integer({ min: -200, max: 200 }) }) }),
);
/** Any plan within the fault model: everything heals at 1500 ms. */
const planArb: fc.Arbitrary<FaultPlan> = fc.record({
  version: fc.constant(1 as const),
  net: fc.record({ lossRatio: fc.constantFrom([0, 1] as const, [1, 10] as const), duplicateRatio: fc.constantFrom([0, 1] as const, [1, 10] as const), requestTimeoutMs: fc.constant(200) }),
  disk: fc.record({ tornWrites: fc.boolean() }),
  steps: fc.array(step, { maxLength: 8 }).map((s) => s.slice().sort((x, y) => (x.atMs ?? 0) - (y.atMs ?? 0))),
  healAtMs: fc.constant(1500),
});

describe(`properties over random fault plans (AWSIM_SEED=${SEED})`, () => {
  it('hardened kernel-selftest holds every invariant under any plan within the fault model', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 1_000_000 }), planArb, async (seed, plan) => {
        const r = await selftest.run(String(seed), { plan });
        expect(r.violations).toEqual([]);
        expect(r.status).toBe('pass');
      }),
      { numRuns: RUNS, seed: Number(BigInt(SEED) % 2_147_483_647n) },
    );
  });

  it('a run is a pure function of seed and plan: two runs, one trace hash', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 1_000_000 }), planArb, fc.constantFrom('original' as const, 'hardened' as const), async (seed, plan, profile) => {
        const a = await selftest.run(String(seed), { plan, profile });
        const b = await selftest.run(String(seed), { plan, profile });
        expect(b.traceHash).toBe(a.traceHash);
      }),
      { numRuns: Math.ceil(RUNS / 2), seed: Number(BigInt(SEED) % 2_147_483_647n) },
    );
  });

  it('generated swarm plans are valid and install cleanly', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), fc.subarray(['crash', 'crash-at-write', 'partition', 'oneway', 'isolate', 'skew', 'disk', 'loss', 'dup'] as FaultKind[]), (seed, kinds) => {
        const plan = randomPlan(createRng(String(seed)), { nodes: NODES, healAtMs: 1000, kinds });
        validatePlan(plan, NODES);
        const sim = createSim({ seed: String(seed), trace: { mode: 'off' } });
        for (const n of NODES) sim.addNode(n);
        installPlan(sim, plan);
      }),
      { numRuns: 200 },
    );
  });

  it('after any sequence of fs ops, a crash leaves exactly the durable contents shown before it', () => {
    const path = fc.constantFrom('/d/a', '/d/b', '/d/c');
    const op = fc.oneof(
      fc.record({ k: fc.constant('write' as const), path, data: fc.string({ maxLength: 6 }) }),
      fc.record({ k: fc.constant('append' as const), path, data: fc.string({ maxLength: 6 }) }),
      fc.record({ k: fc.constant('fsync' as const), path }),
      fc.record({ k: fc.constant('fsyncDir' as const) }),
      fc.record({ k: fc.constant('rename' as const), path, to: path }),
      fc.record({ k: fc.constant('unlink' as const), path }),
      fc.record({ k: fc.constant('crash' as const) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 30 }), (ops) => {
        const m = new DiskModel();
        m.mkdir('/d', false, true);
        for (const o of [...ops, { k: 'crash' as const }]) {
          try {
            if (o.k === 'write' || o.k === 'append') m.write(o.path, o.data, o.k === 'append');
            else if (o.k === 'fsync') m.fsync(o.path);
            else if (o.k === 'fsyncDir') m.fsync('/d');
            else if (o.k === 'rename') m.rename(o.path, o.to);
            else if (o.k === 'unlink') m.unlink(o.path);
            else {
              const expected = m.inspect().filter((f) => f.durable !== null).map((f) => [f.path, f.durable]);
              m.crash(null);
              const after = m.inspect().map((f) => [f.path, f.current]);
              expect(after).toEqual(expected);
              expect(m.inspect().every((f) => !f.unsynced)).toBe(true);
            }
          } catch (e) {
            if (!(e instanceof Error && e.name === 'FsError')) throw e;
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});

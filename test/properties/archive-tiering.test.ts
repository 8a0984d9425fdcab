// archive-tiering properties over fast-check-drawn fault plans: message loss and duplication,
// partitions, isolation, crashes of any node (timed, or at its k-th write — inside appends,
// prunes and offloads), torn writes, EIO and ENOSPC windows, storage disk latency (interleaved
// store calls), clock skew up to seconds (offsets and jumps); everything heals at 1500 ms.
//  - hardened: every invariant holds, every worker finishes, the archive settles — with the
//    registered deployment (the core's tiered prune) and with B's prune alone under the tiers' lock;
//  - original: whatever fails is an archive invariant, never the harness (no process throws);
//  - a run is a pure function of seed and plan.
// EIO is drawn for every fs op, fsync included (a failed fsync followed by a crash was a gap of the
// hardened design, fixed in core: FIXED_HARDENED_GAPS in scenarios/archive-tiering/findings.ts);
// AWSIM_ARCHIVE_FSYNC_EIO=0 leaves fsync out.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { archiveTiering, ARCHIVE_TIERING_INVARIANTS, createArchiveTieringScenario } from '../../scenarios/archive-tiering/index';
import { NODES, STORAGE, WORKERS } from '../../scenarios/archive-tiering/config';
import type { ClockSkew, FaultPlan, FaultStep, FsOpName } from '../../sim/index';
import { propertyEnv } from '../support/propertyEnv';

const FILE = 'test/properties/archive-tiering.test.ts';
const env = propertyEnv({ file: FILE, defaultRuns: 40 });
const HEAL_AT_MS = 1500;
const FSYNC_EIO = process.env.AWSIM_ARCHIVE_FSYNC_EIO !== '0';
const EIO_OPS: readonly FsOpName[] | null = FSYNC_EIO ? null : ['readFile', 'writeFile', 'appendFile', 'rename', 'unlink', 'mkdir', 'readdir', 'stat'];

const node = fc.constantFrom(...NODES);
const group = fc.subarray([...NODES], { minLength: 1, maxLength: 3 });
const at = fc.integer({ min: 0, max: HEAL_AT_MS - 50 });
const restartAfterMs = fc.integer({ min: 1, max: 300 });
const skew: fc.Arbitrary<ClockSkew> = fc.oneof(
  fc.record({ kind: fc.constant('fixed' as const), offsetMs: fc.integer({ min: -3000, max: 3000 }) }),
  fc.record({ kind: fc.constant('linear' as const), offsetMs: fc.integer({ min: -500, max: 500 }), driftPpm: fc.integer({ min: -50_000, max: 50_000 }) }),
  fc.record({ kind: fc.constant('step' as const), offsetMs: fc.integer({ min: -1000, max: 1000 }), atMs: at, jumpMs: fc.integer({ min: -2000, max: 2000 }) }),
);
const step: fc.Arbitrary<FaultStep> = fc.oneof(
  fc.record({ atMs: at, op: fc.constant('crash' as const), node, restartAfterMs }),
  fc.record({ atMs: fc.constant(0), op: fc.constant('crash-at-write' as const), node: fc.constant(STORAGE), k: fc.integer({ min: 1, max: 900 }), when: fc.constantFrom('before' as const, 'after' as const), restartAfterMs }),
  fc.record({ atMs: fc.constant(0), op: fc.constant('crash-at-write' as const), node: fc.constantFrom(...WORKERS), k: fc.integer({ min: 1, max: 60 }), when: fc.constantFrom('before' as const, 'after' as const), restartAfterMs }),
  fc.record({ atMs: at, op: fc.constant('partition' as const), a: group, b: group }),
  fc.record({ atMs: at, op: fc.constant('partition-oneway' as const), from: group, to: group }),
  fc.record({ atMs: at, op: fc.constant('isolate' as const), node }),
  fc.record({ atMs: at, op: fc.constant('rejoin' as const), node }),
  fc.record({ atMs: at, op: fc.constant('disk' as const), node, faults: fc.record({ eioRatio: fc.constantFrom([0, 1] as const, [1, 10] as const, [1, 4] as const), eioOps: fc.constant(EIO_OPS) }) }),
  fc.record({ atMs: at, op: fc.constant('disk' as const), node: fc.constant(STORAGE), faults: fc.record({ quotaBytes: fc.constantFrom(null, 2000, 6000, 12_000) }) }),
  fc.record({ atMs: at, op: fc.constant('disk' as const), node: fc.constant(STORAGE), faults: fc.record({ latencyMsMin: fc.constant(0), latencyMsMax: fc.integer({ min: 0, max: 3 }) }) }),
  fc.record({ atMs: at, op: fc.constant('skew' as const), node, skew }),
);

/** Any plan within the fault model. */
const archivePlanArb: fc.Arbitrary<FaultPlan> = fc.record({
  version: fc.constant(1 as const),
  net: fc.record({
    lossRatio: fc.constantFrom([0, 1] as const, [1, 20] as const, [1, 8] as const),
    duplicateRatio: fc.constantFrom([0, 1] as const, [1, 10] as const, [1, 4] as const),
    requestTimeoutMs: fc.constantFrom(100, 150, 400),
  }),
  disk: fc.record({ tornWrites: fc.boolean() }),
  clocks: fc.record({ n1: skew, n2: skew, n3: skew }, { requiredKeys: [] }),
  steps: fc.array(step, { maxLength: 10 }).map((s) => s.slice().sort((x, y) => (x.atMs ?? 0) - (y.atMs ?? 0))),
  healAtMs: fc.constant(HEAL_AT_MS),
});

const seedArb = fc.integer({ min: 0, max: 1_000_000 });

describe(`archive-tiering properties (${env.tag})`, () => {
  it('hardened holds every invariant for any seed and plan, and every worker finishes', async () => {
    await fc.assert(
      fc.asyncProperty(seedArb, archivePlanArb, async (seed, plan) => {
        const r = await archiveTiering.run(String(seed), { plan, trace: { mode: 'off' } });
        env.expectHolds(r);
        expect(r.endReason).toBe('done');
      }),
      env.params(),
    );
  });

  it('hardened holds with B\'s prune alone under the tiers\' lock (the offload\'s recovery survives a prune that ignores it)', async () => {
    const retentionOnly = createArchiveTieringScenario({ prune: 'retention-only' }, 'archive-tiering-retention-only');
    await fc.assert(
      fc.asyncProperty(seedArb, archivePlanArb, async (seed, plan) => {
        const r = await retentionOnly.run(String(seed), { plan, trace: { mode: 'off' } });
        env.expectHolds(r);
        expect(r.endReason).toBe('done');
      }),
      env.params({ numRuns: Math.max(1, Math.ceil(env.runs / 2)) }),
    );
  });

  it('original fails only archive invariants, never the harness', async () => {
    const archiveInvariants = ARCHIVE_TIERING_INVARIANTS.filter((i) => i.kind === 'safety').map((i) => i.name);
    await fc.assert(
      fc.asyncProperty(seedArb, archivePlanArb, async (seed, plan) => {
        const r = await archiveTiering.run(String(seed), { profile: 'original', plan, trace: { mode: 'off' }, stopOnViolation: false });
        expect(r.errors).toEqual([]);
        for (const v of r.violations) expect(archiveInvariants).toContain(v.invariant);
      }),
      env.params({ numRuns: Math.max(1, Math.ceil(env.runs / 4)) }),
    );
  });

  it('a run is a pure function of seed and plan: two runs, one trace hash', async () => {
    await fc.assert(
      fc.asyncProperty(seedArb, archivePlanArb, fc.constantFrom('original' as const, 'hardened' as const), async (seed, plan, profile) => {
        const a = await archiveTiering.run(String(seed), { plan, profile });
        const b = await archiveTiering.run(String(seed), { plan, profile });
        expect(b.traceHash).toBe(a.traceHash);
      }),
      env.params({ numRuns: Math.max(1, Math.ceil(env.runs / 8)) }),
    );
  });
});

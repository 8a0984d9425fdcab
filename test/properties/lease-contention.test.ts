// lease-contention properties over fast-check-drawn fault plans (scenarios/pipeline/planArbitrary.ts:
// loss, latency spikes past the 250 ms TTL, partitions, isolation, crashes of any node or of the
// store host at any write, torn writes, EIO and ENOSPC windows, disk latency, skew up to 3 s —
// offsets, drift and jumps; heal at 2600 ms):
//  - hardened: every invariant holds for any seed and plan;
//  - original: whatever fails is a pipeline invariant, never the harness (no process throws);
//  - a run is a pure function of seed and plan.
// Message duplication and store-host clock jumps (former hardened gaps, now fixed in the core) are
// drawn too; AWSIM_PIPELINE_DUP=0 or AWSIM_PIPELINE_HOST_SKEW=<ms> narrow the fault model to bisect.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { leaseContention, LEASE_CONTENTION_DEFAULTS, LEASE_CONTENTION_HEAL_AT_MS } from '../../scenarios/lease-contention/index';
import { pipelineInvariants, pipelinePlanArb, resolvePipelineOptions } from '../../scenarios/pipeline/index';
import { propertyEnv } from '../support/propertyEnv';

const FILE = 'test/properties/lease-contention.test.ts';
const env = propertyEnv({ file: FILE, defaultRuns: 30 });
const o = resolvePipelineOptions(LEASE_CONTENTION_DEFAULTS);
const planArb = pipelinePlanArb({ workers: o.workers, storeHost: o.storeHost, healAtMs: LEASE_CONTENTION_HEAL_AT_MS, skewMsMax: 3000, duplication: process.env.AWSIM_PIPELINE_DUP !== '0', hostSkewMsMax: process.env.AWSIM_PIPELINE_HOST_SKEW === undefined ? undefined : Number(process.env.AWSIM_PIPELINE_HOST_SKEW) });
const seedArb = fc.integer({ min: 0, max: 1_000_000 });
const INVARIANTS = [...pipelineInvariants().map((i) => i.name), 'processes-do-not-throw'];

describe(`lease-contention properties (${env.tag})`, () => {
  it('hardened holds every invariant for any seed and plan', async () => {
    await fc.assert(
      fc.asyncProperty(seedArb, planArb, async (seed, plan) => {
        env.expectHolds(await leaseContention.run(String(seed), { plan, trace: { mode: 'off' } }));
      }),
      env.params(),
    );
  });

  it('original fails only pipeline invariants, never the harness', async () => {
    await fc.assert(
      fc.asyncProperty(seedArb, planArb, async (seed, plan) => {
        const r = await leaseContention.run(String(seed), { profile: 'original', plan, trace: { mode: 'off' }, stopOnViolation: false });
        expect(r.errors).toEqual([]);
        for (const v of r.violations) expect(INVARIANTS).toContain(v.invariant);
      }),
      env.params({ numRuns: Math.max(1, Math.ceil(env.runs / 4)) }),
    );
  });

  it('a run is a pure function of seed and plan: two runs, one trace hash', async () => {
    await fc.assert(
      fc.asyncProperty(seedArb, planArb, fc.constantFrom('original' as const, 'hardened' as const), async (seed, plan, profile) => {
        const a = await leaseContention.run(String(seed), { plan, profile });
        const b = await leaseContention.run(String(seed), { plan, profile });
        expect(b.traceHash).toBe(a.traceHash);
      }),
      env.params({ numRuns: Math.max(1, Math.ceil(env.runs / 10)) }),
    );
  });
});

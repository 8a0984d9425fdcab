// adaptive-guard properties over fast-check-drawn fault plans (scenarios/pipeline/planArbitrary.ts:
// loss, latency spikes, partitions, isolation, crashes of any node or of the store host at any
// write, torn writes, EIO and ENOSPC windows, disk latency, skew up to 2 s; heal at 2600 ms):
//  - hardened: every invariant holds for any seed and plan, policy bounds, steps and cooldown included;
//  - original: whatever fails is a pipeline invariant, never the harness (no process throws);
//  - a run is a pure function of seed and plan.
// Message duplication and store-host clock jumps (former hardened gaps, now fixed in the core) are
// drawn too; AWSIM_PIPELINE_DUP=0 or AWSIM_PIPELINE_HOST_SKEW=<ms> narrow the fault model to bisect.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ADAPTIVE_GUARD_DEFAULTS, adaptiveGuard, ADAPTIVE_GUARD_HEAL_AT_MS } from '../../scenarios/adaptive-guard/index';
import { pipelineInvariants, pipelinePlanArb, resolvePipelineOptions } from '../../scenarios/pipeline/index';
import { propertyEnv } from '../support/propertyEnv';

const FILE = 'test/properties/adaptive-guard.test.ts';
const env = propertyEnv({ file: FILE, defaultRuns: 30 });
const o = resolvePipelineOptions(ADAPTIVE_GUARD_DEFAULTS);
const planArb = pipelinePlanArb({ workers: o.workers, storeHost: o.storeHost, healAtMs: ADAPTIVE_GUARD_HEAL_AT_MS, skewMsMax: 2000, duplication: process.env.AWSIM_PIPELINE_DUP !== '0', hostSkewMsMax: process.env.AWSIM_PIPELINE_HOST_SKEW === undefined ? undefined : Number(process.env.AWSIM_PIPELINE_HOST_SKEW) });
const seedArb = fc.integer({ min: 0, max: 1_000_000 });
const INVARIANTS = [...pipelineInvariants({ policy: true }).map((i) => i.name), 'processes-do-not-throw'];

describe(`adaptive-guard properties (${env.tag})`, () => {
  it('hardened holds every invariant for any seed and plan', async () => {
    await fc.assert(
      fc.asyncProperty(seedArb, planArb, async (seed, plan) => {
        env.expectHolds(await adaptiveGuard.run(String(seed), { plan, trace: { mode: 'off' } }));
      }),
      env.params(),
    );
  });

  it('original fails only pipeline invariants, never the harness', async () => {
    await fc.assert(
      fc.asyncProperty(seedArb, planArb, async (seed, plan) => {
        const r = await adaptiveGuard.run(String(seed), { profile: 'original', plan, trace: { mode: 'off' }, stopOnViolation: false });
        expect(r.errors).toEqual([]);
        for (const v of r.violations) expect(INVARIANTS).toContain(v.invariant);
      }),
      env.params({ numRuns: Math.max(1, Math.ceil(env.runs / 4)) }),
    );
  });

  it('a run is a pure function of seed and plan: two runs, one trace hash', async () => {
    await fc.assert(
      fc.asyncProperty(seedArb, planArb, fc.constantFrom('original' as const, 'hardened' as const), async (seed, plan, profile) => {
        const a = await adaptiveGuard.run(String(seed), { plan, profile });
        const b = await adaptiveGuard.run(String(seed), { plan, profile });
        expect(b.traceHash).toBe(a.traceHash);
      }),
      env.params({ numRuns: Math.max(1, Math.ceil(env.runs / 10)) }),
    );
  });
});

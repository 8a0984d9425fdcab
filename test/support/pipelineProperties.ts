// The three properties every pipeline scenario (fair-replay, lease-contention, adaptive-guard)
// checks over fast-check-drawn fault plans (scenarios/pipeline/planArbitrary.ts):
//  - hardened: every invariant holds for any seed and plan;
//  - original: whatever fails is a pipeline invariant, never the harness (no process throws);
//  - a run is a pure function of seed and plan.
// Message duplication and store-host clock jumps (former hardened gaps, now fixed in the core) are
// drawn too; AWSIM_PIPELINE_DUP=0 or AWSIM_PIPELINE_HOST_SKEW=<ms> narrow the fault model to bisect.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pipelinePlanArb, type PipelineOptions } from '../../scenarios/pipeline/index';
import type { Scenario } from '../../scenarios/registry';
import { propertyEnv } from './propertyEnv';

export interface PipelinePropertiesSpec {
  /** The test file, repo-relative, for the repro command. */
  readonly file: string;
  readonly scenario: Scenario;
  readonly options: PipelineOptions;
  readonly healAtMs: number;
  readonly skewMsMax: number;
  /** Names of the invariants an original run may violate (besides nothing else). */
  readonly invariants: readonly string[];
  /** What the hardened claim adds, for its test name. */
  readonly hardenedClaim?: string;
  readonly defaultRuns?: number;
}

export function describePipelineProperties(spec: PipelinePropertiesSpec): void {
  const env = propertyEnv({ file: spec.file, defaultRuns: spec.defaultRuns ?? 30 });
  const hostSkew = process.env.AWSIM_PIPELINE_HOST_SKEW;
  const planArb = pipelinePlanArb({
    workers: spec.options.workers,
    storeHost: spec.options.storeHost,
    healAtMs: spec.healAtMs,
    skewMsMax: spec.skewMsMax,
    duplication: process.env.AWSIM_PIPELINE_DUP !== '0',
    hostSkewMsMax: hostSkew === undefined ? undefined : Number(hostSkew),
  });
  const seedArb = fc.integer({ min: 0, max: 1_000_000 });
  const allowed = [...spec.invariants, 'processes-do-not-throw'];
  const scenario = spec.scenario;

  describe(`${scenario.name} properties (${env.tag})`, () => {
    it(`hardened holds every invariant for any seed and plan${spec.hardenedClaim ?? ''}`, async () => {
      await fc.assert(
        fc.asyncProperty(seedArb, planArb, async (seed, plan) => {
          env.expectHolds(await scenario.run(String(seed), { plan, trace: { mode: 'off' } }));
        }),
        env.params(),
      );
    });

    it('original fails only pipeline invariants, never the harness', async () => {
      await fc.assert(
        fc.asyncProperty(seedArb, planArb, async (seed, plan) => {
          const r = await scenario.run(String(seed), { profile: 'original', plan, trace: { mode: 'off' }, stopOnViolation: false });
          expect(r.errors).toEqual([]);
          for (const v of r.violations) expect(allowed).toContain(v.invariant);
        }),
        env.params({ numRuns: Math.max(1, Math.ceil(env.runs / 4)) }),
      );
    });

    it('a run is a pure function of seed and plan: two runs, one trace hash', async () => {
      await fc.assert(
        fc.asyncProperty(seedArb, planArb, fc.constantFrom('original' as const, 'hardened' as const), async (seed, plan, profile) => {
          const a = await scenario.run(String(seed), { plan, profile });
          const b = await scenario.run(String(seed), { plan, profile });
          expect(b.traceHash).toBe(a.traceHash);
        }),
        env.params({ numRuns: Math.max(1, Math.ceil(env.runs / 10)) }),
      );
    });
  });
}

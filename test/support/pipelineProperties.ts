// The three properties every pipeline scenario (fair-replay, lease-contention, adaptive-guard)
// checks over fast-check-drawn fault plans (scenarios/pipeline/planArbitrary.ts) and workloads
// (`pipelineWorkloadArb`: reports per target and the sink outages, so fast-check's own shrinking
// shrinks the workload too; the run's scenario is built from them as a repro file builds it):
//  - hardened: every invariant holds for any seed, plan and workload;
//  - original: whatever fails is a pipeline invariant, never the harness (no process throws);
//  - a run is a pure function of seed, plan and workload.
// Message duplication and store-host clock jumps (former hardened gaps, now fixed in the core) are
// drawn too; AWSIM_PIPELINE_DUP=0 or AWSIM_PIPELINE_HOST_SKEW=<ms> narrow the fault model to bisect.
import fc from 'fast-check';
import { describe } from 'vitest';
import { pipelinePlanArb, type PipelineOptions, type PipelineOptionsInput, type TimeWindow } from '../../scenarios/pipeline/index';
import type { Scenario } from '../../scenarios/registry';
import { itHardenedHolds, itOriginalFailsOnly, itPureFunction, type DrawnRuns } from './drawnRunProperties';
import { propertyEnv } from './propertyEnv';

export interface PipelineWorkloadArbOptions {
  /** Reports per target drawn in 1..this (the scenario's default: never a bigger workload). */
  readonly reportsPerTargetMax: number;
  /** Outages start before this (the scenario's workloadUntilMs). */
  readonly workloadUntilMs: number;
  readonly outageMsMin: number;
  readonly outageMsMax: number;
  /** Default 3. */
  readonly outagesMax?: number;
}

/** The workload knobs as pipeline options; shrinks towards one report per target and no outages. */
export function pipelineWorkloadArb(o: PipelineWorkloadArbOptions): fc.Arbitrary<PipelineOptionsInput> {
  const outage = fc
    .record({ fromMs: fc.integer({ min: 0, max: o.workloadUntilMs - 1 }), lengthMs: fc.integer({ min: o.outageMsMin, max: o.outageMsMax }) })
    .map(({ fromMs, lengthMs }): TimeWindow => ({ fromMs, untilMs: fromMs + lengthMs }));
  return fc.record({
    reportsPerTarget: fc.integer({ min: 1, max: o.reportsPerTargetMax }),
    sinkOutages: fc.array(outage, { maxLength: o.outagesMax ?? 3 }).map((ws) => [...ws].sort((a, b) => a.fromMs - b.fromMs)),
  });
}

export interface PipelinePropertiesSpec {
  /** The test file, repo-relative, for the repro command. */
  readonly file: string;
  readonly scenario: Scenario;
  readonly options: PipelineOptions;
  readonly healAtMs: number;
  readonly skewMsMax: number;
  /** Default: up to the scenario's reports per target, 0-3 outages of 250-600 ms in its workload. */
  readonly workload?: PipelineWorkloadArbOptions;
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
  const workloadArb = pipelineWorkloadArb(
    spec.workload ?? { reportsPerTargetMax: spec.options.reportsPerTarget, workloadUntilMs: spec.options.workloadUntilMs, outageMsMin: 250, outageMsMax: 600 },
  );
  const allowed = [...spec.invariants, 'processes-do-not-throw'];
  const runs: DrawnRuns = { env, scenario: spec.scenario.name, seedArb, planArb, workloadArb };

  describe(`${spec.scenario.name} properties (${env.tag})`, () => {
    itHardenedHolds(runs, `hardened holds every invariant for any seed, plan and workload${spec.hardenedClaim ?? ''}`);
    itOriginalFailsOnly(runs, 'original fails only pipeline invariants, never the harness', allowed, 4);
    itPureFunction(runs, 10);
  });
}

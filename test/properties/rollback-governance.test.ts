// rollback-governance properties over fast-check-drawn fault plans (scenarios/pipeline/planArbitrary:
// loss, duplication, latency spikes, partitions, isolation, crashes of any node or of the store
// host at any write, torn writes, EIO and ENOSPC windows, disk latency, clock skew and jumps up to
// 2 s; heal at 5000 ms) and workloads (reports per target, sink outages of 600-1500 ms: fast-check
// shrinks them too, and a failure's repro carries them as scenarioOptions):
//  - hardened: rollback-guard, governance-transitions, decision-audit, alert-dedup, rollback-clock
//    and governance-progress hold for any seed and plan (governance-escalation is a design
//    limitation of spec B, B 8.3, checked only by the rollback-governance-oscillation variant);
//  - original: whatever fails is a governance invariant, never the harness (no process throws);
//  - a run is a pure function of seed, plan and workload.
import fc from 'fast-check';
import { describe, it } from 'vitest';
import type { ScenarioOptions } from '../../cli/reproScenario';
import { GOVERNED_PIPELINE, rollbackGovernance, ROLLBACK_GOVERNANCE_HEAL_AT_MS, softenMessageFaults } from '../../scenarios/rollback-governance/index';
import { pipelinePlanArb, resolvePipelineOptions } from '../../scenarios/pipeline/index';
import { itHardenedHolds, itOriginalFailsOnly, itPureFunction, type DrawnRuns } from '../support/drawnRunProperties';
import { pipelineWorkloadArb } from '../support/pipelineProperties';
import { propertyEnv } from '../support/propertyEnv';

const FILE = 'test/properties/rollback-governance.test.ts';
const env = propertyEnv({ file: FILE, defaultRuns: 24 });
const o = resolvePipelineOptions(GOVERNED_PIPELINE);
// Loss and duplication four times rarer than the pipeline's draws (a governed run makes ~25 calls
// without retries): most runs still complete, so there are decisions, rollbacks and alerts to check.
const planArb = pipelinePlanArb({ workers: o.workers, storeHost: o.storeHost, healAtMs: ROLLBACK_GOVERNANCE_HEAL_AT_MS, skewMsMax: 2000, duplication: true }).map(softenMessageFaults);
const seedArb = fc.integer({ min: 0, max: 1_000_000 });
const workloadArb: fc.Arbitrary<ScenarioOptions> = pipelineWorkloadArb({ reportsPerTargetMax: o.reportsPerTarget, workloadUntilMs: o.workloadUntilMs, outageMsMin: 600, outageMsMax: 1500 }).map((pipeline) => ({ pipeline }));
const runs: DrawnRuns = { env, scenario: 'rollback-governance', seedArb, planArb, workloadArb };
const INVARIANTS = ['rollback-guard', 'governance-transitions', 'decision-audit', 'alert-dedup', 'rollback-clock', 'governance-progress', 'processes-do-not-throw'];

describe(`rollback-governance properties (${env.tag})`, () => {
  itHardenedHolds(runs, 'hardened holds every governance invariant for any seed, plan and workload');

  it('hardened holds on the seed-drawn plans of the scenario itself', async () => {
    await fc.assert(
      fc.asyncProperty(seedArb, async (seed) => {
        env.expectHolds(await rollbackGovernance.run(String(seed), { trace: { mode: 'off' } }));
      }),
      env.params({ numRuns: Math.max(1, Math.ceil(env.runs / 2)) }),
    );
  });

  itOriginalFailsOnly(runs, 'original fails only governance invariants, never the harness', INVARIANTS, 4);
  itPureFunction(runs, 8);
});

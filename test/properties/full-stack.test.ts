// full-stack properties over fast-check-drawn fault plans (scenarios/full-stack/planArbitrary.ts:
// loss, duplication, latency spikes, partitions, one-way cuts, isolation, crashes of any node, crash at any
// write of any node, torn writes, EIO and ENOSPC windows, disk latency, skew and clock jumps up to
// 2 s, over 45 minutes of chaos, then heal) and pipeline workloads (reports per target, sink
// outages of 4-10 minutes: fast-check shrinks them too, and a failure's repro carries them as
// scenarioOptions): hardened holds every invariant of every world for any seed, plan and workload.
// Each run simulates an hour; the whole file stays within about a minute.
import fc from 'fast-check';
import { describe, it } from 'vitest';
import type { ScenarioOptions } from '../../cli/reproScenario';
import { FULL_STACK_PIPELINE, MINUTE, WORKLOAD_UNTIL_MS } from '../../scenarios/full-stack/pace';
import { fullStack } from '../../scenarios/full-stack/index';
import { fullStackPlanArb } from '../../scenarios/full-stack/planArbitrary';
import { itHardenedHolds, itOriginalFailsOnly, type DrawnRuns } from '../support/drawnRunProperties';
import { pipelineWorkloadArb } from '../support/pipelineProperties';
import { propertyEnv } from '../support/propertyEnv';

const FILE = 'test/properties/full-stack.test.ts';
const env = propertyEnv({ file: FILE, defaultRuns: 12 });
const planArb = fullStackPlanArb();
const seedArb = fc.integer({ min: 0, max: 1_000_000 });
const workloadArb: fc.Arbitrary<ScenarioOptions> = pipelineWorkloadArb({
  reportsPerTargetMax: FULL_STACK_PIPELINE.reportsPerTarget ?? 30,
  workloadUntilMs: WORKLOAD_UNTIL_MS,
  outageMsMin: 4 * MINUTE,
  outageMsMax: 10 * MINUTE,
}).map((pipeline) => ({ pipeline }));
const runs: DrawnRuns = { env, scenario: 'full-stack', seedArb, planArb, workloadArb, timeoutMs: 300_000 };

describe(`full-stack properties (${env.tag})`, () => {
  itHardenedHolds(runs, 'hardened holds every invariant of every world for any seed, plan and workload');

  it('hardened holds on the seed-drawn plans of the scenario itself', async () => {
    await fc.assert(
      fc.asyncProperty(seedArb, async (seed) => {
        env.expectHolds(await fullStack.run(String(seed), { trace: { mode: 'off' } }));
      }),
      env.params({ numRuns: Math.max(1, Math.ceil(env.runs / 3)) }),
    );
  }, 300_000);

  itOriginalFailsOnly(runs, 'original never breaks the harness (no process throws)', null, 6);
});

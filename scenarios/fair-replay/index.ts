// fair-replay: sink outages make retry-limit and capacity-evicted dead letters; workers replay
// them with the P3.26 fair coordinated entry over the store host's shared stores, while the
// seed's plan crashes workers and the store host (at any write), drops, duplicates and delays
// messages, partitions, fails disk ops and skews clocks a little. Options can put a window of
// P3.25 priority replay in (`priorityPhase`) so the starvation weak point shows (A §14.9).
import type { FaultPlan, Rng } from '../../sim/index';
import { pipelineFromBuild, pipelineInvariants, pipelinePlan, resolvePipelineOptions, type PipelineOptionsInput, type PipelineState } from '../pipeline/index';
import { defineScenario, type Scenario } from '../registry';

export const FAIR_REPLAY = 'fair-replay';
export const FAIR_REPLAY_HEAL_AT_MS = 2600;

export function fairReplayPlan(rng: Rng, options: PipelineOptionsInput = {}): FaultPlan {
  return pipelinePlan(rng, resolvePipelineOptions(options), { healAtMs: FAIR_REPLAY_HEAL_AT_MS, skewMsMax: 200 });
}

export function makeFairReplay(options: PipelineOptionsInput = {}): Scenario {
  const resolved = resolvePipelineOptions(options);
  return defineScenario<PipelineState>({
    name: FAIR_REPLAY,
    description: 'sink outages make dead letters; 3 workers replay them fairly (P3.26) over RPC stores under crashes, loss, partitions',
    defaultSeed: '1',
    limits: { maxSteps: 60_000, untilMs: resolved.endMs + 1000 },
    plan: (_seed, rng) => fairReplayPlan(rng, options),
    build: (ctx) => ({ state: { pipeline: pipelineFromBuild(ctx, options) }, invariants: pipelineInvariants() }),
  });
}

export const fairReplay = makeFairReplay();

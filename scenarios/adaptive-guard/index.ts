// adaptive-guard: the guarded adaptive replay (P3.28, spec A §11.4) on the pipeline world. Each
// worker keeps its own current policy per target (caller-held, reset to the initial policy on
// restart, §14.14) and adopts what the guard returns; sink outages swing the backlog and the
// delivery metrics so the recommendation moves. The plan crashes and restarts workers, loses and
// duplicates messages and skews clocks a little. Invariants: fair-replay's plus policy bounds,
// step limits and the cooldown the guard read.
import type { FaultPlan, Rng } from '../../sim/index';
import { pipelineFromBuild, pipelineInvariants, pipelinePlan, resolvePipelineOptions, type PipelineOptions, type PipelineOptionsInput, type PipelineState } from '../pipeline/index';
import { defineScenario, type Scenario } from '../registry';

export const ADAPTIVE_GUARD = 'adaptive-guard';
export const ADAPTIVE_GUARD_HEAL_AT_MS = 2600;

export const ADAPTIVE_GUARD_DEFAULTS: PipelineOptionsInput = { replayEntry: 'guarded' };

export interface AdaptiveGuardOptions extends PipelineOptionsInput {
  /** Also check that no caller's policy is frozen longer than this (spec §14.13). Default: not checked. */
  readonly policyFreezeAfterMs?: number;
}

export function adaptiveGuardPlan(rng: Rng, o: PipelineOptions): FaultPlan {
  return pipelinePlan(rng, o, {
    healAtMs: ADAPTIVE_GUARD_HEAL_AT_MS,
    kinds: ['crash', 'crash-at-write', 'partition', 'loss', 'dup', 'skew', 'disk'],
    skewMsMax: 200,
  });
}

export function makeAdaptiveGuard(options: AdaptiveGuardOptions = {}): Scenario {
  const { policyFreezeAfterMs, ...rest } = options;
  const input = { ...ADAPTIVE_GUARD_DEFAULTS, ...rest };
  const resolved = resolvePipelineOptions(input);
  return defineScenario<PipelineState>({
    name: ADAPTIVE_GUARD,
    description: 'guarded adaptive replay (P3.28): caller-held policies within bounds, step limits and cooldown, under crashes and skew',
    defaultSeed: '1',
    limits: { maxSteps: 60_000, untilMs: resolved.endMs + 1000 },
    plan: (_seed, rng) => adaptiveGuardPlan(rng, resolved),
    build: (ctx) => ({
      state: { pipeline: pipelineFromBuild(ctx, input) },
      invariants: pipelineInvariants({ policy: true, policyFreezeAfterMs }),
    }),
  });
}

export const adaptiveGuard = makeAdaptiveGuard();

// Cooldown window and drift guard (spec A §11), pure parts and the read-only guarded recommendation.
import { normalizeKey } from '../../common/ids';
import { satAdd, satSub, satSubI64 } from '../../common/saturating';
import { recommendReplayPolicy, type RecommendInput } from '../adaptive/recommend';
import type { ReplayPolicy, ReplayScheduleState } from '../types';
import { validateGuardBounds, type GuardBounds } from '../validation';

/**
 * `clamp_usize_delta`: move from `current` toward `target` by at most `step`, i.e. `target` clamped
 * into [current - step, current + step] (saturating). The same as the spec's three cases (equal,
 * below, above) for a usize step, without a branch whose mutants change nothing at `current == target`.
 */
export function stepToward(current: number, target: number, step: number): number {
  return Math.min(Math.max(target, satSub(current, step)), satAdd(current, step));
}

/** `clamp_policy_change_with_step_limit`; the streak never goes below 1. */
export function clampPolicyStep(current: ReplayPolicy, recommended: ReplayPolicy, replayStep: number, streakStep: number): ReplayPolicy {
  return {
    maxReplayPerRun: stepToward(current.maxReplayPerRun, recommended.maxReplayPerRun, replayStep),
    maxRetryLimitExceededStreak: Math.max(
      stepToward(current.maxRetryLimitExceededStreak, recommended.maxRetryLimitExceededStreak, streakStep),
      1,
    ),
  };
}

/** Within the cooldown iff a last replay exists and `satSub(now, last) < cooldown` (strict). */
export const isWithinCooldown = (state: ReplayScheduleState, nowMs: number, policyCooldownMs: number): boolean =>
  state.lastReplayAtMs !== null && satSubI64(nowMs, state.lastReplayAtMs) < policyCooldownMs;

/**
 * The guard's decision, pure: within the cooldown → `current` unchanged (not even clamped to the
 * bounds); otherwise the step-limited move toward the recommendation (not re-clamped).
 */
export function applyGuard(
  current: ReplayPolicy,
  recommended: ReplayPolicy,
  state: ReplayScheduleState,
  nowMs: number,
  guard: GuardBounds,
): ReplayPolicy {
  if (isWithinCooldown(state, nowMs, guard.policyCooldownMs)) return current;
  return clampPolicyStep(current, recommended, guard.maxReplayStepChange, guard.maxRetryStreakStepChange);
}

export interface GuardedRecommendInput extends RecommendInput, GuardBounds {
  readonly nowMs: number;
}

/**
 * `recommend_revocation_dead_letter_replay_policy_with_adaptive_guard`: guard bounds validated
 * first, then §10.1, then the state is read a second time for the cooldown. Read-only.
 */
export async function recommendReplayPolicyGuarded(input: GuardedRecommendInput): Promise<ReplayPolicy> {
  validateGuardBounds(input);
  const recommended = await recommendReplayPolicy(input);
  const key = normalizeKey(input.worldId, input.nodeId);
  const state = await input.stateStore.loadState(key.worldId, key.nodeId);
  return applyGuard(input.current, recommended, state, input.nowMs, input);
}

/** Part B's name for §11.3. */
export const recommendWithAdaptiveGuard = recommendReplayPolicyGuarded;

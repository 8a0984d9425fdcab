// P3.29 rollback guard (spec B §1.2, §1.4): when unhealthy delivery metrics send the active policy
// back to the last stable one, and when a policy counts as stable.
import { ValidationError } from '../../common/errors';
import { satAdd, satSubI64 } from '../../common/saturating';
import { ratioPerMille } from '../../replay/delivery/metrics';
import type { DeliveryMetrics, ReplayPolicy } from '../../replay/types';
import { samePolicy } from '../codec/replayCodec';
import type { ReplayPolicyState } from './policyState';

export interface RollbackGuard {
  readonly minAttempted: number;
  readonly failureRatioPerMille: number;
  readonly deadLetterRatioPerMille: number;
  readonly rollbackCooldownMs: number;
}

export const defaultRollbackGuard = (): RollbackGuard => ({
  minAttempted: 8,
  failureRatioPerMille: 450,
  deadLetterRatioPerMille: 300,
  rollbackCooldownMs: 30_000,
});

const GUARD = 'membership revocation dead-letter replay rollback guard';

/** Checks in the spec's order; a threshold of 0 is allowed and means "always unhealthy". */
export function validateRollbackGuard(guard: RollbackGuard): void {
  if (guard.minAttempted === 0) throw new ValidationError(`${GUARD} min_attempted must be positive`);
  if (guard.failureRatioPerMille > 1000) {
    throw new ValidationError(`${GUARD} failure_ratio_per_mille must be <= 1000, got ${guard.failureRatioPerMille}`);
  }
  if (guard.deadLetterRatioPerMille > 1000) {
    throw new ValidationError(
      `${GUARD} dead_letter_ratio_per_mille must be <= 1000, got ${guard.deadLetterRatioPerMille}`,
    );
  }
  if (guard.rollbackCooldownMs <= 0) {
    throw new ValidationError(`${GUARD} rollback_cooldown_ms must be positive, got ${guard.rollbackCooldownMs}`);
  }
}

/** Unhealthy when either ratio reaches its threshold (both non-strict). */
export function isUnhealthy(metrics: DeliveryMetrics, guard: RollbackGuard): boolean {
  const failure = ratioPerMille(metrics.failed, metrics.attempted);
  const deadLetter = ratioPerMille(metrics.deadLettered, metrics.attempted);
  return failure >= guard.failureRatioPerMille || deadLetter >= guard.deadLetterRatioPerMille;
}

/** `should_rollback_to_stable_policy`: the first check that decides returns. */
export function shouldRollbackToStable(
  state: ReplayPolicyState,
  nowMs: number,
  metrics: DeliveryMetrics,
  guard: RollbackGuard,
): boolean {
  if (samePolicy(state.activePolicy, state.lastStablePolicy)) return false;
  if (metrics.attempted < guard.minAttempted) return false;
  if (!isUnhealthy(metrics, guard)) return false;
  if (state.lastRollbackAtMs === null) return true;
  return satSubI64(nowMs, state.lastRollbackAtMs) >= guard.rollbackCooldownMs;
}

/** The hard-coded minimum of attempts before a policy can be called stable (not the guard's). */
export const STABLE_MIN_ATTEMPTED = 4;

/** `is_replay_policy_stable`: the backlog fits in one run and the traffic was clean. */
export function isPolicyStable(
  policy: ReplayPolicy,
  deadLetterCount: number,
  pendingCount: number,
  metrics: DeliveryMetrics,
): boolean {
  return (
    satAdd(deadLetterCount, pendingCount) <= policy.maxReplayPerRun &&
    metrics.attempted >= STABLE_MIN_ATTEMPTED &&
    metrics.failed === 0 &&
    metrics.deadLettered === 0
  );
}

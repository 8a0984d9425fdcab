// Parameter validation (spec A §0, §3, §7, §9.1, §10.1, §11.1). Every reason names the parameter,
// and validation always runs before any store is touched.
import { ValidationError } from '../common/errors';
import type { AckRetryPolicy, ReplayPolicy } from './types';

const positive = (scope: string, param: string, value: number): void => {
  if (value <= 0) throw new ValidationError(`membership revocation ${scope}${param} must be positive, got ${value}`);
};

/** `validate_coordinator_lease_ttl_ms`. */
export function validateLeaseTtl(leaseTtlMs: number): void {
  positive('coordinator ', 'lease_ttl_ms', leaseTtlMs);
}

/** `validate_dead_letter_replay_policy`: both fields must be > 0. */
export function validateReplayPolicy(policy: ReplayPolicy): void {
  positive('dead-letter replay ', 'max_replay_per_run', policy.maxReplayPerRun);
  positive('dead-letter replay ', 'max_retry_limit_exceeded_streak', policy.maxRetryLimitExceededStreak);
}

/** `validate_ack_retry_policy`, in the spec's order. */
export function validateAckRetryPolicy(policy: AckRetryPolicy): void {
  positive('alert ack retry ', 'max_pending_alerts', policy.maxPendingAlerts);
  positive('alert ack retry ', 'max_retry_attempts', policy.maxRetryAttempts);
  if (policy.retryBackoffMs < 0) {
    throw new ValidationError(
      `membership revocation alert ack retry retry_backoff_ms must be non-negative, got ${policy.retryBackoffMs}`,
    );
  }
}

/** `replay_interval_ms <= 0` is an error (A §8.3, §9.4). */
export function validateReplayInterval(replayIntervalMs: number): void {
  positive('dead-letter ', 'replay_interval_ms', replayIntervalMs);
}

/** The bounds of the adaptive recommendation (A §10.1 steps 2–5). */
export interface AdaptiveBounds {
  readonly metricsLookback: number;
  readonly minReplayPerRun: number;
  readonly maxReplayPerRun: number;
  readonly maxRetryLimitExceededStreak: number;
}

export function validateAdaptiveBounds(bounds: AdaptiveBounds): void {
  positive('dead-letter adaptive ', 'metrics_lookback', bounds.metricsLookback);
  positive('dead-letter adaptive ', 'min_replay_per_run', bounds.minReplayPerRun);
  if (bounds.minReplayPerRun > bounds.maxReplayPerRun) {
    throw new ValidationError(
      `membership revocation dead-letter adaptive replay bounds are invalid: min=${bounds.minReplayPerRun} > max=${bounds.maxReplayPerRun} (min_replay_per_run > max_replay_per_run)`,
    );
  }
  positive('dead-letter adaptive ', 'max_retry_limit_exceeded_streak', bounds.maxRetryLimitExceededStreak);
}

/** The guard of the adaptive recommendation (A §11.1). */
export interface GuardBounds {
  readonly policyCooldownMs: number;
  readonly maxReplayStepChange: number;
  readonly maxRetryStreakStepChange: number;
}

/** `validate_adaptive_policy_guard_bounds`. */
export function validateGuardBounds(guard: GuardBounds): void {
  positive('dead-letter adaptive guard ', 'policy_cooldown_ms', guard.policyCooldownMs);
  positive('dead-letter adaptive guard ', 'max_replay_step_change', guard.maxReplayStepChange);
  positive('dead-letter adaptive guard ', 'max_retry_streak_step_change', guard.maxRetryStreakStepChange);
}

// The exact texts part A gives for bad parameters (spec A §0: every reason names the parameter, in
// the shape "membership revocation [dead-letter] <param> must be positive, got <n>") and for a
// failed sink call kept in `last_error` (spec A §3: Rust Debug form, e.g. `Io("...")`).
import { describe, expect, it } from 'vitest';
import { IoError, ValidationError } from '../../../core/common/errors';
import { renderSinkError } from '../../../core/replay/delivery/pending';
import {
  validateAckRetryPolicy,
  validateAdaptiveBounds,
  validateGuardBounds,
  validateLeaseTtl,
  validateReplayInterval,
  validateReplayPolicy,
} from '../../../core/replay/validation';

const OK_BOUNDS = { metricsLookback: 3, minReplayPerRun: 1, maxReplayPerRun: 4, maxRetryLimitExceededStreak: 2 };
const OK_GUARD = { policyCooldownMs: 10, maxReplayStepChange: 1, maxRetryStreakStepChange: 1 };
const OK_RETRY = { maxPendingAlerts: 1, maxRetryAttempts: 1, retryBackoffMs: 0 };

const REJECTED: ReadonlyArray<[string, () => void, string]> = [
  ['lease ttl 0', () => validateLeaseTtl(0), 'membership revocation coordinator lease_ttl_ms must be positive, got 0'],
  ['lease ttl -5', () => validateLeaseTtl(-5), 'membership revocation coordinator lease_ttl_ms must be positive, got -5'],
  [
    'replay policy max_replay_per_run 0',
    () => validateReplayPolicy({ maxReplayPerRun: 0, maxRetryLimitExceededStreak: 1 }),
    'membership revocation dead-letter replay max_replay_per_run must be positive, got 0',
  ],
  [
    'replay policy streak 0',
    () => validateReplayPolicy({ maxReplayPerRun: 1, maxRetryLimitExceededStreak: 0 }),
    'membership revocation dead-letter replay max_retry_limit_exceeded_streak must be positive, got 0',
  ],
  [
    'ack retry max_pending_alerts 0',
    () => validateAckRetryPolicy({ ...OK_RETRY, maxPendingAlerts: 0 }),
    'membership revocation alert ack retry max_pending_alerts must be positive, got 0',
  ],
  [
    'ack retry max_retry_attempts 0',
    () => validateAckRetryPolicy({ ...OK_RETRY, maxRetryAttempts: 0 }),
    'membership revocation alert ack retry max_retry_attempts must be positive, got 0',
  ],
  [
    'ack retry backoff -1',
    () => validateAckRetryPolicy({ ...OK_RETRY, retryBackoffMs: -1 }),
    'membership revocation alert ack retry retry_backoff_ms must be non-negative, got -1',
  ],
  ['replay interval 0', () => validateReplayInterval(0), 'membership revocation dead-letter replay_interval_ms must be positive, got 0'],
  [
    'adaptive metrics_lookback 0',
    () => validateAdaptiveBounds({ ...OK_BOUNDS, metricsLookback: 0 }),
    'membership revocation dead-letter adaptive metrics_lookback must be positive, got 0',
  ],
  [
    'adaptive min_replay_per_run 0',
    () => validateAdaptiveBounds({ ...OK_BOUNDS, minReplayPerRun: 0 }),
    'membership revocation dead-letter adaptive min_replay_per_run must be positive, got 0',
  ],
  [
    'adaptive min above max',
    () => validateAdaptiveBounds({ ...OK_BOUNDS, minReplayPerRun: 5, maxReplayPerRun: 4 }),
    'membership revocation dead-letter adaptive replay bounds are invalid: min=5 > max=4 (min_replay_per_run > max_replay_per_run)',
  ],
  [
    'adaptive streak bound 0',
    () => validateAdaptiveBounds({ ...OK_BOUNDS, maxRetryLimitExceededStreak: 0 }),
    'membership revocation dead-letter adaptive max_retry_limit_exceeded_streak must be positive, got 0',
  ],
  [
    'guard policy_cooldown_ms 0',
    () => validateGuardBounds({ ...OK_GUARD, policyCooldownMs: 0 }),
    'membership revocation dead-letter adaptive guard policy_cooldown_ms must be positive, got 0',
  ],
  [
    'guard max_replay_step_change 0',
    () => validateGuardBounds({ ...OK_GUARD, maxReplayStepChange: 0 }),
    'membership revocation dead-letter adaptive guard max_replay_step_change must be positive, got 0',
  ],
  [
    'guard max_retry_streak_step_change 0',
    () => validateGuardBounds({ ...OK_GUARD, maxRetryStreakStepChange: 0 }),
    'membership revocation dead-letter adaptive guard max_retry_streak_step_change must be positive, got 0',
  ],
];

describe('validation errors name the parameter in the spec\'s words', () => {
  it.each(REJECTED)('%s', (_name, validate, message) => {
    expect(validate).toThrow(ValidationError);
    expect(validate).toThrow(message);
    try {
      validate();
    } catch (e) {
      expect((e as ValidationError).reason).toBe(message);
    }
  });

  it('valid parameters pass, including min_replay_per_run equal to max_replay_per_run', () => {
    expect(() => validateAdaptiveBounds({ ...OK_BOUNDS, minReplayPerRun: 4, maxReplayPerRun: 4 })).not.toThrow();
    expect(() => validateGuardBounds(OK_GUARD)).not.toThrow();
    expect(() => validateAckRetryPolicy(OK_RETRY)).not.toThrow();
    expect(() => validateLeaseTtl(1)).not.toThrow();
  });
});

class ErrorfulError extends Error {
  override name = 'ErrorfulError';
}

describe('renderSinkError: the Debug-like text kept in last_error', () => {
  it.each([
    ['an IoError', new IoError('simulated alert sink failure'), 'Io("simulated alert sink failure")'],
    ['a ValidationError', new ValidationError('bad'), 'Validation("bad")'],
    ['a TypeError', new TypeError('t'), 'Type("t")'],
    ['a plain Error', new Error('e'), 'Error("e")'],
    ['an error whose name has "Error" inside', new ErrorfulError('x'), 'Errorful("x")'],
    ['a quote in the message', new IoError('say "hi"'), 'Io("say \\"hi\\"")'],
    ['a thrown string', 'boom', 'Other("boom")'],
    ['a thrown number', 42, 'Other("42")'],
  ] as const)('%s', (_name, error, text) => {
    expect(renderSinkError(error)).toBe(text);
  });
});

// JSON of the part-A values that part B embeds in its own files (spec B §0.5): the policy
// `{max_replay_per_run, max_retry_limit_exceeded_streak}` and the eight delivery counters.
import type { DeliveryMetrics, ReplayPolicy } from '../../replay/types';
import { encodeMetrics, encodeReplayPolicy } from '../../replay/codec/records';
import { asObject, readUsize, type JsonSource } from './jsonFields';

// The encoders are part A's own, so both parts write the same bytes for the same value.
export const replayPolicyJson = (p: ReplayPolicy): Record<string, number> => encodeReplayPolicy(p) as Record<string, number>;

export function replayPolicyFromJson(value: unknown, src: JsonSource): ReplayPolicy {
  const o = asObject(value, src);
  return {
    maxReplayPerRun: readUsize(o, 'max_replay_per_run', src),
    maxRetryLimitExceededStreak: readUsize(o, 'max_retry_limit_exceeded_streak', src),
  };
}

export const deliveryMetricsJson = (m: DeliveryMetrics): Record<string, number> => encodeMetrics(m) as Record<string, number>;

export function deliveryMetricsFromJson(value: unknown, src: JsonSource): DeliveryMetrics {
  const o = asObject(value, src);
  return {
    attempted: readUsize(o, 'attempted', src),
    succeeded: readUsize(o, 'succeeded', src),
    failed: readUsize(o, 'failed', src),
    deferred: readUsize(o, 'deferred', src),
    buffered: readUsize(o, 'buffered', src),
    droppedCapacity: readUsize(o, 'dropped_capacity', src),
    droppedRetryLimit: readUsize(o, 'dropped_retry_limit', src),
    deadLettered: readUsize(o, 'dead_lettered', src),
  };
}

export const samePolicy = (a: ReplayPolicy, b: ReplayPolicy): boolean =>
  a.maxReplayPerRun === b.maxReplayPerRun && a.maxRetryLimitExceededStreak === b.maxRetryLimitExceededStreak;

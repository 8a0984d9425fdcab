// The rules of the adaptive recommendation (spec A §10.1) at their boundaries: each case sits on
// the edge of one condition (strict vs. non-strict comparison, one sub-condition false while the
// others hold), so a rule that fires one step too early or too late changes the result.
import { describe, expect, it } from 'vitest';
import { recommendFromSnapshot } from '../../../core/replay/adaptive/recommend';
import type { DeadLetterRecord, DeliveryMetrics, ReplayPolicy } from '../../../core/replay/types';
import { C, DL, metrics, R } from './support/fixtures';

const BOUNDS = { metricsLookback: 5, minReplayPerRun: 1, maxReplayPerRun: 10, maxRetryLimitExceededStreak: 10 };

const dls = (...reasons: (typeof R)[]): DeadLetterRecord[] => reasons.map((reason, i) => DL(reason, 1, 100 + i));

interface Case {
  readonly current: ReplayPolicy;
  readonly deadLetters?: DeadLetterRecord[];
  readonly pendingCount?: number;
  readonly metrics?: Partial<DeliveryMetrics>;
  readonly preferCapacityEvicted?: boolean;
  readonly minReplayPerRun?: number;
  readonly expected: ReplayPolicy;
}

const policy = (maxReplayPerRun: number, maxRetryLimitExceededStreak: number): ReplayPolicy => ({
  maxReplayPerRun,
  maxRetryLimitExceededStreak,
});

const CASES: ReadonlyArray<[string, Case]> = [
  // Rule 1: scale up.
  ['capacity-evicted letters do not count as retry backlog for scale-up', { current: policy(2, 3), deadLetters: dls(C, C, C), expected: policy(2, 3) }],
  ['a backlog of exactly 2 x max is not high (strict)', { current: policy(2, 3), pendingCount: 4, expected: policy(2, 3) }],
  ['a backlog of 2 x max + 1 is high: max grows by max/2', { current: policy(2, 3), pendingCount: 5, expected: policy(3, 3) }],
  ['a backlog over 2 x max but not over min_replay_per_run is not high (only clamped up to min)', { current: policy(2, 3), pendingCount: 5, minReplayPerRun: 5, expected: policy(5, 3) }],
  ['a retry backlog equal to max does not scale up (strict)', { current: policy(2, 3), deadLetters: dls(R, R), expected: policy(2, 4) }],
  ['a retry backlog of max + 1 scales up', { current: policy(2, 3), deadLetters: dls(R, R, R), expected: policy(3, 4) }],
  // Rule 2: scale down.
  ['a backlog of exactly max/2 is low: max shrinks by 1', { current: policy(4, 3), deadLetters: dls(C, C), metrics: { attempted: 4, succeeded: 4 }, expected: policy(3, 3) }],
  ['a backlog of max/2 + 1 is not low', { current: policy(4, 3), deadLetters: dls(C, C, C), metrics: { attempted: 4, succeeded: 4 }, expected: policy(4, 3) }],
  ['a pending item blocks scale-down', { current: policy(4, 3), pendingCount: 1, metrics: { attempted: 4, succeeded: 4 }, expected: policy(4, 3) }],
  ['three attempts are too few to scale down', { current: policy(4, 3), metrics: { attempted: 3, succeeded: 3 }, expected: policy(4, 3) }],
  ['four attempts with none failed scale down', { current: policy(4, 3), metrics: { attempted: 4, succeeded: 4 }, expected: policy(3, 3) }],
  ['one failure blocks scale-down', { current: policy(4, 3), metrics: { attempted: 4, succeeded: 3, failed: 1 }, expected: policy(4, 3) }],
  ['one dead-lettered alert blocks scale-down', { current: policy(4, 3), metrics: { attempted: 4, succeeded: 3, deadLettered: 1 }, expected: policy(4, 3) }],
  // Rule 3: streak.
  ['a dead-letter ratio of exactly 250 per mille lowers the streak', { current: policy(4, 3), deadLetters: dls(C), metrics: { attempted: 4, deadLettered: 1 }, expected: policy(4, 2) }],
  ['a dead-letter ratio just under 250 per mille does not', { current: policy(4, 3), deadLetters: dls(C), metrics: { attempted: 5, deadLettered: 1 }, expected: policy(4, 3) }],
  ['prefer_capacity_evicted lowers the streak', { current: policy(4, 3), deadLetters: dls(C), preferCapacityEvicted: true, expected: policy(4, 2) }],
  ['a retry backlog of exactly 2 x capacity backlog does not raise the streak', { current: policy(4, 3), deadLetters: dls(C, R, R), expected: policy(4, 3) }],
  ['a retry backlog of 2 x capacity backlog + 1 raises it', { current: policy(4, 3), deadLetters: dls(C, R, R, R), expected: policy(4, 4) }],
  ['... also at a fail ratio of exactly 350 per mille', { current: policy(4, 3), deadLetters: dls(C, R, R, R), metrics: { attempted: 20, failed: 7 }, expected: policy(4, 4) }],
  ['... but not above 350 per mille', { current: policy(4, 3), deadLetters: dls(C, R, R, R), metrics: { attempted: 1000, failed: 351 }, expected: policy(4, 3) }],
  ['without capacity letters, retry letters raise the streak at a fail ratio of exactly 100', { current: policy(4, 3), deadLetters: dls(R), metrics: { attempted: 10, failed: 1 }, expected: policy(4, 4) }],
  ['... but not above 100 per mille', { current: policy(4, 3), deadLetters: dls(R), metrics: { attempted: 1000, failed: 101 }, expected: policy(4, 3) }],
];

describe('recommendFromSnapshot: each rule of §10.1 at its boundary', () => {
  it.each(CASES)('%s', (_name, c) => {
    const bounds = { ...BOUNDS, minReplayPerRun: c.minReplayPerRun ?? BOUNDS.minReplayPerRun };
    const snap = {
      state: { lastReplayAtMs: null, preferCapacityEvicted: c.preferCapacityEvicted ?? false },
      deadLetters: c.deadLetters ?? [],
      pendingCount: c.pendingCount ?? 0,
      metrics: metrics(c.metrics ?? {}),
    };
    expect(recommendFromSnapshot(c.current, bounds, snap)).toEqual(c.expected);
  });
});

// Spec A §13 derived examples D1–D6 (worked by hand from the rules), each its own test.
import { describe, expect, it } from 'vitest';
import { recommendFromSnapshot } from '../../../core/replay/adaptive/recommend';
import { emitWithRecovery } from '../../../core/replay/delivery/emit';
import { aggregateRecentMetrics } from '../../../core/replay/delivery/metrics';
import { selectFair } from '../../../core/replay/fair/selectFair';
import { DEFAULT_REPLAY_SCHEDULE_STATE, ZERO_DELIVERY_METRICS } from '../../../core/replay/types';
import { alertAt, C, DL, metrics, okLine, pendingOf, R, ScriptedSink } from './support/fixtures';
import { makeStoreSet, STORE_SET_KINDS } from './support/storeSets';

const bounds = (metricsLookback: number, minReplayPerRun: number, maxReplayPerRun: number, maxRetryLimitExceededStreak: number) => ({
  metricsLookback, minReplayPerRun, maxReplayPerRun, maxRetryLimitExceededStreak,
});

describe.each(STORE_SET_KINDS)('spec A §13 D1 on %s stores', (kind) => {
  it('D1. {3, 3, 50} at 1000, sink fails only p3: dead letters p1 (R), n1 (C), n2 (C); queue [p2, p3 (1, 1050), p4]', async () => {
    const s = await makeStoreSet(kind);
    const [p1, p2, p3, p4, n1, n2] = [1, 2, 3, 4, 11, 12].map((t) => alertAt(t));
    const queue = [pendingOf(p1, 3, 0), pendingOf(p2, 0, 2000), pendingOf(p3, 0, 900), pendingOf(p4, 2, 1000)];
    await s.recoveryStore.savePending('w1', 'node-a', queue);
    const sink = new ScriptedSink((_, a) => a.detectedAtMs === 3);
    const report = await emitWithRecovery({
      worldId: 'w1', nodeId: 'node-a', nowMs: 1000, sink, recoveryStore: s.recoveryStore, newAlerts: [n1, n2],
      policy: { maxPendingAlerts: 3, maxRetryAttempts: 3, retryBackoffMs: 50 }, deadLetterStore: s.deadLetterStore, writer: s.writer,
    });
    expect(report).toMatchObject({ deferred: 1, droppedRetryLimit: 1, droppedCapacity: 2, buffered: 3 });
    expect(report.deliveryMetrics).toMatchObject({ attempted: 1, failed: 1, deadLettered: 3 });
    const dls = await s.deadLetterStore.list('w1', 'node-a');
    expect(dls.map((d) => [d.pendingAlert.alert.detectedAtMs, d.reason])).toEqual([[1, R], [11, C], [12, C]]);
    expect(dls[0].pendingAlert.attempt).toBe(3);
    const after = await s.recoveryStore.loadPending('w1', 'node-a');
    expect(after.map((p) => [p.alert.detectedAtMs, p.attempt, p.nextRetryAtMs])).toEqual([[2, 0, 2000], [3, 1, 1050], [4, 2, 1000]]);
  });
});

describe('spec A §13 derived fair selection', () => {
  const fiveEach = [...Array.from({ length: 5 }, (_, i) => DL(R, 1, 100 + i)), ...Array.from({ length: 5 }, (_, i) => DL(C, 1, 200 + i))];
  const letters = (sel: number[]) => sel.map((i) => (fiveEach[i].reason === R ? 'R' : 'C')).join(' ');

  it('D2. S = 2, count 3, P = false → R R C, next_prefer false', () => {
    const r = selectFair(fiveEach, 3, 2, false);
    expect(letters(r.selected)).toBe('R R C');
    expect(r.nextPrefer).toBe(false);
  });

  it('D2. S = 2, count 3, P = true → C R R', () => {
    expect(letters(selectFair(fiveEach, 3, 2, true).selected)).toBe('C R R');
  });

  it('D2. S = 2, count 10 → R R C R R C R C C C', () => {
    expect(letters(selectFair(fiveEach, 10, 2, false).selected)).toBe('R R C R R C R C C C');
  });

  it('D3. [R(1,1), R(5,2), R(5,0), C(9,3)], S = 1, count 4 → [2, 3, 1, 0] (P = true: [3, 2, 1, 0])', () => {
    const dls = [DL(R, 1, 1), DL(R, 5, 2), DL(R, 5, 0), DL(C, 9, 3)];
    expect(selectFair(dls, 4, 1, false)).toEqual({ selected: [2, 3, 1, 0], nextPrefer: false });
    expect(selectFair(dls, 4, 1, true).selected).toEqual([3, 2, 1, 0]);
  });
});

describe('spec A §13 derived recommendations', () => {
  const snap = (deadLetters = [] as ReturnType<typeof DL>[], m = ZERO_DELIVERY_METRICS) => ({
    state: DEFAULT_REPLAY_SCHEDULE_STATE, deadLetters, pendingCount: 0, metrics: m,
  });

  it('D4. current {5, 3}, no data, bounds 8/6/16/8 → {6, 3} (raised to min)', () => {
    expect(recommendFromSnapshot({ maxReplayPerRun: 5, maxRetryLimitExceededStreak: 3 }, bounds(8, 6, 16, 8), snap())).toEqual({
      maxReplayPerRun: 6, maxRetryLimitExceededStreak: 3,
    });
  });

  const d5 = [DL(C, 1, 1), DL(R, 5, 2), DL(R, 5, 3), DL(R, 5, 4)];
  const cur = { maxReplayPerRun: 4, maxRetryLimitExceededStreak: 3 };
  it('D5. 1 C, 3 R, attempted 10, failed 3 → streak 4', () => {
    expect(recommendFromSnapshot(cur, bounds(8, 1, 16, 8), snap(d5, metrics({ attempted: 10, failed: 3 }))).maxRetryLimitExceededStreak).toBe(4);
  });
  it('D5. 1 C, 3 R, attempted 10, dead_lettered 3 → streak 2', () => {
    expect(recommendFromSnapshot(cur, bounds(8, 1, 16, 8), snap(d5, metrics({ attempted: 10, deadLettered: 3 }))).maxRetryLimitExceededStreak).toBe(2);
  });
  it('D5. 1 C, 3 R, attempted 10, failed 4 → streak 3 (no change)', () => {
    expect(recommendFromSnapshot(cur, bounds(8, 1, 16, 8), snap(d5, metrics({ attempted: 10, failed: 4 }))).maxRetryLimitExceededStreak).toBe(3);
  });

  it('D6. lines (10 ok) then (2 ok), current {4, 3}: lookback 1 → {4, 3}; lookback 2 → {3, 3}', () => {
    const lines = [okLine(1, 10), okLine(2, 2)];
    const rec = (lookback: number) => recommendFromSnapshot(cur, bounds(lookback, 1, 16, 8), snap([], aggregateRecentMetrics(lines, lookback)));
    expect(rec(1)).toEqual({ maxReplayPerRun: 4, maxRetryLimitExceededStreak: 3 });
    expect(rec(2)).toEqual({ maxReplayPerRun: 3, maxRetryLimitExceededStreak: 3 });
  });
});

// Spec A §13 examples 20–35 (P3.24–P3.28), each its own test, on every store set where the
// example does not depend on the profile.
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../core/common/errors';
import { runAdaptiveReplay, runGuardedAdaptiveReplay } from '../../../core/replay/adaptive/runs';
import { recommendReplayPolicy } from '../../../core/replay/adaptive/recommend';
import { recommendReplayPolicyGuarded } from '../../../core/replay/guard/guard';
import {
  runReplayScheduleCoordinated,
  runReplayScheduleCoordinatedWithStateStore,
} from '../../../core/replay/coordinated/replay';
import { replayDeadLettersByPriority, runReplaySchedule } from '../../../core/replay/deadletters/replay';
import { replayDeadLettersFair, runReplayScheduleWithStateStore } from '../../../core/replay/fair/replayFair';
import { InMemoryScheduleCoordinator } from '../../../core/replay/leases/coordinators';
import { DEFAULT_REPLAY_SCHEDULE_STATE, type DeadLetterRecord } from '../../../core/replay/types';
import { C, DL, detected, okLine, R } from './support/fixtures';
import { makeStoreSet, STORE_SET_KINDS, type StoreSet } from './support/storeSets';

const T = 'node-target';
const LEASE_KEY = 'w1::revocation-dead-letter-replay::node-target';
const bounds = (metricsLookback: number, minReplayPerRun: number, maxReplayPerRun: number, maxRetryLimitExceededStreak: number) => ({
  metricsLookback, minReplayPerRun, maxReplayPerRun, maxRetryLimitExceededStreak,
});

async function seeded(kind: (typeof STORE_SET_KINDS)[number], records: DeadLetterRecord[]): Promise<StoreSet> {
  const s = await makeStoreSet(kind);
  for (const r of records) await s.deadLetterStore.append(r);
  return s;
}

const at = (nodeId: string, ...specs: Array<[typeof R, number, number]>) => specs.map(([reason, attempt, t]) => DL(reason, attempt, t, 'w1', nodeId));

describe.each(STORE_SET_KINDS)('spec A §13 P3.24–P3.26 on %s stores', (kind) => {
  it('20. priority replay max 1 then max 4 moves R 1000, then C 1001', async () => {
    const s = await seeded(kind, at('node-a', [R, 1, 1000], [C, 1, 1001]));
    const input = { worldId: 'w1', nodeId: 'node-a', ...s };
    expect(await replayDeadLettersByPriority({ ...input, maxReplay: 1 })).toBe(1);
    expect(detected(await s.recoveryStore.loadPending('w1', 'node-a'))).toEqual([1000]);
    expect((await s.deadLetterStore.list('w1', 'node-a')).map((d) => d.droppedAtMs)).toEqual([1001]);
    expect(await replayDeadLettersByPriority({ ...input, maxReplay: 4 })).toBe(1);
    expect(await s.recoveryStore.loadPending('w1', 'node-a')).toHaveLength(2);
    expect(await s.deadLetterStore.list('w1', 'node-a')).toEqual([]);
  });

  it('21. schedule interval 100, max 1: 1 at 1000, 0 at 1050, 1 at 1101', async () => {
    const s = await seeded(kind, at('node-a', [R, 1, 1000], [R, 1, 1001]));
    const last = { lastReplayAtMs: null as number | null };
    const run = (nowMs: number) => runReplaySchedule({ worldId: 'w1', nodeId: 'node-a', nowMs, replayIntervalMs: 100, maxReplay: 1, last, ...s });
    expect(await run(1000)).toBe(1);
    expect(last.lastReplayAtMs).toBe(1000);
    expect(await run(1050)).toBe(0);
    expect(await s.deadLetterStore.list('w1', 'node-a')).toHaveLength(1);
    expect(await run(1101)).toBe(1);
    expect(await s.deadLetterStore.list('w1', 'node-a')).toEqual([]);
  });

  it('22. priority: [C(8,1000), R(1,2000), R(3,1500)], max 2 → pending [1500, 2000], the C remains', async () => {
    const s = await seeded(kind, at('node-a', [C, 8, 1000], [R, 1, 2000], [R, 3, 1500]));
    expect(await replayDeadLettersByPriority({ worldId: 'w1', nodeId: 'node-a', maxReplay: 2, ...s })).toBe(2);
    expect(detected(await s.recoveryStore.loadPending('w1', 'node-a'))).toEqual([1500, 2000]);
    expect((await s.deadLetterStore.list('w1', 'node-a')).map((d) => d.reason)).toEqual([C]);
  });

  it('23. cross-node lease: B gets 0 while A holds the replay key, 1 after A releases', async () => {
    const s = await seeded(kind, at(T, [R, 1, 1000]));
    const coordinator = new InMemoryScheduleCoordinator();
    expect(await coordinator.acquire(LEASE_KEY, 'node-a', 1000, 500)).toBe(true);
    const last = { lastReplayAtMs: null as number | null };
    const run = (nowMs: number) =>
      runReplayScheduleCoordinated({ worldId: 'w1', targetNodeId: T, coordinatorNodeId: 'node-b', nowMs, replayIntervalMs: 100, maxReplay: 1, last, coordinator, leaseTtlMs: 500, ...s });
    expect(await run(1001)).toBe(0);
    expect(last.lastReplayAtMs).toBeNull();
    await coordinator.release(LEASE_KEY, 'node-a');
    expect(await run(1105)).toBe(1);
    expect(last.lastReplayAtMs).toBe(1105);
    expect(await s.recoveryStore.loadPending('w1', T)).toHaveLength(1);
    expect(await s.deadLetterStore.list('w1', T)).toEqual([]);
  });

  it('24. fair {1, 8}: first call takes R 1000 and sets prefer; second call takes C 1002', async () => {
    const s = await seeded(kind, at('node-a', [R, 2, 1000], [R, 2, 1001], [C, 2, 1002], [C, 2, 1003]));
    const input = { worldId: 'w1', nodeId: 'node-a', policy: { maxReplayPerRun: 1, maxRetryLimitExceededStreak: 8 }, ...s };
    const first = await replayDeadLettersFair({ ...input, state: DEFAULT_REPLAY_SCHEDULE_STATE });
    expect(first.replayed).toBe(1);
    expect(detected(await s.recoveryStore.loadPending('w1', 'node-a'))).toEqual([1000]);
    expect(first.state.preferCapacityEvicted).toBe(true);
    const second = await replayDeadLettersFair({ ...input, state: first.state });
    expect(second.replayed).toBe(1);
    const pending = await s.recoveryStore.loadPending('w1', 'node-a');
    expect(pending[1].alert.detectedAtMs).toBe(1002);
  });

  it('25. state store, policy {1, 2}, interval 100: 1 at 2000 (last stored), 0 at 2050, 1 at 2105', async () => {
    const s = await seeded(kind, at('node-a', [R, 1, 1000], [R, 1, 1001]));
    const run = (nowMs: number) =>
      runReplayScheduleWithStateStore({ worldId: 'w1', nodeId: 'node-a', nowMs, replayIntervalMs: 100, policy: { maxReplayPerRun: 1, maxRetryLimitExceededStreak: 2 }, ...s });
    expect(await run(2000)).toBe(1);
    expect((await s.stateStore.loadState('w1', 'node-a')).lastReplayAtMs).toBe(2000);
    expect(await run(2050)).toBe(0);
    expect(await run(2105)).toBe(1);
    expect(await s.recoveryStore.loadPending('w1', 'node-a')).toHaveLength(2);
  });

  it('26. coordinated with state store {2, 2}: 0 while A holds the key, 1 after release, stored last 1105', async () => {
    const s = await seeded(kind, at(T, [R, 1, 1000]));
    const coordinator = new InMemoryScheduleCoordinator();
    await coordinator.acquire(LEASE_KEY, 'node-a', 1000, 500);
    const run = (nowMs: number) =>
      runReplayScheduleCoordinatedWithStateStore({
        worldId: 'w1', targetNodeId: T, coordinatorNodeId: 'node-b', nowMs, replayIntervalMs: 100,
        policy: { maxReplayPerRun: 2, maxRetryLimitExceededStreak: 2 }, coordinator, leaseTtlMs: 500, ...s,
      });
    expect(await run(1001)).toBe(0);
    await coordinator.release(LEASE_KEY, 'node-a');
    expect(await run(1105)).toBe(1);
    expect((await s.stateStore.loadState('w1', T)).lastReplayAtMs).toBe(1105);
  });
});

describe('spec A §13 P3.26: policy validation', () => {
  it('27. policy {0, 1} is a ValidationError naming max_replay_per_run', async () => {
    const s = await makeStoreSet('memory');
    const run = replayDeadLettersFair({ worldId: 'w1', nodeId: 'node-a', policy: { maxReplayPerRun: 0, maxRetryLimitExceededStreak: 1 }, state: DEFAULT_REPLAY_SCHEDULE_STATE, ...s });
    await expect(run).rejects.toThrow(ValidationError);
    await expect(run).rejects.toThrow(/max_replay_per_run/);
  });
});

describe.each(STORE_SET_KINDS)('spec A §13 P3.27–P3.28 on %s stores', (kind) => {
  const recommendOn = (s: StoreSet, nodeId: string) => ({ worldId: 'w1', nodeId, ...s });

  it('28. 8 R dead letters, current {2, 3}, bounds 8/1/16/8 → {3, 4}', async () => {
    const s = await seeded(kind, at('node-a', ...Array.from({ length: 8 }, (_, i): [typeof R, number, number] => [R, 5, 1000 + i])));
    const rec = await recommendReplayPolicy({ ...recommendOn(s, 'node-a'), current: { maxReplayPerRun: 2, maxRetryLimitExceededStreak: 3 }, ...bounds(8, 1, 16, 8) });
    expect(rec).toEqual({ maxReplayPerRun: 3, maxRetryLimitExceededStreak: 4 });
    expect(rec.maxRetryLimitExceededStreak).toBeGreaterThan(2);
  });

  it('29. no dead letters, metrics (6 ok) and (5 ok), current {5, 3}, bounds 4/1/16/8 → max_replay 4', async () => {
    const s = await makeStoreSet(kind);
    for (const l of [okLine(1000, 6), okLine(1100, 5)]) await s.deadLetterStore.appendDeliveryMetrics('w1', 'node-a', l.exportedAtMs, l.metrics);
    const rec = await recommendReplayPolicy({ ...recommendOn(s, 'node-a'), current: { maxReplayPerRun: 5, maxRetryLimitExceededStreak: 3 }, ...bounds(4, 1, 16, 8) });
    expect(rec.maxReplayPerRun).toBe(4);
  });

  it('30. state {900, prefer true}, [C(1,1000), R(2,1001)], current {4, 4} → streak 3', async () => {
    const s = await seeded(kind, at('node-a', [C, 1, 1000], [R, 2, 1001]));
    await s.stateStore.saveState('w1', 'node-a', { lastReplayAtMs: 900, preferCapacityEvicted: true });
    const rec = await recommendReplayPolicy({ ...recommendOn(s, 'node-a'), current: { maxReplayPerRun: 4, maxRetryLimitExceededStreak: 4 }, ...bounds(4, 1, 16, 8) });
    expect(rec.maxRetryLimitExceededStreak).toBe(3);
  });

  const sixRetry = () => at(T, ...Array.from({ length: 6 }, (_, i): [typeof R, number, number] => [R, 5, 1000 + i]));
  const combined = (s: StoreSet, nowMs: number) => ({
    worldId: 'w1', targetNodeId: T, coordinatorNodeId: 'node-runner', nowMs, replayIntervalMs: 50,
    current: { maxReplayPerRun: 2, maxRetryLimitExceededStreak: 2 }, coordinator: new InMemoryScheduleCoordinator(), leaseTtlMs: 500,
    ...bounds(8, 1, 16, 8), ...s,
  });

  it('31. combined adaptive run: recommended {3, 3}, replayed 3 = min(3, 6)', async () => {
    const s = await seeded(kind, sixRetry());
    const result = await runAdaptiveReplay(combined(s, 1200));
    expect(result).toEqual({ replayed: 3, policy: { maxReplayPerRun: 3, maxRetryLimitExceededStreak: 3 } });
  });

  it('32. cooldown: last 1000, now 1200, cooldown 500 → current {3, 3} unchanged (unguarded {4, 4})', async () => {
    const s = await seeded(kind, at('node-a', ...Array.from({ length: 12 }, (_, i): [typeof R, number, number] => [R, 5, 1000 + i])));
    await s.stateStore.saveState('w1', 'node-a', { lastReplayAtMs: 1000, preferCapacityEvicted: false });
    const input = { ...recommendOn(s, 'node-a'), current: { maxReplayPerRun: 3, maxRetryLimitExceededStreak: 3 }, ...bounds(8, 1, 32, 8) };
    expect(await recommendReplayPolicy(input)).toEqual({ maxReplayPerRun: 4, maxRetryLimitExceededStreak: 4 });
    const guarded = await recommendReplayPolicyGuarded({ ...input, nowMs: 1200, policyCooldownMs: 500, maxReplayStepChange: 4, maxRetryStreakStepChange: 2 });
    expect(guarded).toEqual({ maxReplayPerRun: 3, maxRetryLimitExceededStreak: 3 });
  });

  it('33. step clamp: 40 R, current {12, 4}, steps 2/1: recommendation {18, 5}, guarded {14, 5}', async () => {
    const s = await seeded(kind, at('node-a', ...Array.from({ length: 40 }, (_, i): [typeof R, number, number] => [R, 5, 1000 + i])));
    const input = { ...recommendOn(s, 'node-a'), current: { maxReplayPerRun: 12, maxRetryLimitExceededStreak: 4 }, ...bounds(8, 1, 64, 8) };
    expect(await recommendReplayPolicy(input)).toEqual({ maxReplayPerRun: 18, maxRetryLimitExceededStreak: 5 });
    const guarded = await recommendReplayPolicyGuarded({ ...input, nowMs: 5000, policyCooldownMs: 100, maxReplayStepChange: 2, maxRetryStreakStepChange: 1 });
    expect(guarded).toEqual({ maxReplayPerRun: 14, maxRetryLimitExceededStreak: 5 });
  });

  it('35. guarded combined run within the cooldown: policy {2, 2} unchanged, replayed 2 (interval 200 ≥ 50 is due)', async () => {
    const s = await seeded(kind, sixRetry());
    await s.stateStore.saveState('w1', T, { lastReplayAtMs: 1000, preferCapacityEvicted: false });
    const result = await runGuardedAdaptiveReplay({ ...combined(s, 1200), policyCooldownMs: 500, maxReplayStepChange: 4, maxRetryStreakStepChange: 2 });
    expect(result).toEqual({ replayed: 2, policy: { maxReplayPerRun: 2, maxRetryLimitExceededStreak: 2 } });
  });
});

describe('spec A §13 P3.28: guard validation', () => {
  it('34. cooldown 0 is a ValidationError naming policy_cooldown_ms, before any store access', async () => {
    const s = await makeStoreSet('memory');
    const run = recommendReplayPolicyGuarded({
      worldId: 'w1', nodeId: 'node-a', nowMs: 0, current: { maxReplayPerRun: 2, maxRetryLimitExceededStreak: 2 }, ...bounds(8, 1, 16, 8),
      policyCooldownMs: 0, maxReplayStepChange: 1, maxRetryStreakStepChange: 1, ...s,
    });
    await expect(run).rejects.toThrow(ValidationError);
    await expect(run).rejects.toThrow(/policy_cooldown_ms/);
  });
});

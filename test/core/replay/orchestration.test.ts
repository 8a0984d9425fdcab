// Validation placement, write order (spec A §12) and error resolution of the orchestrations.
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../core/common/errors';
import { recommendReplayPolicy } from '../../../core/replay/adaptive/recommend';
import { runAdaptiveReplay } from '../../../core/replay/adaptive/runs';
import {
  InMemoryReconcileScheduleStore,
  runCoordinatedReconcileWithRecovery,
  runCoordinatedReconcileWithRecoveryAndExport,
} from '../../../core/replay/coordinated/reconcile';
import { runReplayScheduleCoordinated, runReplayScheduleCoordinatedWithStateStore } from '../../../core/replay/coordinated/replay';
import { replayDeadLettersByPriority, runReplaySchedule } from '../../../core/replay/deadletters/replay';
import { archiveDeadLetter, emitWithRecovery } from '../../../core/replay/delivery/emit';
import { runReplayScheduleWithStateStore } from '../../../core/replay/fair/replayFair';
import { recommendReplayPolicyGuarded } from '../../../core/replay/guard/guard';
import { NoopDeadLetterStore } from '../../../core/replay/stores/memory';
import { DEFAULT_ALERT_POLICY, DEFAULT_REPLAY_POLICY, ZERO_DELIVERY_METRICS } from '../../../core/replay/types';
import { validateAckRetryPolicy, validateAdaptiveBounds, validateGuardBounds, validateLeaseTtl, validateReplayPolicy } from '../../../core/replay/validation';
import { alertAt, alwaysFail, DL, failOnce, neverFail, pendingOf, R } from './support/fixtures';
import { recordingStores } from './support/recording';

const goodBounds = { metricsLookback: 4, minReplayPerRun: 1, maxReplayPerRun: 16, maxRetryLimitExceededStreak: 8 };
const goodGuard = { policyCooldownMs: 100, maxReplayStepChange: 2, maxRetryStreakStepChange: 1 };

describe('validation errors name the parameter', () => {
  const cases: Array<[string, () => void]> = [
    ['lease_ttl_ms', () => validateLeaseTtl(0)],
    ['max_replay_per_run', () => validateReplayPolicy({ maxReplayPerRun: 0, maxRetryLimitExceededStreak: 1 })],
    ['max_retry_limit_exceeded_streak', () => validateReplayPolicy({ maxReplayPerRun: 1, maxRetryLimitExceededStreak: 0 })],
    ['max_pending_alerts', () => validateAckRetryPolicy({ maxPendingAlerts: 0, maxRetryAttempts: 0, retryBackoffMs: -1 })],
    ['max_retry_attempts', () => validateAckRetryPolicy({ maxPendingAlerts: 1, maxRetryAttempts: 0, retryBackoffMs: -1 })],
    ['retry_backoff_ms must be non-negative, got -1', () => validateAckRetryPolicy({ maxPendingAlerts: 1, maxRetryAttempts: 1, retryBackoffMs: -1 })],
    ['metrics_lookback', () => validateAdaptiveBounds({ ...goodBounds, metricsLookback: 0, minReplayPerRun: 0 })],
    ['min_replay_per_run', () => validateAdaptiveBounds({ ...goodBounds, minReplayPerRun: 0 })],
    ['min=5 > max=4', () => validateAdaptiveBounds({ ...goodBounds, minReplayPerRun: 5, maxReplayPerRun: 4, maxRetryLimitExceededStreak: 0 })],
    ['max_retry_limit_exceeded_streak', () => validateAdaptiveBounds({ ...goodBounds, maxRetryLimitExceededStreak: 0 })],
    ['policy_cooldown_ms', () => validateGuardBounds({ policyCooldownMs: 0, maxReplayStepChange: 0, maxRetryStreakStepChange: 0 })],
    ['max_replay_step_change', () => validateGuardBounds({ ...goodGuard, maxReplayStepChange: 0, maxRetryStreakStepChange: 0 })],
    ['max_retry_streak_step_change', () => validateGuardBounds({ ...goodGuard, maxRetryStreakStepChange: 0 })],
  ];
  it.each(cases)('reports %s first', (needle, run) => {
    expect(run).toThrow(ValidationError);
    expect(run).toThrow(needle);
  });
});

describe('invalid parameters are rejected before any store access', () => {
  it('emit with an invalid ACK retry policy touches no store', async () => {
    const s = recordingStores();
    const run = emitWithRecovery({ worldId: 'w1', nodeId: 'n', nowMs: 0, sink: neverFail(), newAlerts: [], policy: { maxPendingAlerts: 0, maxRetryAttempts: 1, retryBackoffMs: 0 }, ...s });
    await expect(run).rejects.toThrow(/max_pending_alerts/);
    expect(s.log).toEqual([]);
  });

  it('priority replay with max_replay 0 fails before normalising the key', async () => {
    const s = recordingStores();
    await expect(replayDeadLettersByPriority({ worldId: '', nodeId: '', maxReplay: 0, ...s })).rejects.toThrow(/max_replay/);
    expect(s.log).toEqual([]);
  });

  it('a replay schedule with interval 0 fails; one that is not due never validates max_replay', async () => {
    const s = recordingStores();
    const last = { lastReplayAtMs: 1000 };
    await expect(runReplaySchedule({ worldId: 'w1', nodeId: 'n', nowMs: 1000, replayIntervalMs: 0, maxReplay: 1, last, ...s })).rejects.toThrow(/replay_interval_ms/);
    expect(await runReplaySchedule({ worldId: 'w1', nodeId: 'n', nowMs: 1050, replayIntervalMs: 100, maxReplay: 0, last, ...s })).toBe(0);
    expect(s.log).toEqual([]);
  });

  it('state-store schedule validates interval then policy before loading the state', async () => {
    const s = recordingStores();
    const base = { worldId: 'w1', nodeId: 'n', nowMs: 0, ...s };
    await expect(runReplayScheduleWithStateStore({ ...base, replayIntervalMs: 0, policy: { maxReplayPerRun: 0, maxRetryLimitExceededStreak: 1 } })).rejects.toThrow(/replay_interval_ms/);
    await expect(runReplayScheduleWithStateStore({ ...base, replayIntervalMs: 1, policy: { maxReplayPerRun: 0, maxRetryLimitExceededStreak: 1 } })).rejects.toThrow(/max_replay_per_run/);
    expect(s.log).toEqual([]);
  });

  it('recommendation validates current policy, then bounds in order; guarded validates the guard first', async () => {
    const s = recordingStores();
    const base = { worldId: 'w1', nodeId: 'n', current: DEFAULT_REPLAY_POLICY, ...goodBounds, ...s };
    await expect(recommendReplayPolicy({ ...base, current: { maxReplayPerRun: 0, maxRetryLimitExceededStreak: 1 }, metricsLookback: 0 })).rejects.toThrow(/max_replay_per_run/);
    await expect(recommendReplayPolicy({ ...base, metricsLookback: 0 })).rejects.toThrow(/metrics_lookback/);
    await expect(recommendReplayPolicyGuarded({ ...base, metricsLookback: 0, nowMs: 0, ...goodGuard, maxReplayStepChange: 0 })).rejects.toThrow(/max_replay_step_change/);
    expect(s.log).toEqual([]);
  });

  it('coordinated replay: a bad TTL fails before the lease; with the lease busy, invalid interval and policy pass silently (spec §14.15)', async () => {
    const s = recordingStores();
    const base = { worldId: 'w1', targetNodeId: 'node-target', coordinatorNodeId: 'node-b', nowMs: 1001, ...s };
    await expect(runReplayScheduleCoordinatedWithStateStore({ ...base, replayIntervalMs: 1, policy: DEFAULT_REPLAY_POLICY, leaseTtlMs: 0 })).rejects.toThrow(/lease_ttl_ms/);
    expect(s.log).toEqual([]);
    await s.coordinator.acquire('w1::revocation-dead-letter-replay::node-target', 'node-a', 1000, 500);
    const busy = await runReplayScheduleCoordinatedWithStateStore({ ...base, replayIntervalMs: 0, policy: { maxReplayPerRun: 0, maxRetryLimitExceededStreak: 0 }, leaseTtlMs: 500 });
    expect(busy).toBe(0);
    expect(await runReplayScheduleCoordinated({ ...base, replayIntervalMs: 0, maxReplay: 0, last: { lastReplayAtMs: null }, leaseTtlMs: 500 })).toBe(0);
  });
});

describe('write order (spec A §12)', () => {
  it('fair replay with state store: R state, R dead letters, R pending, W save_pending, W replace, W save_state', async () => {
    const s = recordingStores();
    await s.deadLetterStore.append(DL(R, 5, 1, 'w1', 'n'));
    s.log.length = 0;
    await runReplayScheduleWithStateStore({ worldId: 'w1', nodeId: 'n', nowMs: 0, replayIntervalMs: 1, policy: DEFAULT_REPLAY_POLICY, ...s });
    expect(s.log).toEqual(['state.loadState', 'deadLetters.list', 'pending.loadPending', 'pending.savePending', 'deadLetters.replace', 'state.saveState']);
  });

  it('a due run with no dead letters saves only the state with the new last', async () => {
    const s = recordingStores();
    expect(await runReplayScheduleWithStateStore({ worldId: 'w1', nodeId: 'n', nowMs: 7, replayIntervalMs: 1, policy: DEFAULT_REPLAY_POLICY, ...s })).toBe(0);
    expect(s.log).toEqual(['state.loadState', 'deadLetters.list', 'state.saveState']);
    expect(await s.stateStore.loadState('w1', 'n')).toEqual({ lastReplayAtMs: 7, preferCapacityEvicted: false });
  });

  it('emit: R pending, then sends and dead-letter appends in processing order, save_pending last', async () => {
    const s = recordingStores();
    await s.recoveryStore.savePending('w1', 'n', [pendingOf(alertAt(1), 9, 0)]);
    s.log.length = 0;
    await emitWithRecovery({ worldId: 'w1', nodeId: 'n', nowMs: 0, sink: alwaysFail(), newAlerts: [alertAt(2), alertAt(3)], policy: { maxPendingAlerts: 1, maxRetryAttempts: 3, retryBackoffMs: 0 }, ...s });
    expect(s.log).toEqual(['pending.loadPending', 'deadLetters.append', 'deadLetters.append', 'pending.savePending']);
  });

  it('emit: a failing dead-letter append aborts before save_pending (the old queue stays)', async () => {
    const s = recordingStores(['deadLetters.append']);
    await s.recoveryStore.savePending('w1', 'n', [pendingOf(alertAt(1), 9, 0)]);
    await expect(emitWithRecovery({ worldId: 'w1', nodeId: 'n', nowMs: 0, sink: neverFail(), newAlerts: [], policy: { maxPendingAlerts: 1, maxRetryAttempts: 3, retryBackoffMs: 0 }, ...s })).rejects.toThrow(/injected/);
    expect(s.log.at(-1)).toBe('deadLetters.append');
    expect(await s.recoveryStore.loadPending('w1', 'n')).toHaveLength(1);
  });

  it('adaptive run reads the stores before acquiring the lease (spec §14.14)', async () => {
    const s = recordingStores();
    await runAdaptiveReplay({ worldId: 'w1', targetNodeId: 't', coordinatorNodeId: 'c', nowMs: 0, replayIntervalMs: 1, current: DEFAULT_REPLAY_POLICY, leaseTtlMs: 10, ...goodBounds, ...s });
    expect(s.log.indexOf('lease.acquire')).toBeGreaterThan(s.log.indexOf('deadLetters.listDeliveryMetrics'));
  });
});

describe('lease release and error resolution', () => {
  const reconcile = (body: 'ok' | 'fail') => async (state: null) => {
    if (body === 'fail') throw new ValidationError('membership revocation reconcile interval_ms must be positive, got 0');
    return { state, report: null };
  };
  const input = (s: ReturnType<typeof recordingStores>, body: 'ok' | 'fail') => ({
    worldId: 'w1', nodeId: 'node-a', nowMs: 10, reconcile: reconcile(body), scheduleStore: new InMemoryReconcileScheduleStore<null>(() => null),
    alertPolicy: DEFAULT_ALERT_POLICY, sink: neverFail(), retryPolicy: { maxPendingAlerts: 1, maxRetryAttempts: 1, retryBackoffMs: 0 }, leaseTtlMs: 100, ...s,
  });

  it('releases even when the body fails, and the body error wins over a release error', async () => {
    const s = recordingStores(['lease.release']);
    await expect(runCoordinatedReconcileWithRecovery(input(s, 'fail'))).rejects.toThrow(/interval_ms/);
    expect(s.log).toContain('lease.release');
  });

  it('a release error after a successful body is returned although the work is committed (spec §14.15)', async () => {
    const s = recordingStores(['lease.release']);
    await s.recoveryStore.savePending('w1', 'node-a', [pendingOf(alertAt(1))]);
    await expect(runCoordinatedReconcileWithRecoveryAndExport(input(s, 'ok'))).rejects.toThrow(/injected failure in lease.release/);
    expect(await s.recoveryStore.loadPending('w1', 'node-a')).toEqual([]);
    expect(await s.deadLetterStore.listDeliveryMetrics('w1', 'node-a')).toEqual([]);
  });

  it('the P3.25 coordinated replay updates the caller-owned last even when the release error is returned', async () => {
    const s = recordingStores(['lease.release']);
    const last = { lastReplayAtMs: null as number | null };
    await expect(runReplayScheduleCoordinated({ worldId: 'w1', targetNodeId: 't', coordinatorNodeId: 'c', nowMs: 5, replayIntervalMs: 1, maxReplay: 1, last, leaseTtlMs: 10, ...s })).rejects.toThrow(/release/);
    expect(last.lastReplayAtMs).toBe(5);
  });

  it('a dedup policy without dedup state fails only on a run that produced a report, after the schedule save', async () => {
    const s = recordingStores();
    const schedule = new InMemoryReconcileScheduleStore<number>(() => 0);
    const base = { ...input(s, 'ok'), scheduleStore: schedule, dedupPolicy: { suppressWindowMs: 10 } };
    const noReport = await runCoordinatedReconcileWithRecovery({ ...base, reconcile: async (n: number) => ({ state: n + 1, report: null }) });
    expect(noReport.acquired).toBe(true);
    const withReport = runCoordinatedReconcileWithRecovery({ ...base, reconcile: async (n: number) => ({ state: n + 1, report: { drained: 1, inSync: 0, diverged: 1, merged: 0, rejected: 0 } }) });
    await expect(withReport).rejects.toThrow('dedup_state is required when dedup_policy is configured');
    expect(await schedule.load('w1', 'node-a')).toBe(2);
  });

  it('archiveDeadLetter counts dead_lettered even on the no-op store', async () => {
    const m = await archiveDeadLetter(new NoopDeadLetterStore(), 'w1', 'n', 1, 'capacity_evicted', pendingOf(alertAt(1)), ZERO_DELIVERY_METRICS);
    expect(m.deadLettered).toBe(1);
  });

  it('FailOnce stops further sends in the run after the first failure', async () => {
    const s = recordingStores();
    const sink = failOnce();
    const r = await emitWithRecovery({ worldId: 'w1', nodeId: 'n', nowMs: 0, sink, newAlerts: [alertAt(1), alertAt(2), alertAt(3)], policy: { maxPendingAlerts: 8, maxRetryAttempts: 3, retryBackoffMs: 0 }, ...s });
    expect(sink.attempts).toHaveLength(1);
    expect(r.buffered).toBe(3);
  });
});

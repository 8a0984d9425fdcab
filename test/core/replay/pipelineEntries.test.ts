// The orchestration entry points and defaults not covered elsewhere: the legacy and ack-retry
// variants of emit and of the coordinated reconcile (no-op dead letters), dedup through the
// coordinated reconcile, no metrics export when the lease is busy, replays of an empty dead-letter
// list that write nothing, the default direct writer, and the errors of missing collaborators.
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../core/common/errors';
import {
  InMemoryReconcileScheduleStore,
  runCoordinatedReconcileLegacy,
  runCoordinatedReconcileWithAckRetry,
  runCoordinatedReconcileWithRecovery,
  runCoordinatedReconcileWithRecoveryAndExport,
} from '../../../core/replay/coordinated/reconcile';
import { replayDeadLettersByPriority } from '../../../core/replay/deadletters/replay';
import { archiveDeadLetter, classifyPending, emitWithRecoveryAndAckRetry } from '../../../core/replay/delivery/emit';
import { createReplayStores } from '../../../core/replay/factory';
import { replayDeadLettersFair } from '../../../core/replay/fair/replayFair';
import { InMemoryDeadLetterStore, InMemoryRecoveryStore, NoopDeadLetterStore } from '../../../core/replay/stores/memory';
import { DEFAULT_ALERT_POLICY, newDedupState, ZERO_DELIVERY_METRICS, type DeadLetterStore, type ReconcileReport } from '../../../core/replay/types';
import { directPipelineWriter } from '../../../core/replay/writer';
import { alertAt, alwaysFail, C, DL, metrics, neverFail, pendingOf, R } from './support/fixtures';
import { recordingStores } from './support/recording';

const DIVERGED: ReconcileReport = { drained: 1, inSync: 0, diverged: 1, merged: 0, rejected: 0 };
const RETRY = { maxPendingAlerts: 1, maxRetryAttempts: 1, retryBackoffMs: 0 };

function reconcileInput(s: ReturnType<typeof recordingStores>, sink = neverFail()) {
  return {
    worldId: 'w1',
    nodeId: 'node-a',
    nowMs: 10,
    reconcile: async (n: number) => ({ state: n + 1, report: DIVERGED }),
    scheduleStore: new InMemoryReconcileScheduleStore<number>(() => 0),
    alertPolicy: DEFAULT_ALERT_POLICY,
    sink,
    leaseTtlMs: 100,
    ...s,
  };
}

describe('emit pieces', () => {
  it('a due item with no earlier failure in the run is sent', () => {
    expect(classifyPending(pendingOf(alertAt(1), 0, 5), 5, RETRY, false)).toBe('send');
  });

  it('archiveDeadLetter appends the whole record (dropped now, with reason and item)', async () => {
    const store = new InMemoryDeadLetterStore();
    const item = pendingOf(alertAt(1), 2, 3, 'Io("x")');
    await archiveDeadLetter(store, 'w1', 'node-a', 40, 'retry_limit_exceeded', item, ZERO_DELIVERY_METRICS);
    expect(await store.list('w1', 'node-a')).toEqual([{ worldId: 'w1', nodeId: 'node-a', droppedAtMs: 40, reason: 'retry_limit_exceeded', pendingAlert: item }]);
  });

  it('the ack-retry entry drops over capacity without archiving anything', async () => {
    const recoveryStore = new InMemoryRecoveryStore();
    const r = await emitWithRecoveryAndAckRetry({ worldId: 'w1', nodeId: 'n', nowMs: 0, sink: alwaysFail(), recoveryStore, newAlerts: [alertAt(1), alertAt(2)], policy: { ...RETRY, maxRetryAttempts: 5 } });
    expect([r.buffered, r.droppedCapacity, r.deliveryMetrics.deadLettered]).toEqual([1, 1, 1]);
    expect((await recoveryStore.loadPending('w1', 'n')).map((p) => p.alert.detectedAtMs)).toEqual([1]);
  });

  it('the no-op dead-letter store accepts writes and lists nothing', async () => {
    const store: DeadLetterStore = new NoopDeadLetterStore();
    await store.append(DL(R, 1, 1));
    await store.appendDeliveryMetrics('w1', 'n', 1, metrics({ attempted: 1 }));
    expect(await store.list('w1', 'n')).toEqual([]);
    expect(await store.listDeliveryMetrics('w1', 'n')).toEqual([]);
  });
});

describe('coordinated reconcile entries (§7.1)', () => {
  it('the legacy entry buffers a failed alert without any limit and archives nothing', async () => {
    const s = recordingStores();
    const r = await runCoordinatedReconcileLegacy(reconcileInput(s, alwaysFail()));
    expect([r.acquired, r.bufferedAlerts, r.droppedAlertsCapacity, r.droppedAlertsRetryLimit]).toEqual([true, 1, 0, 0]);
    expect(s.log).not.toContain('deadLetters.append');
  });

  it('the ack-retry entry applies the policy but archives into the no-op store', async () => {
    const s = recordingStores();
    await s.recoveryStore.savePending('w1', 'node-a', [pendingOf(alertAt(1), 1, 0)]);
    const r = await runCoordinatedReconcileWithAckRetry({ ...reconcileInput(s), retryPolicy: RETRY });
    expect([r.emittedAlerts, r.droppedAlertsRetryLimit, r.deliveryMetrics.deadLettered]).toEqual([1, 1, 1]);
    expect(await s.deadLetterStore.list('w1', 'node-a')).toEqual([]);
  });

  it('with dedup state, a second run inside the window emits nothing new', async () => {
    const s = recordingStores();
    const sink = neverFail();
    const input = { ...reconcileInput(s, sink), retryPolicy: RETRY, dedupPolicy: { suppressWindowMs: 1000 }, dedupState: newDedupState() };
    expect((await runCoordinatedReconcileWithRecovery(input)).emittedAlerts).toBe(1);
    expect((await runCoordinatedReconcileWithRecovery({ ...input, nowMs: 20 })).emittedAlerts).toBe(0);
    expect(sink.delivered).toHaveLength(1);
  });

  it('with the lease busy, no delivery metrics are exported', async () => {
    const s = recordingStores();
    await s.coordinator.acquire('w1', 'other', 0, 1000);
    const r = await runCoordinatedReconcileWithRecoveryAndExport({ ...reconcileInput(s), retryPolicy: RETRY });
    expect(r.acquired).toBe(false);
    expect(await s.deadLetterStore.listDeliveryMetrics('w1', 'node-a')).toEqual([]);
  });
});

describe('replays of an empty dead-letter list write nothing', () => {
  it('priority replay: 0, and no store write', async () => {
    const s = recordingStores();
    expect(await replayDeadLettersByPriority({ worldId: 'w1', nodeId: 'n', maxReplay: 3, ...s })).toBe(0);
    expect(s.log).toEqual(['deadLetters.list']);
  });

  it('fair replay: 0, the state unchanged (prefer kept), and no store write', async () => {
    const s = recordingStores();
    const state = { lastReplayAtMs: 4, preferCapacityEvicted: true };
    const r = await replayDeadLettersFair({ worldId: 'w1', nodeId: 'n', policy: { maxReplayPerRun: 2, maxRetryLimitExceededStreak: 1 }, state, ...s });
    expect(r).toEqual({ replayed: 0, state });
    expect(s.log).toEqual(['deadLetters.list']);
  });
});

describe('the default writer is the direct one', () => {
  it('priority and fair replay without a writer move the records through the stores', async () => {
    const recoveryStore = new InMemoryRecoveryStore();
    const deadLetterStore = new InMemoryDeadLetterStore();
    await deadLetterStore.replace('w1', 'n', [DL(R, 1, 1), DL(C, 0, 2), DL(R, 0, 3)]);
    expect(await replayDeadLettersByPriority({ worldId: 'w1', nodeId: 'n', maxReplay: 1, recoveryStore, deadLetterStore })).toBe(1);
    const state = { lastReplayAtMs: null, preferCapacityEvicted: true };
    const fair = await replayDeadLettersFair({ worldId: 'w1', nodeId: 'n', policy: { maxReplayPerRun: 1, maxRetryLimitExceededStreak: 1 }, state, recoveryStore, deadLetterStore });
    expect(fair).toEqual({ replayed: 1, state: { lastReplayAtMs: null, preferCapacityEvicted: false } });
    expect((await recoveryStore.loadPending('w1', 'n')).map((p) => p.alert.detectedAtMs)).toEqual([1, 2]);
    expect((await deadLetterStore.list('w1', 'n')).map((d) => d.droppedAtMs)).toEqual([3]);
  });

  it('the direct writer without a state store refuses to save replay state, naming what is missing', async () => {
    const writer = directPipelineWriter(new InMemoryRecoveryStore(), new InMemoryDeadLetterStore());
    const message = 'directPipelineWriter: a replay state store is required to save replay state';
    const key = { worldId: 'w1', nodeId: 'n' };
    const state = { lastReplayAtMs: 1, preferCapacityEvicted: false };
    await expect(async () => writer.saveState(key, state)).rejects.toThrow(message);
    await expect(writer.commitMove({ key, pending: [], remaining: [], state })).rejects.toThrow(message);
  });

  it('the hardened profile without a clock is a ValidationError naming the clock', async () => {
    const e = await createReplayStores({ profile: 'hardened' }).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(ValidationError);
    expect((e as Error).message).toBe('replay stores clock is required by the hardened profile');
  });
});

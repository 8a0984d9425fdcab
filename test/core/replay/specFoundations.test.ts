// Spec A §13 "Foundations" examples 1–19, each its own test. Examples that do not depend on the
// profile run on every store set (memory, file original, file hardened).
import { describe, expect, it } from 'vitest';
import { createStoreFiles } from '../../../core/common/storeFiles';
import { ValidationError } from '../../../core/common/errors';
import { dedupAlerts, evaluateReconcileAlerts } from '../../../core/replay/alerts/evaluate';
import {
  InMemoryReconcileScheduleStore,
  runCoordinatedReconcileWithRecovery,
  runCoordinatedReconcileWithRecoveryAndExport,
  type CoordinatedReconcileInput,
  type ReconcileStep,
} from '../../../core/replay/coordinated/reconcile';
import { emitWithRecovery, emitWithRecoveryLegacy } from '../../../core/replay/delivery/emit';
import { InMemoryScheduleCoordinator, StoreBackedScheduleCoordinator } from '../../../core/replay/leases/coordinators';
import { FileDeadLetterStore } from '../../../core/replay/stores/fileDeadLetters';
import { FileRecoveryStore } from '../../../core/replay/stores/fileRecovery';
import { FileLeaseStore } from '../../../core/replay/stores/fileState';
import { InMemoryLeaseStore } from '../../../core/replay/stores/memory';
import {
  DEFAULT_ALERT_POLICY,
  LEGACY_ACK_RETRY_POLICY,
  newDedupState,
  type AckRetryPolicy,
  type ReconcileReport,
  type ScheduleCoordinator,
} from '../../../core/replay/types';
import { alertAt, alwaysFail, DL, detected, failOnce, metrics, R } from './support/fixtures';
import { MemoryFs } from './support/memoryFs';
import { makeStoreSet, STORE_SET_KINDS } from './support/storeSets';

const policy = (maxPendingAlerts: number, maxRetryAttempts: number, retryBackoffMs: number): AckRetryPolicy => ({
  maxPendingAlerts,
  maxRetryAttempts,
  retryBackoffMs,
});

describe('spec A §13 foundations: file stores', () => {
  it('1. file lease store: save then load returns the lease; clear then load returns none', async () => {
    const store = await FileLeaseStore.open(createStoreFiles(new MemoryFs(), 'original'), '/data');
    await store.save('w1', { holderNodeId: 'node-a', expiresAtMs: 1200 });
    expect(await store.load('w1')).toEqual({ holderNodeId: 'node-a', expiresAtMs: 1200 });
    await store.clear('w1');
    expect(await store.load('w1')).toBeNull();
  });

  it('2. a legacy pending file (plain alert array) loads as attempt 0, next_retry 0', async () => {
    const fs = new MemoryFs();
    const store = await FileRecoveryStore.open(createStoreFiles(fs, 'original'), '/data');
    const legacy = [{ world_id: 'w1', node_id: 'node-a', detected_at_ms: 1000, severity: 'warn', code: 'reconcile_diverged', message: 'm', drained: 1, diverged: 1, rejected: 0 }];
    fs.files.set('/data/w1.node-a.revocation-alert-pending.json', JSON.stringify(legacy));
    const loaded = await store.loadPending('w1', 'node-a');
    expect(loaded).toHaveLength(1);
    expect(loaded[0]).toMatchObject({ attempt: 0, nextRetryAtMs: 0, lastError: null });
    expect(loaded[0].alert.detectedAtMs).toBe(1000);
  });

  it('3. file dead-letter store lists exactly the appended record', async () => {
    const store = await FileDeadLetterStore.open(createStoreFiles(new MemoryFs(), 'original'), '/data');
    const record = { ...DL(R, 3, 1234), pendingAlert: { ...DL(R, 3, 1234).pendingAlert, nextRetryAtMs: 1234, lastError: 'io timeout' } };
    await store.append(record);
    expect(await store.list('w1', 'node-a')).toEqual([record]);
  });

  it('4. file metrics: one appended line lists as [(1200, same)]', async () => {
    const store = await FileDeadLetterStore.open(createStoreFiles(new MemoryFs(), 'original'), '/data');
    const m = { attempted: 3, succeeded: 2, failed: 1, deferred: 1, buffered: 1, droppedCapacity: 0, droppedRetryLimit: 0, deadLettered: 0 };
    await store.appendDeliveryMetrics('w1', 'node-a', 1200, m);
    expect(await store.listDeliveryMetrics('w1', 'node-a')).toEqual([{ exportedAtMs: 1200, metrics: m }]);
  });
});

async function leaseSequence(c: ScheduleCoordinator): Promise<boolean[]> {
  const out: boolean[] = [];
  out.push(await c.acquire('w1', 'node-a', 1000, 500));
  out.push(await c.acquire('w1', 'node-b', 1200, 500));
  out.push(await c.acquire('w1', 'node-b', 1601, 500));
  await c.release('w1', 'node-b');
  out.push(await c.acquire('w1', 'node-a', 1602, 500));
  return out;
}

describe('spec A §13 foundations: coordinators', () => {
  it('5. store-backed lease shared by A and B: true, false, true, release, true', async () => {
    expect(await leaseSequence(new StoreBackedScheduleCoordinator(new InMemoryLeaseStore()))).toEqual([true, false, true, true]);
  });

  it('6. the in-memory coordinator gives the same sequence', async () => {
    expect(await leaseSequence(new InMemoryScheduleCoordinator())).toEqual([true, false, true, true]);
  });
});

/** A reconcile schedule with interval 100 that returns the scripted reports, then empty ones. */
function scriptedReconcile(reports: ReconcileReport[]): ReconcileStep<{ last: number | null }> {
  return async (state, nowMs) => {
    if (state.last !== null && nowMs - state.last < 100) return { state, report: null };
    return { state: { last: nowMs }, report: reports.shift() ?? { drained: 0, inSync: 0, diverged: 0, merged: 0, rejected: 0 } };
  };
}

const divergedOnce = (): ReconcileReport[] => [{ drained: 1, inSync: 0, diverged: 1, merged: 0, rejected: 0 }];

async function reconcileSetup(retryPolicy: AckRetryPolicy, sink = failOnce()) {
  const stores = await makeStoreSet('memory');
  const coordinator = new InMemoryScheduleCoordinator();
  const base: CoordinatedReconcileInput<{ last: number | null }> = {
    worldId: 'w1', nodeId: 'node-a', nowMs: 0, reconcile: scriptedReconcile(divergedOnce()),
    scheduleStore: new InMemoryReconcileScheduleStore(() => ({ last: null })), alertPolicy: DEFAULT_ALERT_POLICY,
    sink, recoveryStore: stores.recoveryStore, retryPolicy, deadLetterStore: stores.deadLetterStore, coordinator, leaseTtlMs: 500,
  };
  return { stores, coordinator, sink, run: (nowMs: number) => runCoordinatedReconcileWithRecovery({ ...base, nowMs }), base };
}

describe('spec A §13 foundations: coordinated reconcile', () => {
  it('7. node-b is refused while node-a holds "w1": acquired false, emitted 0, no run report', async () => {
    const { coordinator, base } = await reconcileSetup(LEGACY_ACK_RETRY_POLICY);
    expect(await coordinator.acquire('w1', 'node-a', 1000, 1000)).toBe(true);
    const report = await runCoordinatedReconcileWithRecovery({ ...base, nodeId: 'node-b', nowMs: 1100 });
    expect(report).toMatchObject({ acquired: false, emittedAlerts: 0, runReport: null });
  });

  it('14. legacy policy, FailOnce: 1305 buffers the diverged alert, 1310 recovers it', async () => {
    const { stores, sink, run } = await reconcileSetup(LEGACY_ACK_RETRY_POLICY);
    const first = await run(1305);
    expect(first).toMatchObject({ acquired: true, bufferedAlerts: 1, deliveryMetrics: metrics({ attempted: 1, failed: 1, buffered: 1 }) });
    expect(first.runReport?.diverged).toBe(1);
    const second = await run(1310);
    expect(second).toMatchObject({ recoveredAlerts: 1, runReport: null, deliveryMetrics: metrics({ attempted: 1, succeeded: 1 }) });
    expect(await stores.recoveryStore.loadPending('w1', 'node-a')).toEqual([]);
    expect(sink.delivered.map((a) => a.code)).toEqual(['reconcile_diverged']);
  });

  it('15. {4, 2, 100}, AlwaysFail: buffered at 1305, deferred at 1310, retry-limit dropped at 1405', async () => {
    const { stores, run } = await reconcileSetup(policy(4, 2, 100), alwaysFail());
    expect((await run(1305)).bufferedAlerts).toBe(1);
    expect(await run(1310)).toMatchObject({ bufferedAlerts: 1, deferredAlerts: 1 });
    expect(await run(1405)).toMatchObject({ bufferedAlerts: 0, deferredAlerts: 0, droppedAlertsRetryLimit: 1 });
    expect(await stores.recoveryStore.loadPending('w1', 'node-a')).toEqual([]);
  });

  it('16. {8, 1, 0}, AlwaysFail with a dead-letter store: one R dead letter', async () => {
    const { stores, run } = await reconcileSetup(policy(8, 1, 0), alwaysFail());
    const report = await run(1305);
    expect(report).toMatchObject({ bufferedAlerts: 0, droppedAlertsRetryLimit: 1 });
    expect(report.deliveryMetrics).toMatchObject({ attempted: 1, failed: 1, deadLettered: 1 });
    const dls = await stores.deadLetterStore.list('w1', 'node-a');
    expect(dls.map((d) => d.reason)).toEqual([R]);
  });

  it('17. export variant, {8, 2, 100}, FailOnce at 1305: exactly one metrics line (1305, report metrics)', async () => {
    const { stores, base } = await reconcileSetup(policy(8, 2, 100));
    const report = await runCoordinatedReconcileWithRecoveryAndExport({ ...base, nowMs: 1305 });
    expect(await stores.deadLetterStore.listDeliveryMetrics('w1', 'node-a')).toEqual([{ exportedAtMs: 1305, metrics: report.deliveryMetrics }]);
  });
});

describe.each(STORE_SET_KINDS)('spec A §13 foundations: delivery on %s stores', (kind) => {
  it('8. legacy emit with FailOnce: first call buffers 2, second call recovers 2', async () => {
    const s = await makeStoreSet(kind);
    const sink = failOnce();
    const first = await emitWithRecoveryLegacy('w1', 'node-a', sink, s.recoveryStore, [alertAt(1000), alertAt(1001)]);
    expect(first).toMatchObject({ recovered: 0, emittedNew: 0, buffered: 2, deferred: 0 });
    expect(first.deliveryMetrics).toMatchObject({ attempted: 1, failed: 1, deadLettered: 0 });
    expect(await s.recoveryStore.loadPending('w1', 'node-a')).toHaveLength(2);
    const second = await emitWithRecoveryLegacy('w1', 'node-a', sink, s.recoveryStore, []);
    expect(second).toMatchObject({ recovered: 2, buffered: 0 });
    expect(second.deliveryMetrics).toMatchObject({ attempted: 2, succeeded: 2 });
    expect(await s.recoveryStore.loadPending('w1', 'node-a')).toEqual([]);
    expect(sink.delivered).toHaveLength(2);
  });

  const emit = (s: Awaited<ReturnType<typeof makeStoreSet>>, nowMs: number, p: AckRetryPolicy, sink: ReturnType<typeof failOnce>, alerts = [alertAt(1000)]) =>
    emitWithRecovery({ worldId: 'w1', nodeId: 'node-a', nowMs, sink, recoveryStore: s.recoveryStore, newAlerts: alerts, policy: p, deadLetterStore: s.deadLetterStore, writer: s.writer });

  it('9. ACK retry {8, 3, 100}, FailOnce: buffered at 1000, deferred at 1050, due (not >) at 1100', async () => {
    const s = await makeStoreSet(kind);
    const sink = failOnce();
    expect((await emit(s, 1000, policy(8, 3, 100), sink)).buffered).toBe(1);
    expect(await s.recoveryStore.loadPending('w1', 'node-a')).toMatchObject([{ attempt: 1, nextRetryAtMs: 1100 }]);
    const mid = await emit(s, 1050, policy(8, 3, 100), sink, []);
    expect(mid).toMatchObject({ deferred: 1, buffered: 1, emittedNew: 0, recovered: 0 });
    expect(sink.attempts).toHaveLength(1);
    expect(await emit(s, 1100, policy(8, 3, 100), sink, [])).toMatchObject({ recovered: 1, buffered: 0 });
  });

  it('10. {8, 2, 0}, AlwaysFail: buffered at 1000, retry-limit dropped at 1001 after 2 attempts', async () => {
    const s = await makeStoreSet(kind);
    const sink = alwaysFail();
    expect(await emit(s, 1000, policy(8, 2, 0), sink)).toMatchObject({ buffered: 1, droppedRetryLimit: 0 });
    expect(await emit(s, 1001, policy(8, 2, 0), sink, [])).toMatchObject({ buffered: 0, droppedRetryLimit: 1 });
    expect(sink.attempts).toHaveLength(2);
    expect(await s.recoveryStore.loadPending('w1', 'node-a')).toEqual([]);
  });

  it('11. {8, 1, 0}, AlwaysFail with a dead-letter store: one R record', async () => {
    const s = await makeStoreSet(kind);
    const report = await emit(s, 1000, policy(8, 1, 0), alwaysFail());
    expect(report).toMatchObject({ buffered: 0, droppedRetryLimit: 1 });
    expect(report.deliveryMetrics).toMatchObject({ attempted: 1, failed: 1, deadLettered: 1 });
    expect((await s.deadLetterStore.list('w1', 'node-a')).map((d) => d.reason)).toEqual([R]);
  });

  it('12. {2, 3, 0}, AlwaysFail, alerts 2000/2001/2002: 2002 is evicted', async () => {
    const s = await makeStoreSet(kind);
    const report = await emit(s, 2000, policy(2, 3, 0), alwaysFail(), [alertAt(2000), alertAt(2001), alertAt(2002)]);
    expect(report).toMatchObject({ buffered: 2, droppedCapacity: 1 });
    const queue = await s.recoveryStore.loadPending('w1', 'node-a');
    expect(detected(queue)).toEqual([2000, 2001]);
    expect(queue.map((p) => p.attempt)).toEqual([1, 0]);
  });

  it('13. {1, 3, 100}, FailOnce with a dead-letter store, 3 alerts: two C records (2001, 2002)', async () => {
    const s = await makeStoreSet(kind);
    const report = await emit(s, 2000, policy(1, 3, 100), failOnce(), [alertAt(2000), alertAt(2001), alertAt(2002)]);
    expect(report).toMatchObject({ buffered: 1, droppedCapacity: 2 });
    expect(report.deliveryMetrics).toMatchObject({ attempted: 1, failed: 1, deadLettered: 2 });
    const dls = await s.deadLetterStore.list('w1', 'node-a');
    expect(dls.map((d) => [d.reason, d.pendingAlert.alert.detectedAtMs])).toEqual([['capacity_evicted', 2001], ['capacity_evicted', 2002]]);
  });
});

describe('spec A §13 foundations: alerts', () => {
  it('18. dedup window 300 over [div, div, rej]: 2 pass at 1000, 0 at 1100, 2 at 1400', () => {
    const state = newDedupState();
    const batch = [alertAt(1, 'w1', 'n', 'reconcile_diverged'), alertAt(1, 'w1', 'n', 'reconcile_diverged'), alertAt(1, 'w1', 'n', 'reconcile_rejected')];
    expect(dedupAlerts(batch, 1000, { suppressWindowMs: 300 }, state)).toHaveLength(2);
    expect(dedupAlerts(batch, 1100, { suppressWindowMs: 300 }, state)).toHaveLength(0);
    expect(dedupAlerts(batch, 1400, { suppressWindowMs: 300 }, state)).toHaveLength(2);
  });

  it('19. report {4, 1, 2, 1, 1} with {warn 2, crit 1} gives [Critical rejected, Warn diverged]', () => {
    const alerts = evaluateReconcileAlerts('w1', 'node-a', 1000, { drained: 4, inSync: 1, diverged: 2, merged: 1, rejected: 1 }, {
      warnDivergedThreshold: 2,
      criticalRejectedThreshold: 1,
    });
    expect(alerts.map((a) => [a.severity, a.code])).toEqual([['critical', 'reconcile_rejected'], ['warn', 'reconcile_diverged']]);
    expect(alerts[0].message).toBe('membership revocation reconcile rejected 1 checkpoint(s)');
    expect(alerts[1].message).toBe('membership revocation reconcile diverged on 2 checkpoint(s)');
  });

  it('a negative dedup window is a ValidationError naming suppress_window_ms', () => {
    expect(() => dedupAlerts([], 0, { suppressWindowMs: -1 }, newDedupState())).toThrow(ValidationError);
    expect(() => dedupAlerts([], 0, { suppressWindowMs: -1 }, newDedupState())).toThrow(/suppress_window_ms/);
  });
});

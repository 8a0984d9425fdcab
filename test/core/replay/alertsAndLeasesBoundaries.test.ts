// The pure decisions of part A at their boundaries: alert thresholds of 0 disable an alert (§2.2),
// dedup at exactly the window and with window 0 (§2.3), lease expiry at exactly expires_at and
// release only by the holder (§7), the interval gate and the cooldown at their edges (§8.3, §11).
import { describe, expect, it } from 'vitest';
import { dedupAlerts, evaluateReconcileAlerts } from '../../../core/replay/alerts/evaluate';
import { isReplayDue } from '../../../core/replay/deadletters/due';
import { isWithinCooldown } from '../../../core/replay/guard/guard';
import { InMemoryScheduleCoordinator, StoreBackedScheduleCoordinator } from '../../../core/replay/leases/coordinators';
import { decideAcquire, decideRelease, isLeaseActive } from '../../../core/replay/leases/decide';
import { withLease } from '../../../core/replay/leases/withLease';
import { InMemoryLeaseStore } from '../../../core/replay/stores/memory';
import { newDedupState, type ReconcileReport } from '../../../core/replay/types';
import { alertAt } from './support/fixtures';

const report = (rejected: number, diverged: number): ReconcileReport => ({ drained: 3, inSync: 0, diverged, merged: 0, rejected });
const codes = (alerts: { code: string }[]) => alerts.map((a) => a.code);

describe('alert thresholds (§2.2)', () => {
  it('a threshold of 0 disables its alert even when the count is positive', () => {
    expect(evaluateReconcileAlerts('w1', 'n', 5, report(4, 4), { criticalRejectedThreshold: 0, warnDivergedThreshold: 1 })).toHaveLength(1);
    expect(codes(evaluateReconcileAlerts('w1', 'n', 5, report(4, 4), { criticalRejectedThreshold: 0, warnDivergedThreshold: 1 }))).toEqual(['reconcile_diverged']);
    expect(codes(evaluateReconcileAlerts('w1', 'n', 5, report(4, 4), { criticalRejectedThreshold: 1, warnDivergedThreshold: 0 }))).toEqual(['reconcile_rejected']);
    expect(evaluateReconcileAlerts('w1', 'n', 5, report(0, 0), { criticalRejectedThreshold: 0, warnDivergedThreshold: 0 })).toEqual([]);
  });

  it('a count equal to the threshold alerts, one below does not', () => {
    const policy = { criticalRejectedThreshold: 2, warnDivergedThreshold: 3 };
    expect(codes(evaluateReconcileAlerts('w1', 'n', 5, report(2, 3), policy))).toEqual(['reconcile_rejected', 'reconcile_diverged']);
    expect(evaluateReconcileAlerts('w1', 'n', 5, report(1, 2), policy)).toEqual([]);
  });
});

describe('alert dedup (§2.3)', () => {
  it('window 0 passes every alert and records nothing', () => {
    const state = newDedupState();
    const alerts = [alertAt(1), alertAt(1)];
    expect(dedupAlerts(alerts, 10, { suppressWindowMs: 0 }, state)).toEqual(alerts);
    expect(state.lastEmittedAtByKey.size).toBe(0);
  });

  it('an alert exactly one window after the last emission passes; one ms earlier it is dropped', () => {
    const state = newDedupState();
    expect(dedupAlerts([alertAt(1)], 100, { suppressWindowMs: 50 }, state)).toHaveLength(1);
    expect(dedupAlerts([alertAt(2)], 149, { suppressWindowMs: 50 }, state)).toEqual([]);
    expect(dedupAlerts([alertAt(3)], 150, { suppressWindowMs: 50 }, state)).toEqual([alertAt(3)]);
  });

  it('a negative window is a ValidationError naming suppress_window_ms', () => {
    expect(() => dedupAlerts([], 0, { suppressWindowMs: -1 }, newDedupState())).toThrow(
      'membership revocation alert dedup suppress_window_ms must be non-negative, got -1',
    );
  });
});

describe('lease decisions (§7)', () => {
  it('a lease is no longer active at exactly expires_at', () => {
    expect(isLeaseActive({ holderNodeId: 'a', expiresAtMs: 100 }, 99)).toBe(true);
    expect(isLeaseActive({ holderNodeId: 'a', expiresAtMs: 100 }, 100)).toBe(false);
    expect(decideAcquire({ holderNodeId: 'a', expiresAtMs: 100 }, 'b', 100, 10)).toEqual({ holderNodeId: 'b', expiresAtMs: 110 });
    expect(decideAcquire({ holderNodeId: 'a', expiresAtMs: 100 }, 'b', 99, 10)).toBeNull();
  });

  it('release is decided only for the recorded holder', () => {
    expect(decideRelease(null, 'a')).toBe(false);
    expect(decideRelease({ holderNodeId: 'b', expiresAtMs: 100 }, 'a')).toBe(false);
    expect(decideRelease({ holderNodeId: 'a', expiresAtMs: 0 }, 'a')).toBe(true);
  });

  it.each([
    ['in memory', () => new InMemoryScheduleCoordinator()],
    ['store-backed', () => new StoreBackedScheduleCoordinator(new InMemoryLeaseStore())],
  ] as const)('%s coordinator: a release by another node leaves the lease held', async (_name, make) => {
    const coordinator = make();
    expect(await coordinator.acquire('w1', 'node-a', 0, 100)).toBe(true);
    await coordinator.release('w1', 'node-b');
    expect(await coordinator.acquire('w1', 'node-b', 50, 100)).toBe(false);
    await coordinator.release(' w1 ', ' node-a ');
    expect(await coordinator.acquire('w1', 'node-b', 50, 100)).toBe(true);
  });

  it('holder_node reports the recorded holder, also after expiry, for the normalised key', async () => {
    const coordinator = new InMemoryScheduleCoordinator();
    expect(coordinator.holderNode('w1')).toBeNull();
    await coordinator.acquire(' w1 ', 'node-a', 0, 10);
    expect(coordinator.holderNode('w1 ')).toBe('node-a');
    await coordinator.release('w1', 'node-a');
    expect(coordinator.holderNode('w1')).toBeNull();
  });

  it('withLease reports exactly {acquired: false} when the lease is busy, without running the body', async () => {
    const coordinator = new InMemoryScheduleCoordinator();
    await coordinator.acquire('w1', 'node-a', 0, 100);
    let ran = false;
    const outcome = await withLease(coordinator, 'w1', 'node-b', 0, 100, async () => {
      ran = true;
    });
    expect(outcome).toStrictEqual({ acquired: false });
    expect(ran).toBe(false);
  });
});

describe('interval gate and cooldown (§8.3, §11.3)', () => {
  it('a replay is due at exactly one interval after the last, not one ms before; always without a last', () => {
    expect(isReplayDue(100, 150, 50)).toBe(true);
    expect(isReplayDue(100, 149, 50)).toBe(false);
    expect(isReplayDue(null, -10, 50)).toBe(true);
  });

  it('no last replay is never within the cooldown, even at a time smaller than the cooldown', () => {
    expect(isWithinCooldown({ lastReplayAtMs: null, preferCapacityEvicted: false }, 5, 100)).toBe(false);
    expect(isWithinCooldown({ lastReplayAtMs: 0, preferCapacityEvicted: false }, 99, 100)).toBe(true);
    expect(isWithinCooldown({ lastReplayAtMs: 0, preferCapacityEvicted: false }, 100, 100)).toBe(false);
  });
});

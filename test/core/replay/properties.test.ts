// Property tests of part A's pure decisions (bounded runs; fixed seed per file for reproducibility).
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { recommendFromSnapshot } from '../../../core/replay/adaptive/recommend';
import { dedupAlerts, dedupKey } from '../../../core/replay/alerts/evaluate';
import { planMove } from '../../../core/replay/deadletters/plan';
import { comparePriority, priorityOrder, reasonPriority } from '../../../core/replay/deadletters/priority';
import { emitWithRecovery } from '../../../core/replay/delivery/emit';
import { aggregateRecentMetrics, ratioPerMille } from '../../../core/replay/delivery/metrics';
import { selectFair } from '../../../core/replay/fair/selectFair';
import { applyGuard, stepToward } from '../../../core/replay/guard/guard';
import { decideAcquire, isLeaseActive } from '../../../core/replay/leases/decide';
import { InMemoryDeadLetterStore, InMemoryRecoveryStore } from '../../../core/replay/stores/memory';
import type { DeadLetterRecord, DeliveryMetrics, ReplayPolicy } from '../../../core/replay/types';
import { alertAt, C, DL, pendingOf, R, ScriptedSink } from './support/fixtures';

const SEED = 20250301;
const runs = (numRuns: number) => ({ numRuns, seed: SEED });

const dlArb = fc
  .record({ reason: fc.constantFrom(R, C), attempt: fc.nat(6), droppedAtMs: fc.integer({ min: 0, max: 20 }) })
  .map((d) => DL(d.reason, d.attempt, d.droppedAtMs));
const dlsArb = fc.array(dlArb, { maxLength: 24 });
const keyOf = (d: DeadLetterRecord, i: number) => [-reasonPriority(d.reason), -d.pendingAlert.attempt, d.droppedAtMs, i];
const lexLe = (a: number[], b: number[]) => {
  for (let k = 0; k < a.length; k += 1) if (a[k] !== b[k]) return a[k] < b[k];
  return true;
};

describe(`priority order (seed ${SEED})`, () => {
  test.prop([dlsArb], runs(200))('is a permutation sorted by the rule key (reason desc, attempt desc, dropped asc, index)', (dls) => {
    const order = priorityOrder(dls);
    expect([...order].sort((a, b) => a - b)).toEqual(dls.map((_, i) => i));
    for (let k = 1; k < order.length; k += 1) expect(lexLe(keyOf(dls[order[k - 1]], order[k - 1]), keyOf(dls[order[k]], order[k]))).toBe(true);
  });

  test.prop([dlsArb.filter((d) => d.length > 0), fc.nat(), fc.nat()], runs(200))('is a total order: antisymmetric, equal only for the same index', (dls, a, b) => {
    const i = a % dls.length;
    const j = b % dls.length;
    expect(Math.sign(comparePriority(dls, i, j)) + Math.sign(comparePriority(dls, j, i))).toBe(0);
    expect(comparePriority(dls, i, j) === 0).toBe(i === j);
  });
});

describe(`fair selection (seed ${SEED})`, () => {
  test.prop([dlsArb, fc.integer({ min: 0, max: 30 }), fc.integer({ min: 1, max: 6 }), fc.boolean()], runs(200))(
    'selects min(len, count) distinct records and never more than S retry records in a row while capacity records wait',
    (dls, count, streakMax, prefer) => {
      const { selected, nextPrefer } = selectFair(dls, count, streakMax, prefer);
      expect(selected).toHaveLength(Math.min(dls.length, count));
      expect(new Set(selected).size).toBe(selected.length);
      let capacityLeft = dls.filter((d) => d.reason === C).length;
      let streak = 0;
      for (const i of selected) {
        if (dls[i].reason === C) {
          capacityLeft -= 1;
          streak = 0;
        } else {
          streak += 1;
          if (capacityLeft > 0) expect(streak).toBeLessThanOrEqual(streakMax);
        }
      }
      const tookCapacity = selected.some((i) => dls[i].reason === C);
      expect(nextPrefer).toBe(capacityLeft > 0 && !tookCapacity);
    },
  );

  test.prop([dlsArb, fc.integer({ min: 0, max: 30 }), fc.integer({ min: 1, max: 6 }), fc.boolean()], runs(150))(
    'takes each bucket in its own priority order (attempt desc, dropped asc, index)',
    (dls, count, streakMax, prefer) => {
      const { selected } = selectFair(dls, count, streakMax, prefer);
      for (const reason of [R, C]) {
        const picked = selected.filter((i) => dls[i].reason === reason);
        const bucket = priorityOrder(dls).filter((i) => dls[i].reason === reason);
        expect(picked).toEqual(bucket.slice(0, picked.length));
      }
    },
  );

  test.prop([dlsArb, fc.integer({ min: 0, max: 30 })], runs(100))('a replay move conserves every record: appended or remaining, in order', (dls, count) => {
    const selected = priorityOrder(dls).slice(0, count);
    const plan = planMove(dls, [], selected);
    expect(plan.pending).toEqual(selected.map((i) => dls[i].pendingAlert));
    expect(plan.remaining).toEqual(dls.filter((_, i) => !selected.includes(i)));
    expect(plan.pending.length + plan.remaining.length).toBe(dls.length);
  });
});

const metricsArb: fc.Arbitrary<DeliveryMetrics> = fc.record({
  attempted: fc.nat(50), succeeded: fc.nat(50), failed: fc.nat(50), deferred: fc.nat(50),
  buffered: fc.nat(50), droppedCapacity: fc.nat(50), droppedRetryLimit: fc.nat(50), deadLettered: fc.nat(50),
});
const policyArb: fc.Arbitrary<ReplayPolicy> = fc.record({ maxReplayPerRun: fc.integer({ min: 1, max: 80 }), maxRetryLimitExceededStreak: fc.integer({ min: 1, max: 20 }) });
const boundsArb = fc
  .record({ lookback: fc.integer({ min: 1, max: 8 }), a: fc.integer({ min: 1, max: 40 }), b: fc.integer({ min: 1, max: 40 }), s: fc.integer({ min: 1, max: 10 }) })
  .map(({ lookback, a, b, s }) => ({ metricsLookback: lookback, minReplayPerRun: Math.min(a, b), maxReplayPerRun: Math.max(a, b), maxRetryLimitExceededStreak: s }));
const snapArb = fc.record({
  state: fc.record({ lastReplayAtMs: fc.option(fc.integer({ min: 0, max: 5000 }), { nil: null }), preferCapacityEvicted: fc.boolean() }),
  deadLetters: dlsArb,
  pendingCount: fc.nat(20),
  metrics: metricsArb,
});

describe(`adaptive recommendation and guard (seed ${SEED})`, () => {
  test.prop([policyArb, boundsArb, snapArb], runs(200))('recommendations stay within the bounds, even from an out-of-bounds current', (current, bounds, snap) => {
    const rec = recommendFromSnapshot(current, bounds, snap);
    expect(rec.maxReplayPerRun).toBeGreaterThanOrEqual(bounds.minReplayPerRun);
    expect(rec.maxReplayPerRun).toBeLessThanOrEqual(bounds.maxReplayPerRun);
    expect(rec.maxRetryLimitExceededStreak).toBeGreaterThanOrEqual(1);
    expect(rec.maxRetryLimitExceededStreak).toBeLessThanOrEqual(bounds.maxRetryLimitExceededStreak);
  });

  const guardArb = fc.record({ policyCooldownMs: fc.integer({ min: 1, max: 1000 }), maxReplayStepChange: fc.integer({ min: 1, max: 5 }), maxRetryStreakStepChange: fc.integer({ min: 1, max: 5 }) });

  test.prop([policyArb, policyArb, snapArb.map((s) => s.state), fc.integer({ min: 0, max: 6000 }), guardArb], runs(200))(
    'the guard never moves a field by more than its step, and only toward the recommendation',
    (current, recommended, state, nowMs, guard) => {
      const g = applyGuard(current, recommended, state, nowMs, guard);
      expect(Math.abs(g.maxReplayPerRun - current.maxReplayPerRun)).toBeLessThanOrEqual(guard.maxReplayStepChange);
      expect(Math.abs(g.maxRetryLimitExceededStreak - current.maxRetryLimitExceededStreak)).toBeLessThanOrEqual(guard.maxRetryStreakStepChange);
      const between = (v: number, a: number, b: number) => v >= Math.min(a, b) && v <= Math.max(a, b);
      expect(between(g.maxReplayPerRun, current.maxReplayPerRun, recommended.maxReplayPerRun)).toBe(true);
      expect(between(g.maxRetryLimitExceededStreak, current.maxRetryLimitExceededStreak, recommended.maxRetryLimitExceededStreak)).toBe(true);
    },
  );

  test.prop([policyArb, policyArb, fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 0, max: 999 }), guardArb], runs(200))(
    'within the cooldown (now - last < cooldown) the current policy is returned unchanged',
    (current, recommended, last, sinceLast, guard) => {
      const state = { lastReplayAtMs: last, preferCapacityEvicted: false };
      const nowMs = last + (sinceLast % guard.policyCooldownMs);
      expect(applyGuard(current, recommended, state, nowMs, guard)).toBe(current);
      const after = applyGuard(current, recommended, state, last + guard.policyCooldownMs, guard);
      expect(after === current && (current.maxReplayPerRun !== recommended.maxReplayPerRun)).toBe(false);
    },
  );

  test.prop([fc.nat(100), fc.nat(100), fc.integer({ min: 1, max: 20 })], runs(200))('stepToward moves at most `step`, never past the target', (cur, target, step) => {
    const v = stepToward(cur, target, step);
    expect(Math.abs(v - cur)).toBeLessThanOrEqual(step);
    expect(Math.abs(target - v)).toBe(Math.max(Math.abs(target - cur) - step, 0));
  });
});

describe(`metrics arithmetic (seed ${SEED})`, () => {
  test.prop([fc.array(metricsArb, { maxLength: 10 }), fc.integer({ min: 0, max: 12 })], runs(150))('aggregation sums exactly the last `lookback` lines by position', (ms, lookback) => {
    const lines = ms.map((metrics, i) => ({ exportedAtMs: 100 - i, metrics }));
    const sum = aggregateRecentMetrics(lines, lookback);
    const tail = ms.slice(Math.max(0, ms.length - lookback));
    expect(sum.attempted).toBe(tail.reduce((a, m) => a + m.attempted, 0));
    expect(sum.deadLettered).toBe(tail.reduce((a, m) => a + m.deadLettered, 0));
  });

  test.prop([fc.nat(10_000), fc.nat(10_000)], runs(150))('ratioPerMille is floor(num * 1000 / den), 0 for den 0', (num, den) => {
    expect(ratioPerMille(num, den)).toBe(den === 0 ? 0 : Math.floor((num * 1000) / den));
  });
});

describe(`delivery and dedup (seed ${SEED})`, () => {
  const itemArb = fc.record({ attempt: fc.nat(4), next: fc.integer({ min: 900, max: 1100 }) });
  test.prop(
    [fc.array(itemArb, { maxLength: 8 }), fc.nat(5), fc.array(fc.boolean(), { maxLength: 16 }), fc.record({ cap: fc.integer({ min: 1, max: 6 }), retries: fc.integer({ min: 1, max: 4 }), backoff: fc.nat(200) })],
    runs(150),
  )('an emit run conserves every alert: delivered, dead-lettered or still queued, exactly once', async (queue, newCount, failures, p) => {
    const recoveryStore = new InMemoryRecoveryStore();
    const deadLetterStore = new InMemoryDeadLetterStore();
    await recoveryStore.savePending('w1', 'node-a', queue.map((q, i) => pendingOf(alertAt(i), q.attempt, q.next)));
    const sink = new ScriptedSink((n) => failures[n] ?? false);
    const newAlerts = Array.from({ length: newCount }, (_, i) => alertAt(100 + i));
    const policy = { maxPendingAlerts: p.cap, maxRetryAttempts: p.retries, retryBackoffMs: p.backoff };
    const r = await emitWithRecovery({ worldId: 'w1', nodeId: 'node-a', nowMs: 1000, sink, recoveryStore, newAlerts, policy, deadLetterStore });
    const queued = await recoveryStore.loadPending('w1', 'node-a');
    const dead = await deadLetterStore.list('w1', 'node-a');
    const all = [...sink.delivered.map((a) => a.detectedAtMs), ...queued.map((q) => q.alert.detectedAtMs), ...dead.map((d) => d.pendingAlert.alert.detectedAtMs)];
    expect(all.sort((a, b) => a - b)).toEqual([...queue.map((_, i) => i), ...newAlerts.map((a) => a.detectedAtMs)]);
    expect(r.recovered + r.emittedNew + r.buffered + r.droppedCapacity + r.droppedRetryLimit).toBe(queue.length + newCount);
    expect(r.deliveryMetrics.failed).toBeLessThanOrEqual(1);
    expect(queued.length).toBeLessThanOrEqual(p.cap);
  });

  const codeArb = fc.constantFrom('reconcile_diverged', 'reconcile_rejected');
  test.prop([fc.array(fc.tuple(fc.integer({ min: 0, max: 50 }), fc.array(codeArb, { maxLength: 3 })), { maxLength: 8 }), fc.integer({ min: 1, max: 30 })], runs(150))(
    'dedup never lets the same key through twice within the window (strict <)',
    (batches, window) => {
      const state = { lastEmittedAtByKey: new Map<string, number>() };
      const seen = new Map<string, number>();
      let now = 0;
      for (const [dt, codes] of batches) {
        now += dt;
        const kept = dedupAlerts(codes.map((c) => alertAt(now, 'w1', 'n', c)), now, { suppressWindowMs: window }, state);
        for (const a of kept) {
          const last = seen.get(dedupKey(a));
          if (last !== undefined) expect(now - last).toBeGreaterThanOrEqual(window);
          seen.set(dedupKey(a), now);
        }
      }
    },
  );
});

describe(`lease decisions (seed ${SEED})`, () => {
  test.prop([fc.constantFrom('a', 'b'), fc.integer({ min: 0, max: 100 }), fc.constantFrom('a', 'b'), fc.integer({ min: 0, max: 200 }), fc.integer({ min: 1, max: 100 })], runs(200))(
    'an active lease of another node is never overwritten; an expired one (now >= expires) always is',
    (holder, expiresAtMs, node, nowMs, ttl) => {
      const next = decideAcquire({ holderNodeId: holder, expiresAtMs }, node, nowMs, ttl);
      const blocked = isLeaseActive({ holderNodeId: holder, expiresAtMs }, nowMs) && holder !== node;
      expect(next === null).toBe(blocked);
      if (next) expect(next).toEqual({ holderNodeId: node, expiresAtMs: nowMs + ttl });
    },
  );
});

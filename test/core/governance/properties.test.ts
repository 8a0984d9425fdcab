// Property tests of the pure decisions and the drill schedule (bounded runs, seeded by fast-check).
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import {
  InMemoryDrillScheduleStateStore,
  InMemoryGovernanceAuditRetentionStore,
  InMemoryGovernanceStateStore,
  InMemoryRollbackAlertStateStore,
  applyAuditRetention,
  applyGovernance,
  decidePersistedPolicy,
  governanceLevelFor,
  pruneGovernanceAuditArchive,
  runScheduledRecoveryDrill,
  type GovernanceLevel,
  type GovernanceState,
  type ReplayPolicyState,
} from '../../../core/exports-governance';
import { govAudit, metrics, policy } from './support/fixtures';

const RUNS = { numRuns: 150 };
const arbPolicy = fc.record({ maxReplayPerRun: fc.integer({ min: 1, max: 20 }), maxRetryLimitExceededStreak: fc.integer({ min: 1, max: 6 }) });
const arbMetrics = fc
  .record({ attempted: fc.integer({ min: 0, max: 30 }), failed: fc.integer({ min: 0, max: 30 }), deadLettered: fc.integer({ min: 0, max: 30 }) })
  .map((m) => metrics(m));
const arbGuard = fc.record({
  minAttempted: fc.integer({ min: 1, max: 12 }),
  failureRatioPerMille: fc.integer({ min: 0, max: 1000 }),
  deadLetterRatioPerMille: fc.integer({ min: 0, max: 1000 }),
  rollbackCooldownMs: fc.integer({ min: 1, max: 500 }),
});

describe('persisted decision properties', () => {
  test.prop([arbPolicy, arbPolicy, arbPolicy, fc.array(fc.tuple(arbMetrics, fc.integer({ min: 0, max: 400 })), { minLength: 1, maxLength: 12 }), arbGuard], RUNS)(
    'a rollback always applies the last stable policy, and rollbacks are at least a cooldown apart',
    (active, stable, recommended, runs, guard) => {
      let state: ReplayPolicyState = { activePolicy: active, lastStablePolicy: stable, lastPolicyUpdateAtMs: 0, lastStableAtMs: 0, lastRollbackAtMs: null };
      let now = 0;
      const rollbacks: number[] = [];
      for (const [m, gap] of runs) {
        now += gap;
        const d = decidePersistedPolicy({ state, recommended, metrics: m, deadLetterCount: 0, pendingCount: 0, guard, nowMs: now });
        if (d.rolledBack) {
          expect(d.applied).toEqual(state.lastStablePolicy);
          expect(d.nextState.lastStablePolicy).toEqual(state.lastStablePolicy);
          rollbacks.push(now);
        } else {
          expect(d.applied).toEqual(recommended);
        }
        expect(d.nextState.activePolicy).toEqual(d.applied);
        state = d.nextState;
      }
      for (let i = 1; i < rollbacks.length; i += 1) expect(rollbacks[i] - rollbacks[i - 1]).toBeGreaterThanOrEqual(guard.rollbackCooldownMs);
    },
  );
});

describe('governance level properties', () => {
  const arbGov = fc
    .tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 0, max: 4 }))
    .map(([l1, extra]) => ({ levelOneRollbackStreak: l1, levelTwoRollbackStreak: l1 + extra, levelTwoEmergencyPolicy: policy(1, 1) }));

  test.prop([arbGov, fc.array(fc.boolean(), { maxLength: 30 })], RUNS)(
    'levels move only as the streak rules allow: up one rollback at a time, down to normal on any clean run',
    (gov, rollbackRuns) => {
      let state: GovernanceState = { rollbackStreak: 0, lastLevel: 'normal', lastLevelUpdatedAtMs: null };
      const rank: Record<GovernanceLevel, number> = { normal: 0, stable: 1, emergency: 2 };
      rollbackRuns.forEach((rolledBack, i) => {
        const out = applyGovernance({ nowMs: i, rolledBack, applied: policy(8, 1), stable: policy(4, 2), policy: gov, state });
        expect(out.nextState.rollbackStreak).toBe(rolledBack ? state.rollbackStreak + 1 : 0);
        expect(out.level).toBe(governanceLevelFor(out.nextState.rollbackStreak, gov));
        if (!rolledBack) expect(out.level).toBe('normal');
        if (rank[out.level] > rank[state.lastLevel]) expect(rolledBack).toBe(true);
        if (out.level !== 'normal') expect(rolledBack).toBe(true);
        expect(out.governed).toEqual(out.level === 'emergency' ? policy(1, 1) : out.level === 'stable' ? policy(4, 2) : policy(8, 1));
        state = out.nextState;
      });
    },
  );
});

describe('retention properties', () => {
  const arbTimes = fc.array(fc.integer({ min: 0, max: 2000 }), { maxLength: 25 });
  const arbRetention = fc.record({ maxRecords: fc.integer({ min: 1, max: 10 }), maxAgeMs: fc.integer({ min: 1, max: 1500 }) });

  test.prop([arbTimes, fc.integer({ min: 0, max: 3000 }), arbRetention], RUNS)(
    'retention keeps exactly the newest max_records (by position) of the records no older than max_age',
    (times, now, policyR) => {
      const records = times.map((t) => govAudit(t));
      const r = applyAuditRetention(records, now, policyR);
      const young = records.filter((x) => now - x.auditedAtMs <= policyR.maxAgeMs);
      expect(r.kept).toEqual(young.slice(Math.max(0, young.length - policyR.maxRecords)));
      expect(records.length).toBe(r.kept.length + r.prunedByAge + r.prunedByCapacity);
    },
  );

  test.prop([arbTimes, fc.integer({ min: 0, max: 3000 }), arbRetention, fc.constantFrom('original' as const, 'hardened' as const)], RUNS)(
    'prune stores what retention keeps (hardened: never the empty archive) and reports consistent counts',
    async (times, now, policyR, profile) => {
      const store = new InMemoryGovernanceAuditRetentionStore();
      for (const t of times) await store.append('w1', 'n', govAudit(t));
      const report = await pruneGovernanceAuditArchive({ worldId: 'w1', nodeId: 'n', prunedAtMs: now, retentionPolicy: policyR, retentionStore: store, profile });
      const stored = await store.list('w1', 'n');
      const expected = applyAuditRetention(times.map((t) => govAudit(t)), now, policyR).kept;
      if (profile === 'hardened' && expected.length === 0 && times.length > 0) expect(stored).toEqual([govAudit(times[times.length - 1])]);
      else expect(stored).toEqual(expected);
      expect(report.before).toBe(report.after + report.prunedByAge + report.prunedByCapacity);
      expect(report.after).toBe(stored.length);
    },
  );
});

describe('drill schedule properties', () => {
  test.prop([fc.integer({ min: 1, max: 300 }), fc.array(fc.integer({ min: -100, max: 400 }), { minLength: 1, maxLength: 20 })], RUNS)(
    'original: a drill runs exactly when none ran or the interval has passed since the last one',
    async (interval, steps) => {
      const stores = {
        scheduleStateStore: new InMemoryDrillScheduleStateStore(),
        alertStateStore: new InMemoryRollbackAlertStateStore(),
        governanceStateStore: new InMemoryGovernanceStateStore(),
        governanceAuditStore: new InMemoryGovernanceAuditRetentionStore(),
      };
      let last: number | null = null;
      let at = 1000;
      for (const step of steps) {
        at += step;
        const r = await runScheduledRecoveryDrill({ worldId: 'w1', nodeId: 'n', scheduledAtMs: at, policy: { drillIntervalMs: interval, recentAuditLimit: 3 }, ...stores });
        const due = last === null || at - last >= interval;
        expect(r.drillDue).toBe(due);
        expect(r.drillExecuted).toBe(due);
        expect(r.drillReport === null).toBe(!due);
        if (due) last = at;
        expect(r.nextDueAtMs).toBe((last as number) + interval);
        expect((await stores.scheduleStateStore.loadState('w1', 'n')).lastDrillAtMs).toBe(last);
      }
    },
  );

  test.prop([fc.integer({ min: 1, max: 300 }), fc.integer({ min: 1, max: 100_000 })], RUNS)(
    'hardened: a clock that went back by any amount delays the next drill by at most one interval',
    async (interval, jump) => {
      const stores = {
        scheduleStateStore: new InMemoryDrillScheduleStateStore(),
        alertStateStore: new InMemoryRollbackAlertStateStore(),
        governanceStateStore: new InMemoryGovernanceStateStore(),
        governanceAuditStore: new InMemoryGovernanceAuditRetentionStore(),
      };
      const run = (at: number) =>
        runScheduledRecoveryDrill({ worldId: 'w1', nodeId: 'n', scheduledAtMs: at, policy: { drillIntervalMs: interval, recentAuditLimit: 3 }, ...stores, profile: 'hardened' });
      await run(1_000_000);
      const back = 1_000_000 - jump;
      const r = await run(back);
      expect(r.nextDueAtMs).toBeLessThanOrEqual(back + interval);
      expect((await run(back + interval)).drillExecuted).toBe(true);
    },
  );
});

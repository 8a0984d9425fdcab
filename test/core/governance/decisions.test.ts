// Spec B §7 examples and derived edge cases for the pure decisions (no stores involved).
import { describe, expect, it } from 'vitest';
import {
  applyAuditRetention,
  applyGovernance,
  countRollbacksInWindow,
  decidePersistedPolicy,
  decideRollbackAlert,
  defaultGovernancePolicy,
  defaultRollbackAlertPolicy,
  defaultRollbackGuard,
  evaluateRecoveryDrill,
  governedPolicyOverride,
  isDrillDue,
  isPolicyStable,
  nextDrillDueAtMs,
  shouldRollbackToStable,
  validateAuditRetentionPolicy,
  validateDrillSchedulePolicy,
  validateGovernancePolicy,
  validateRecentAuditLimit,
  validateRollbackAlertPolicy,
  validateRollbackGuard,
  withVirginFallback,
  defaultReplayPolicyState,
  type PolicyAdoptionAuditRecord,
} from '../../../core/exports-governance';
import { ValidationError } from '../../../core/common/errors';
import { UNHEALTHY, govAudit, metrics, policy, policyState, unstable } from './support/fixtures';

const guard = (minAttempted: number, failure: number, deadLetter: number, cooldown: number) => ({
  minAttempted,
  failureRatioPerMille: failure,
  deadLetterRatioPerMille: deadLetter,
  rollbackCooldownMs: cooldown,
});

const rollbackRecord = (auditedAtMs: number, rollbackTriggered = true): PolicyAdoptionAuditRecord => ({
  worldId: 'w1',
  nodeId: 'node-a',
  auditedAtMs,
  decision: rollbackTriggered ? 'rolled_back_to_stable' : 'adopted',
  recommendedPolicy: policy(8, 1),
  appliedPolicy: policy(4, 2),
  stablePolicy: policy(4, 2),
  backlogDeadLetters: 0,
  backlogPending: 1,
  metrics: UNHEALTHY,
  rollbackTriggered,
});

describe('rollback guard (spec B §1.2, §1.4)', () => {
  it('E5: a guard with min_attempted 0 fails naming min_attempted', () => {
    expect(() => validateRollbackGuard(guard(0, 500, 350, 100))).toThrow(ValidationError);
    expect(() => validateRollbackGuard(guard(0, 500, 350, 100))).toThrow(/min_attempted must be positive/);
  });

  it('rejects ratios above 1000 and a non-positive cooldown, in the spec order', () => {
    expect(() => validateRollbackGuard(guard(1, 1001, 1001, 0))).toThrow(/failure_ratio_per_mille must be <= 1000, got 1001/);
    expect(() => validateRollbackGuard(guard(1, 1000, 1001, 0))).toThrow(/dead_letter_ratio_per_mille must be <= 1000, got 1001/);
    expect(() => validateRollbackGuard(guard(1, 0, 0, 0))).toThrow(/rollback_cooldown_ms must be positive, got 0/);
    expect(() => validateRollbackGuard(guard(1, 0, 0, 1))).not.toThrow();
    expect(() => validateRollbackGuard(defaultRollbackGuard())).not.toThrow();
  });

  it('D6: 8 failures of 12 is 666 per mille: healthy at threshold 667, unhealthy at 666', () => {
    const state = unstable(null);
    const m = metrics({ attempted: 12, failed: 8 });
    expect(shouldRollbackToStable(state, 1000, m, guard(8, 667, 1000, 100))).toBe(false);
    expect(shouldRollbackToStable(state, 1000, m, guard(8, 666, 1000, 100))).toBe(true);
  });

  it('D7: attempted 7 under min_attempted 8 never rolls back, even at 100% failures', () => {
    const m = metrics({ attempted: 7, failed: 7, deadLettered: 7 });
    expect(shouldRollbackToStable(unstable(null), 1000, m, guard(8, 0, 0, 1))).toBe(false);
  });

  it('never rolls back when the active policy already is the stable one', () => {
    const state = policyState({ activePolicy: policy(4, 2), lastStablePolicy: policy(4, 2) });
    expect(shouldRollbackToStable(state, 1000, UNHEALTHY, guard(1, 0, 0, 1))).toBe(false);
  });

  it('the rollback cooldown is non-strict: allowed exactly at last + cooldown', () => {
    const g = guard(4, 500, 350, 100);
    expect(shouldRollbackToStable(unstable(1000), 1099, UNHEALTHY, g)).toBe(false);
    expect(shouldRollbackToStable(unstable(1000), 1100, UNHEALTHY, g)).toBe(true);
  });

  it('a rollback time in the future blocks until the clock passes it plus the cooldown', () => {
    expect(shouldRollbackToStable(unstable(5000), 1000, UNHEALTHY, guard(4, 500, 350, 100))).toBe(false);
  });

  it('isPolicyStable needs the backlog to fit, at least 4 attempts (hard-coded) and clean traffic', () => {
    const clean = metrics({ attempted: 4, succeeded: 4 });
    expect(isPolicyStable(policy(3, 1), 2, 1, clean)).toBe(true);
    expect(isPolicyStable(policy(3, 1), 2, 2, clean)).toBe(false);
    expect(isPolicyStable(policy(3, 1), 0, 0, metrics({ attempted: 3, succeeded: 3 }))).toBe(false);
    expect(isPolicyStable(policy(3, 1), 0, 0, metrics({ attempted: 9, failed: 1 }))).toBe(false);
    expect(isPolicyStable(policy(3, 1), 0, 0, metrics({ attempted: 9, deadLettered: 1 }))).toBe(false);
  });
});

describe('persisted decision (spec B §1.5)', () => {
  it('a virgin state takes the fallback as active and stable; a touched one never does', () => {
    const virgin = withVirginFallback(defaultReplayPolicyState(), policy(4, 3));
    expect(virgin.activePolicy).toEqual(policy(4, 3));
    expect(virgin.lastStablePolicy).toEqual(policy(4, 3));
    const touched = policyState({ lastRollbackAtMs: 1 });
    expect(withVirginFallback(touched, policy(4, 3)).activePolicy).toEqual(policy(64, 3));
  });

  it('E3 (decision): 666 per mille failures roll {9,1} back to stable {3,3} and stamp the rollback', () => {
    const state = policyState({ activePolicy: policy(9, 1), lastStablePolicy: policy(3, 3), lastPolicyUpdateAtMs: 1000, lastStableAtMs: 900 });
    const d = decidePersistedPolicy({
      state,
      recommended: policy(10, 1),
      metrics: metrics({ attempted: 12, failed: 8, deadLettered: 2 }),
      deadLetterCount: 0,
      pendingCount: 0,
      guard: guard(8, 500, 120, 100),
      nowMs: 1300,
    });
    expect(d.rolledBack).toBe(true);
    expect(d.applied).toEqual(policy(3, 3));
    expect(d.nextState).toEqual({ ...state, activePolicy: policy(3, 3), lastPolicyUpdateAtMs: 1300, lastRollbackAtMs: 1300 });
  });

  it('E2 (decision): a clean run adopts the recommendation and promotes it to stable', () => {
    const state = withVirginFallback(defaultReplayPolicyState(), policy(4, 3));
    const d = decidePersistedPolicy({
      state,
      recommended: policy(3, 3),
      metrics: metrics({ attempted: 6, succeeded: 6 }),
      deadLetterCount: 0,
      pendingCount: 0,
      guard: guard(4, 500, 500, 200),
      nowMs: 1500,
    });
    expect(d).toEqual({
      applied: policy(3, 3),
      rolledBack: false,
      nextState: { activePolicy: policy(3, 3), lastStablePolicy: policy(3, 3), lastPolicyUpdateAtMs: 1500, lastStableAtMs: 1500, lastRollbackAtMs: null },
    });
  });
});

describe('rollback alert (spec B §2.4-§2.6)', () => {
  const alertPolicy = { rollbackWindowMs: 5000, maxRollbacksPerWindow: 1, minAttempted: 4, alertCooldownMs: 200 };

  it('E9: rollback_window_ms 0 fails naming rollback_window_ms', () => {
    expect(() => validateRollbackAlertPolicy({ ...alertPolicy, rollbackWindowMs: 0 })).toThrow(/rollback_window_ms must be positive, got 0/);
  });

  it('validates the rest of the alert policy in order', () => {
    expect(() => validateRollbackAlertPolicy({ ...alertPolicy, maxRollbacksPerWindow: 0, minAttempted: 0 })).toThrow(/max_rollbacks_per_window/);
    expect(() => validateRollbackAlertPolicy({ ...alertPolicy, minAttempted: 0, alertCooldownMs: 0 })).toThrow(/min_attempted/);
    expect(() => validateRollbackAlertPolicy({ ...alertPolicy, alertCooldownMs: -1 })).toThrow(/alert_cooldown_ms must be positive, got -1/);
    expect(() => validateRollbackAlertPolicy(defaultRollbackAlertPolicy())).not.toThrow();
  });

  it('D4: a rollback at 1000 counts in a 5000 ms window at 6000 but not at 6001', () => {
    expect(countRollbacksInWindow([rollbackRecord(1000)], 6000, 5000)).toBe(1);
    expect(countRollbacksInWindow([rollbackRecord(1000)], 6001, 5000)).toBe(0);
  });

  it('D9: a rollback audit dated now + 10000 always counts', () => {
    expect(countRollbacksInWindow([rollbackRecord(11_000)], 1000, 5000)).toBe(1);
  });

  it('D5: last alert 1200 with cooldown 200 emits at 1400 and is suppressed at 1399', () => {
    const at = (now: number) =>
      decideRollbackAlert({ record: rollbackRecord(now), records: [rollbackRecord(now)], nowMs: now, policy: alertPolicy, state: { lastAlertAtMs: 1200 } });
    expect(at(1400).emit).toBe(true);
    expect(at(1399).emit).toBe(false);
  });

  it('a run without rollback or with too few attempts is not a candidate (no store read needed)', () => {
    const adopted = rollbackRecord(1200, false);
    expect(decideRollbackAlert({ record: adopted, records: null, nowMs: 1200, policy: alertPolicy, state: { lastAlertAtMs: null } })).toEqual({ emit: false, rollbackCount: null });
    const few = { ...rollbackRecord(1200), metrics: metrics({ attempted: 3, failed: 3 }) };
    expect(decideRollbackAlert({ record: few, records: [few], nowMs: 1200, policy: alertPolicy, state: { lastAlertAtMs: null } }).emit).toBe(false);
  });

  it('builds the critical anomaly alert with the reused counters', () => {
    const d = decideRollbackAlert({ record: rollbackRecord(1200), records: [rollbackRecord(1100), rollbackRecord(1200)], nowMs: 1200, policy: alertPolicy, state: { lastAlertAtMs: null } });
    expect(d).toEqual({
      emit: true,
      rollbackCount: 2,
      alert: {
        worldId: 'w1',
        nodeId: 'node-a',
        detectedAtMs: 1200,
        severity: 'critical',
        code: 'dead_letter_replay_policy_rollback_anomaly',
        message: 'membership revocation dead-letter replay rollback anomaly: 2 rollbacks within 5000ms (attempted=10, failed=6, dead_lettered=4)',
        drained: 1,
        diverged: 2,
        rejected: 4,
      },
    });
  });
});

describe('governance levels (spec B §3.3-§3.6)', () => {
  const gov = (l1: number, l2: number) => ({ levelOneRollbackStreak: l1, levelTwoRollbackStreak: l2, levelTwoEmergencyPolicy: policy(1, 1) });

  it('E18: level_two below level_one fails with "thresholds are invalid"', () => {
    expect(() => validateGovernancePolicy(gov(2, 1))).toThrow(/thresholds are invalid: level_two=1 < level_one=2/);
  });

  it('rejects level_one 0 and a zero emergency policy; equal thresholds are fine', () => {
    expect(() => validateGovernancePolicy(gov(0, 0))).toThrow(/level_one_rollback_streak must be positive/);
    expect(() => validateGovernancePolicy({ ...gov(1, 1), levelTwoEmergencyPolicy: policy(0, 1) })).toThrow(/max_replay_per_run must be positive/);
    expect(() => validateGovernancePolicy({ ...gov(1, 1), levelTwoEmergencyPolicy: policy(1, 0) })).toThrow(/max_retry_limit_exceeded_streak must be positive/);
    expect(() => validateGovernancePolicy(gov(1, 1))).not.toThrow();
    expect(() => validateGovernancePolicy(defaultGovernancePolicy())).not.toThrow();
  });

  it('escalates by consecutive rollbacks and drops to normal on the first clean run', () => {
    const p = gov(1, 2);
    const step = (rolledBack: boolean, streak: number) =>
      applyGovernance({ nowMs: 7, rolledBack, applied: policy(8, 1), stable: policy(4, 2), policy: p, state: { rollbackStreak: streak, lastLevel: 'normal', lastLevelUpdatedAtMs: null } });
    expect(step(true, 0)).toEqual({ governed: policy(4, 2), level: 'stable', nextState: { rollbackStreak: 1, lastLevel: 'stable', lastLevelUpdatedAtMs: 7 } });
    expect(step(true, 1)).toMatchObject({ governed: policy(1, 1), level: 'emergency' });
    expect(step(false, 5)).toEqual({ governed: policy(8, 1), level: 'normal', nextState: { rollbackStreak: 0, lastLevel: 'normal', lastLevelUpdatedAtMs: 7 } });
  });

  it('the policy override changes only the active policy and update time, and only when governed differs', () => {
    const s = unstable(1200);
    expect(governedPolicyOverride(s, policy(4, 2), policy(4, 2), 1300)).toBeNull();
    expect(governedPolicyOverride(s, policy(1, 1), policy(4, 2), 1300)).toEqual({ ...s, activePolicy: policy(1, 1), lastPolicyUpdateAtMs: 1300 });
  });
});

describe('recovery drill (spec B §4.4)', () => {
  it('E14 (evaluation): the last 2 by position and any emergency in the whole history', () => {
    const audits = [govAudit(1200, 'normal', 0), govAudit(1300, 'emergency', 2), govAudit(1400, 'stable', 1)];
    const r = evaluateRecoveryDrill({
      worldId: 'w1', nodeId: 'node-a', drillAtMs: 1600, recentAuditLimit: 2,
      alertState: { lastAlertAtMs: 1400 },
      governanceState: { rollbackStreak: 3, lastLevel: 'emergency', lastLevelUpdatedAtMs: 1500 },
      audits,
    });
    expect(r.recentAudits).toEqual([audits[1], audits[2]]);
    expect(r.hasEmergencyHistory).toBe(true);
    expect(r.drillAtMs).toBe(1600);
  });

  it('E15: a drill limit of 0 fails with "recent_audit_limit must be positive"', () => {
    expect(() => validateRecentAuditLimit(0)).toThrow(/recent_audit_limit must be positive/);
  });
});

describe('retention (spec B §5.2-§5.3)', () => {
  it('D2: [100..500] at 600 with {2, 1000} keeps [400, 500], 3 by capacity', () => {
    const r = applyAuditRetention([100, 200, 300, 400, 500].map((t) => govAudit(t)), 600, { maxRecords: 2, maxAgeMs: 1000 });
    expect(r.kept.map((x) => x.auditedAtMs)).toEqual([400, 500]);
    expect(r).toMatchObject({ prunedByAge: 0, prunedByCapacity: 3 });
  });

  it('D3: with max_age 250 at 1250 a record at 1000 stays (age 250) and one at 999 goes', () => {
    const r = applyAuditRetention([govAudit(999), govAudit(1000)], 1250, { maxRecords: 10, maxAgeMs: 250 });
    expect(r.kept.map((x) => x.auditedAtMs)).toEqual([1000]);
    expect(r.prunedByAge).toBe(1);
  });

  it('D9: a governance audit dated in the future is never pruned by age', () => {
    expect(applyAuditRetention([govAudit(1_000_000)], 0, { maxRecords: 10, maxAgeMs: 1 }).kept).toHaveLength(1);
  });

  it('rejects max_records 0 and max_age_ms <= 0 naming the field', () => {
    expect(() => validateAuditRetentionPolicy({ maxRecords: 0, maxAgeMs: 0 })).toThrow(/max_records must be positive/);
    expect(() => validateAuditRetentionPolicy({ maxRecords: 1, maxAgeMs: 0 })).toThrow(/max_age_ms must be positive, got 0/);
  });
});

describe('drill schedule (spec B §5.5-§5.6)', () => {
  const p = { drillIntervalMs: 100, recentAuditLimit: 2 };

  it('E22: an interval of 0 fails with "drill_interval_ms must be positive"', () => {
    expect(() => validateDrillSchedulePolicy({ drillIntervalMs: 0, recentAuditLimit: 1 })).toThrow(/drill_interval_ms must be positive, got 0/);
    expect(() => validateDrillSchedulePolicy({ drillIntervalMs: 1, recentAuditLimit: 0 })).toThrow(/recent_audit_limit must be positive/);
  });

  it('is due with no drill yet, and non-strictly after the interval', () => {
    expect(isDrillDue({ lastDrillAtMs: null }, 0, p)).toBe(true);
    expect(isDrillDue({ lastDrillAtMs: 1100 }, 1199, p)).toBe(false);
    expect(isDrillDue({ lastDrillAtMs: 1100 }, 1200, p)).toBe(true);
  });

  it('D10: last drill 5000, interval 100, at 1000 is not due and next due is 5100', () => {
    expect(isDrillDue({ lastDrillAtMs: 5000 }, 1000, p)).toBe(false);
    expect(nextDrillDueAtMs(5000, p)).toBe(5100);
  });
});

// The pure decisions of part B at their edges: the spec's defaults (§1.1, §1.2, §2.4, §3.3, §5.2,
// §5.5), virginity, the guard's non-strict thresholds, the alert's step order, the W10 override
// check, the drill's emergency flag, and retention at exactly max_records.
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../core/common/errors';
import {
  applyAuditRetention,
  decideRollbackAlert,
  defaultAuditRetentionPolicy,
  defaultDrillSchedulePolicy,
  defaultGovernancePolicy,
  defaultReplayPolicyState,
  defaultRollbackAlertPolicy,
  defaultRollbackGuard,
  evaluateRecoveryDrill,
  governedPolicyOverride,
  isUnhealthy,
  isVirginPolicyState,
  rollbackAlertCandidate,
  shouldRollbackToStable,
  validateRollbackAlertPolicy,
  validateRollbackGuard,
} from '../../../core/exports-governance';
import { samePolicy } from '../../../core/governance/codec/replayCodec';
import { adoptionAudit, govAudit, metrics, policy, policyState, unstable } from './support/fixtures';

describe('the spec defaults', () => {
  it('policy state {64,3} twice and no timestamps (virgin)', () => {
    const s = defaultReplayPolicyState();
    expect(s).toEqual({ activePolicy: policy(64, 3), lastStablePolicy: policy(64, 3), lastPolicyUpdateAtMs: null, lastStableAtMs: null, lastRollbackAtMs: null });
    expect(isVirginPolicyState(s)).toBe(true);
  });

  it('rollback guard, alert policy, governance policy, retention and drill schedule', () => {
    expect(defaultRollbackGuard()).toEqual({ minAttempted: 8, failureRatioPerMille: 450, deadLetterRatioPerMille: 300, rollbackCooldownMs: 30_000 });
    expect(defaultRollbackAlertPolicy()).toEqual({ rollbackWindowMs: 120_000, maxRollbacksPerWindow: 3, minAttempted: 8, alertCooldownMs: 60_000 });
    expect(defaultGovernancePolicy()).toEqual({ levelOneRollbackStreak: 2, levelTwoRollbackStreak: 4, levelTwoEmergencyPolicy: policy(2, 1) });
    expect(defaultAuditRetentionPolicy()).toEqual({ maxRecords: 500, maxAgeMs: 86_400_000 });
    expect(defaultDrillSchedulePolicy()).toEqual({ drillIntervalMs: 300_000, recentAuditLimit: 20 });
  });
});

describe('virginity needs all three timestamps null', () => {
  it.each(['lastPolicyUpdateAtMs', 'lastStableAtMs', 'lastRollbackAtMs'] as const)('%s alone makes a state non-virgin', (field) => {
    expect(isVirginPolicyState(policyState({ [field]: 0 }))).toBe(false);
  });
});

describe('policy equality compares both fields', () => {
  it.each([
    [policy(4, 2), policy(4, 2), true],
    [policy(4, 2), policy(5, 2), false],
    [policy(4, 2), policy(4, 3), false],
  ])('%j vs %j', (a, b, same) => {
    expect(samePolicy(a, b)).toBe(same);
  });
});

describe('rollback guard thresholds', () => {
  const guard = { minAttempted: 10, failureRatioPerMille: 1000, deadLetterRatioPerMille: 300, rollbackCooldownMs: 30_000 };

  it('ratios of exactly 1000 are allowed', () => {
    expect(() => validateRollbackGuard({ ...guard, failureRatioPerMille: 1000, deadLetterRatioPerMille: 1000 })).not.toThrow();
    expect(() => validateRollbackGuard({ ...guard, deadLetterRatioPerMille: 1001 })).toThrow(ValidationError);
  });

  it('a dead-letter ratio alone reaching its threshold (non-strict) is unhealthy', () => {
    expect(isUnhealthy(metrics({ attempted: 10, deadLettered: 3 }), guard)).toBe(true);
    expect(isUnhealthy(metrics({ attempted: 10, deadLettered: 2 }), guard)).toBe(false);
  });

  it('exactly min_attempted attempts are enough to roll back', () => {
    expect(shouldRollbackToStable(unstable(null), 50_000, metrics({ attempted: 10, deadLettered: 3 }), guard)).toBe(true);
    expect(shouldRollbackToStable(unstable(null), 50_000, metrics({ attempted: 9, deadLettered: 3 }), guard)).toBe(false);
  });

  it('a first rollback is not held back by the cooldown, even early in time', () => {
    expect(shouldRollbackToStable(unstable(null), 10, metrics({ attempted: 10, deadLettered: 3 }), guard)).toBe(true);
    expect(shouldRollbackToStable(unstable(0), 10, metrics({ attempted: 10, deadLettered: 3 }), guard)).toBe(false);
  });
});

describe('rollback alert steps', () => {
  const p = { rollbackWindowMs: 5000, maxRollbacksPerWindow: 2, minAttempted: 10, alertCooldownMs: 60_000 };
  const record = { ...adoptionAudit(10), metrics: metrics({ attempted: 10, failed: 10 }) };

  it('an alert cooldown of 0 is rejected', () => {
    const e = (() => {
      try {
        validateRollbackAlertPolicy({ ...p, alertCooldownMs: 0 });
      } catch (x) {
        return x;
      }
      return null;
    })();
    expect(e).toBeInstanceOf(ValidationError);
    expect((e as ValidationError).reason).toBe('membership revocation dead-letter replay rollback alert alert_cooldown_ms must be positive, got 0');
  });

  it('exactly min_attempted attempts make a rollback an alert candidate', () => {
    expect(rollbackAlertCandidate(record, p)).toBe(true);
    expect(rollbackAlertCandidate({ ...record, metrics: metrics({ attempted: 9 }) }, p)).toBe(false);
  });

  it('a candidate without the audit list does not alert', () => {
    expect(decideRollbackAlert({ record, records: null, nowMs: 10, policy: p, state: { lastAlertAtMs: null } })).toEqual({ emit: false, rollbackCount: null });
  });

  it('fewer rollbacks than the maximum report their count', () => {
    expect(decideRollbackAlert({ record, records: [record], nowMs: 10, policy: p, state: { lastAlertAtMs: null } })).toEqual({ emit: false, rollbackCount: 1 });
  });

  it('with no alert yet the cooldown does not apply, even early in time', () => {
    const d = decideRollbackAlert({ record, records: [record, record], nowMs: 10, policy: p, state: { lastAlertAtMs: null } });
    expect(d).toMatchObject({ emit: true, rollbackCount: 2 });
    expect(decideRollbackAlert({ record, records: [record, record], nowMs: 10, policy: p, state: { lastAlertAtMs: 0 } })).toEqual({ emit: false, rollbackCount: 2 });
  });
});

describe('W10: the governed policy overrides the active one only when it differs', () => {
  const state = unstable(null);
  it.each([
    ['the same policy', policy(4, 2), null],
    ['another replay budget', policy(2, 2), policy(2, 2)],
    ['another retry streak', policy(4, 1), policy(4, 1)],
  ])('%s', (_, governed, active) => {
    const out = governedPolicyOverride(state, governed, policy(4, 2), 1500);
    if (active === null) expect(out).toBeNull();
    else expect(out).toEqual({ ...state, activePolicy: active, lastPolicyUpdateAtMs: 1500 });
  });
});

describe('the recovery drill flags an emergency only if one is in the archive', () => {
  const drill = (levels: ('normal' | 'stable' | 'emergency')[]) =>
    evaluateRecoveryDrill({
      worldId: 'w1', nodeId: 'node-a', drillAtMs: 1000, recentAuditLimit: 1,
      alertState: { lastAlertAtMs: null }, governanceState: { rollbackStreak: 0, lastLevel: 'normal', lastLevelUpdatedAtMs: null },
      audits: levels.map((l, i) => govAudit(100 + i, l)),
    }).hasEmergencyHistory;

  it('normal and stable records are no emergency history; an old emergency is', () => {
    expect(drill(['normal', 'stable'])).toBe(false);
    expect(drill(['emergency', 'normal'])).toBe(true);
  });
});

describe('retention at exactly max_records keeps everything', () => {
  it('keeps all young records and prunes none by capacity', () => {
    const records = [govAudit(900), govAudit(950)];
    expect(applyAuditRetention(records, 1000, { maxRecords: 2, maxAgeMs: 1000 })).toEqual({ kept: records, prunedByAge: 0, prunedByCapacity: 0 });
  });
});

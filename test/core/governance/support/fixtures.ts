// Fixtures of spec B §7: unhealthy metrics, the unstable(r) policy state, and small builders.
import type { DeliveryMetrics, ReplayPolicy } from '../../../../core/replay/types';
import type { ReplayPolicyState } from '../../../../core/governance/policy/policyState';
import type { GovernanceAuditRecord } from '../../../../core/governance/archive/governanceAudit';
import type { GovernanceLevel } from '../../../../core/governance/level/governanceLevel';
import type { PolicyAdoptionAuditRecord } from '../../../../core/governance/audit/adoptionAudit';

export const policy = (maxReplayPerRun: number, maxRetryLimitExceededStreak: number): ReplayPolicy => ({
  maxReplayPerRun,
  maxRetryLimitExceededStreak,
});

export const metrics = (m: Partial<DeliveryMetrics>): DeliveryMetrics => ({
  attempted: 0,
  succeeded: 0,
  failed: 0,
  deferred: 0,
  buffered: 0,
  droppedCapacity: 0,
  droppedRetryLimit: 0,
  deadLettered: 0,
  ...m,
});

/** 600‰ failures, 400‰ dead letters. */
export const UNHEALTHY = metrics({ attempted: 10, succeeded: 2, failed: 6, buffered: 2, droppedRetryLimit: 2, deadLettered: 4 });

export const policyState = (s: Partial<ReplayPolicyState>): ReplayPolicyState => ({
  activePolicy: policy(64, 3),
  lastStablePolicy: policy(64, 3),
  lastPolicyUpdateAtMs: null,
  lastStableAtMs: null,
  lastRollbackAtMs: null,
  ...s,
});

/** `active {8,1}`, `stable {4,2}`, `update 1000`, `stable_at 900`, `rollback r`. */
export const unstable = (r: number | null): ReplayPolicyState =>
  policyState({
    activePolicy: policy(8, 1),
    lastStablePolicy: policy(4, 2),
    lastPolicyUpdateAtMs: 1000,
    lastStableAtMs: 900,
    lastRollbackAtMs: r,
  });

export const govAudit = (
  auditedAtMs: number,
  governanceLevel: GovernanceLevel = 'normal',
  rollbackStreak = 0,
): GovernanceAuditRecord => ({
  worldId: 'w1',
  nodeId: 'node-a',
  auditedAtMs,
  governanceLevel,
  rollbackStreak,
  rolledBack: rollbackStreak > 0,
  appliedPolicy: policy(4, 2),
  alertEmitted: false,
});

/** An adoption audit record at `auditedAtMs` (rolled back to `{4,2}` when `rolledBack`). */
export const adoptionAudit = (auditedAtMs: number, rolledBack = true): PolicyAdoptionAuditRecord => ({
  worldId: 'w1',
  nodeId: 'node-a',
  auditedAtMs,
  decision: rolledBack ? 'rolled_back_to_stable' : 'adopted',
  recommendedPolicy: policy(8, 1),
  appliedPolicy: rolledBack ? policy(4, 2) : policy(8, 1),
  stablePolicy: policy(4, 2),
  backlogDeadLetters: 1,
  backlogPending: 0,
  metrics: UNHEALTHY,
  rollbackTriggered: rolledBack,
});

// Hardened profile: the planning of one governed run (reads + the spec's decisions, no writes).
// Every read of part B's state happens before the replay, so a corrupt file stops the run before
// any effect; only the backlog is re-read after the replay (for the audit record). The result is
// one intent holding every write of the run.
import type { ScheduleKey } from '../../common/ids';
import { satAddI64 } from '../../common/saturating';
import type { ReplayPolicy } from '../../replay/types';
import { decideRollbackAlert, rollbackAlertCandidate, type RollbackAlertState } from '../alert/rollbackAlert';
import { adoptionDecisionOf, type PolicyAdoptionAuditRecord } from '../audit/adoptionAudit';
import { applyGovernance, governedPolicyOverride, type GovernanceLevel, type GovernanceState } from '../level/governanceLevel';
import type { PersistedPolicyDecision } from '../policy/persistedDecision';
import type { ReplayPolicyState } from '../policy/policyState';
import type { RollbackAlertStateCell } from '../run/options';
import { planPersistedPolicy, readBacklogAndMetrics, type BacklogAndMetrics } from '../run/recommendPersisted';
import { anchorAlertState } from './clockAnchor';
import type { GovernanceCommitIntent } from './commitIntent';
import type { HardenedRunOptions } from './governedRun';

/** Which entry point is running: P3.29, P3.30, P3.31 or P3.32. */
export type GovernedStage = 'persisted' | 'audit' | 'governance' | 'archive';

/** The policy decision and everything read before the replay. */
export interface PolicyPlan extends PersistedPolicyDecision {
  readonly recommended: ReplayPolicy;
  readonly facts: BacklogAndMetrics;
  readonly alertStateBefore: RollbackAlertState;
  readonly governanceBefore: GovernanceState | null;
  /** The policy audit log, read only on a run that may alert (spec B §2.6 step 1). */
  readonly auditLog: readonly PolicyAdoptionAuditRecord[] | null;
}

export interface CommitPlan {
  readonly intent: GovernanceCommitIntent;
  readonly governed: ReplayPolicy;
  readonly level: GovernanceLevel;
}

const EMPTY = { adoptionAudit: null, alert: null, alertState: null, alertStateWithoutAlert: null, governanceState: null, governanceAudit: null };

async function decide(
  opts: HardenedRunOptions,
  key: ScheduleKey,
  loaded: ReplayPolicyState,
  stage: GovernedStage,
  alertCell: RollbackAlertStateCell | null,
): Promise<PolicyPlan> {
  const policy = await planPersistedPolicy(opts, key, loaded);
  const { worldId: w, nodeId: n } = key;
  const governs = stage === 'governance' || stage === 'archive';
  const stored = governs ? await opts.alertStateStore!.loadAlertState(w, n) : { lastAlertAtMs: alertCell?.lastAlertAtMs ?? null };
  const governanceBefore = governs ? await opts.governanceStateStore!.loadGovernanceState(w, n) : null;
  // Metrics lines are not touched by the replay, so candidacy is known before it.
  const mayAlert =
    stage !== 'persisted' &&
    rollbackAlertCandidate({ rollbackTriggered: policy.rolledBack, metrics: policy.facts.metrics }, opts.rollbackAlertPolicy!);
  const auditLog = mayAlert ? await opts.policyAuditStore!.list(w, n) : null;
  return { ...policy, alertStateBefore: anchorAlertState(stored, opts.nowMs), governanceBefore, auditLog };
}

function auditRecordOf(opts: HardenedRunOptions, key: ScheduleKey, plan: PolicyPlan, after: BacklogAndMetrics): PolicyAdoptionAuditRecord {
  return {
    worldId: key.worldId,
    nodeId: key.nodeId,
    auditedAtMs: opts.nowMs,
    decision: adoptionDecisionOf(plan.rolledBack),
    recommendedPolicy: plan.recommended,
    appliedPolicy: plan.applied,
    stablePolicy: plan.nextState.lastStablePolicy,
    backlogDeadLetters: after.deadLetterCount,
    backlogPending: after.pendingCount,
    metrics: after.metrics,
    rollbackTriggered: plan.rolledBack,
  };
}

async function afterReplay(opts: HardenedRunOptions, key: ScheduleKey, stage: GovernedStage, plan: PolicyPlan): Promise<CommitPlan> {
  const now = opts.nowMs;
  const base = { plannedAtMs: now, policyState: plan.nextState, ...EMPTY };
  if (stage === 'persisted') return { intent: { ...base, phase: 'apply' }, governed: plan.applied, level: 'normal' };
  const record = auditRecordOf(opts, key, plan, await readBacklogAndMetrics(key, opts, opts.metricsLookback));
  const alertPolicy = opts.rollbackAlertPolicy!;
  // Hardened: a rollback dated beyond the window ahead of now (a clock jump) does not count.
  const latest = satAddI64(now, alertPolicy.rollbackWindowMs);
  const records = plan.auditLog && [...plan.auditLog, record].filter((r) => r.auditedAtMs <= latest);
  const decision = decideRollbackAlert({ record, records, nowMs: now, policy: alertPolicy, state: plan.alertStateBefore });
  const alert = decision.emit ? decision.alert : null;
  const withAudit = { ...base, phase: alert ? 'await_alert' : 'apply', adoptionAudit: { base: 0, record }, alert } as const;
  // Stryker disable next-line LogicalOperator,ConditionalExpression,StringLiteral: equivalent, past the persisted return governanceBefore is null exactly on the audit stage, whose result carries no level
  if (stage === 'audit' || plan.governanceBefore === null) return { intent: withAudit, governed: plan.applied, level: 'normal' };

  const outcome = applyGovernance({
    nowMs: now,
    rolledBack: plan.rolledBack,
    applied: plan.applied,
    stable: plan.nextState.lastStablePolicy,
    policy: opts.governancePolicy!,
    state: plan.governanceBefore,
  });
  const policyState = governedPolicyOverride(plan.nextState, outcome.governed, plan.applied, now) ?? plan.nextState;
  const archived = {
    worldId: key.worldId,
    nodeId: key.nodeId,
    auditedAtMs: now,
    governanceLevel: outcome.level,
    rollbackStreak: outcome.nextState.rollbackStreak,
    rolledBack: plan.rolledBack,
    appliedPolicy: outcome.governed,
    alertEmitted: alert !== null,
  };
  const intent: GovernanceCommitIntent = {
    ...withAudit,
    policyState,
    alertState: alert ? { lastAlertAtMs: now } : plan.alertStateBefore,
    alertStateWithoutAlert: plan.alertStateBefore,
    governanceState: outcome.nextState,
    governanceAudit: stage === 'archive' ? { base: 0, record: archived } : null,
  };
  return { intent, governed: outcome.governed, level: outcome.level };
}

export const planGovernedCommit = { decide, afterReplay };

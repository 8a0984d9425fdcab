// Hardened profile: the pure-ish planning of one governed run (reads + decisions, no writes). The
// same decisions as `original`; the result is one intent holding every write of the run.
import type { ScheduleKey } from '../../common/ids';
import { satAddI64 } from '../../common/saturating';
import type { ReplayPolicy } from '../../replay/types';
import { decideRollbackAlert, rollbackAlertCandidate, type RollbackAlertState } from '../alert/rollbackAlert';
import { adoptionDecisionOf, type PolicyAdoptionAuditRecord } from '../audit/adoptionAudit';
import { applyGovernance, governedPolicyOverride, type GovernanceLevel } from '../level/governanceLevel';
import type { PersistedPolicyDecision } from '../policy/persistedDecision';
import type { ReplayPolicyState } from '../policy/policyState';
import type { RollbackAlertStateCell } from '../run/options';
import { planPersistedPolicy, readBacklogAndMetrics } from '../run/recommendPersisted';
import { anchorAlertState } from './clockAnchor';
import type { GovernanceCommitIntent } from './commitIntent';
import type { HardenedRunOptions } from './governedRun';

/** Which entry point is running: P3.29, P3.30, P3.31 or P3.32. */
export type GovernedStage = 'persisted' | 'audit' | 'governance' | 'archive';

export type PolicyPlan = PersistedPolicyDecision & { readonly recommended: ReplayPolicy };

export interface CommitPlan {
  readonly intent: GovernanceCommitIntent;
  readonly governed: ReplayPolicy;
  readonly level: GovernanceLevel;
  readonly alertStateBefore: RollbackAlertState;
}

const EMPTY = { adoptionAudit: null, alert: null, alertState: null, alertStateWithoutAlert: null, governanceState: null, governanceAudit: null };

async function auditRecordOf(opts: HardenedRunOptions, key: ScheduleKey, plan: PolicyPlan): Promise<PolicyAdoptionAuditRecord> {
  const facts = await readBacklogAndMetrics(key, opts, opts.metricsLookback);
  return {
    worldId: key.worldId,
    nodeId: key.nodeId,
    auditedAtMs: opts.nowMs,
    decision: adoptionDecisionOf(plan.rolledBack),
    recommendedPolicy: plan.recommended,
    appliedPolicy: plan.applied,
    stablePolicy: plan.nextState.lastStablePolicy,
    backlogDeadLetters: facts.deadLetterCount,
    backlogPending: facts.pendingCount,
    metrics: facts.metrics,
    rollbackTriggered: plan.rolledBack,
  };
}

/** Rollback records of the log plus this run's; hardened ignores ones dated beyond the window ahead. */
async function rollbackHistory(opts: HardenedRunOptions, key: ScheduleKey, record: PolicyAdoptionAuditRecord) {
  const policy = opts.rollbackAlertPolicy!;
  if (!rollbackAlertCandidate(record, policy) || !opts.policyAuditStore) return null;
  const latest = satAddI64(opts.nowMs, policy.rollbackWindowMs);
  const logged = await opts.policyAuditStore.list(key.worldId, key.nodeId);
  return [...logged, record].filter((r) => r.auditedAtMs <= latest);
}

async function afterReplay(
  opts: HardenedRunOptions,
  key: ScheduleKey,
  stage: GovernedStage,
  plan: PolicyPlan,
  alertCell: RollbackAlertStateCell | null,
): Promise<CommitPlan> {
  const now = opts.nowMs;
  const base = { plannedAtMs: now, policyState: plan.nextState, ...EMPTY };
  if (stage === 'persisted') {
    return { intent: { ...base, phase: 'apply' }, governed: plan.applied, level: 'normal', alertStateBefore: { lastAlertAtMs: null } };
  }
  const record = await auditRecordOf(opts, key, plan);
  const stored = alertCell ?? (await opts.alertStateStore!.loadAlertState(key.worldId, key.nodeId));
  const alertStateBefore = anchorAlertState({ lastAlertAtMs: stored.lastAlertAtMs }, now);
  const records = await rollbackHistory(opts, key, record);
  const decision = decideRollbackAlert({ record, records, nowMs: now, policy: opts.rollbackAlertPolicy!, state: alertStateBefore });
  const alert = decision.emit ? decision.alert : null;
  const withAudit = { ...base, phase: alert ? 'await_alert' : 'apply', adoptionAudit: { base: 0, record }, alert } as const;
  if (stage === 'audit') return { intent: withAudit, governed: plan.applied, level: 'normal', alertStateBefore };

  const governanceBefore = await opts.governanceStateStore!.loadGovernanceState(key.worldId, key.nodeId);
  const outcome = applyGovernance({
    nowMs: now,
    rolledBack: plan.rolledBack,
    applied: plan.applied,
    stable: plan.nextState.lastStablePolicy,
    policy: opts.governancePolicy!,
    state: governanceBefore,
  });
  const policyState: ReplayPolicyState = governedPolicyOverride(plan.nextState, outcome.governed, plan.applied, now) ?? plan.nextState;
  const governanceAudit =
    stage === 'archive'
      ? {
          base: 0,
          record: {
            worldId: key.worldId,
            nodeId: key.nodeId,
            auditedAtMs: now,
            governanceLevel: outcome.level,
            rollbackStreak: outcome.nextState.rollbackStreak,
            rolledBack: plan.rolledBack,
            appliedPolicy: outcome.governed,
            alertEmitted: alert !== null,
          },
        }
      : null;
  const intent: GovernanceCommitIntent = {
    ...withAudit,
    policyState,
    alertState: alert ? { lastAlertAtMs: now } : alertStateBefore,
    alertStateWithoutAlert: alertStateBefore,
    governanceState: outcome.nextState,
    governanceAudit,
  };
  return { intent, governed: outcome.governed, level: outcome.level, alertStateBefore };
}

export const planGovernedCommit = {
  decide: (opts: HardenedRunOptions, key: ScheduleKey, loaded: ReplayPolicyState): Promise<PolicyPlan> =>
    planPersistedPolicy(opts, key, loaded),
  afterReplay,
};

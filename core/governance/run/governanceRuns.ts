// P3.31 governance and P3.32 archive runs, `original` profile (spec B §3.6, §4.2): W9-W12 after
// the P3.30 run, in the spec's order; the governance state is re-read before W12.
import { normalizeKey } from '../../common/ids';
import { applyGovernance, governedPolicyOverride, validateGovernancePolicy } from '../level/governanceLevel';
import { runReplayWithAuditAndAlertOriginal } from './auditAndAlert';
import type { GovernanceArchiveRunOptions, GovernanceRunOptions, GovernanceRunResult, RollbackAlertStateCell } from './options';

export async function runReplayWithGovernanceOriginal(opts: GovernanceRunOptions): Promise<GovernanceRunResult> {
  validateGovernancePolicy(opts.governancePolicy);
  const loadedAlert = await opts.alertStateStore.loadAlertState(opts.worldId, opts.targetNodeId);
  const alertState: RollbackAlertStateCell = { lastAlertAtMs: loadedAlert.lastAlertAtMs };
  const run = await runReplayWithAuditAndAlertOriginal(opts, alertState);
  await opts.alertStateStore.saveAlertState(opts.worldId, opts.targetNodeId, { lastAlertAtMs: alertState.lastAlertAtMs });
  const { worldId: w, nodeId: n } = normalizeKey(opts.worldId, opts.targetNodeId);
  const policyState = await opts.replayPolicyStore.loadPolicyState(w, n);
  const governanceState = await opts.governanceStateStore.loadGovernanceState(w, n);
  const outcome = applyGovernance({
    nowMs: opts.nowMs,
    rolledBack: run.rolledBack,
    applied: run.applied,
    stable: policyState.lastStablePolicy,
    policy: opts.governancePolicy,
    state: governanceState,
  });
  const override = governedPolicyOverride(policyState, outcome.governed, run.applied, opts.nowMs);
  if (override !== null) await opts.replayPolicyStore.savePolicyState(w, n, override);
  await opts.governanceStateStore.saveGovernanceState(w, n, outcome.nextState);
  return { replayed: run.replayed, policy: outcome.governed, rolledBack: run.rolledBack, alertEmitted: run.alertEmitted, level: outcome.level };
}

export async function runReplayWithGovernanceArchiveOriginal(opts: GovernanceArchiveRunOptions): Promise<GovernanceRunResult> {
  const r = await runReplayWithGovernanceOriginal(opts);
  const { worldId, nodeId } = normalizeKey(opts.worldId, opts.targetNodeId);
  const reloaded = await opts.governanceStateStore.loadGovernanceState(worldId, nodeId);
  await opts.governanceAuditStore.append(worldId, nodeId, {
    worldId,
    nodeId,
    auditedAtMs: opts.nowMs,
    governanceLevel: r.level,
    rollbackStreak: reloaded.rollbackStreak,
    rolledBack: r.rolledBack,
    appliedPolicy: r.policy,
    alertEmitted: r.alertEmitted,
  });
  return r;
}

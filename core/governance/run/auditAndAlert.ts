// P3.29 run and P3.30 audit + alert, `original` profile (spec B §1.6, §2.6, §2.7): writes W1-W8 in
// the spec's order, errors propagate at once and nothing is compensated.
import { normalizeKey } from '../../common/ids';
import { runReplayScheduleCoordinatedWithStateStore } from '../../replay/coordinated/replay';
import type { AlertSink, ReplayPolicy } from '../../replay/types';
import { decideRollbackAlert, rollbackAlertCandidate, validateRollbackAlertPolicy, type RollbackAlertPolicy } from '../alert/rollbackAlert';
import { adoptionDecisionOf, type PolicyAdoptionAuditRecord, type PolicyAuditStore } from '../audit/adoptionAudit';
import { withVirginFallback } from '../policy/policyState';
import type {
  AuditAndAlertOptions,
  AuditAndAlertResult,
  PersistedGuardedReplayOptions,
  PersistedGuardedReplayResult,
  RollbackAlertStateCell,
} from './options';
import { readBacklogAndMetrics, recommendFrom, recommendPolicyPersisted } from './recommendPersisted';

/** The spec's P3.29 run: W1 (policy decided and saved, lease or not), then the coordinated replay. */
export async function runPersistedGuardedReplayOriginal(opts: PersistedGuardedReplayOptions): Promise<PersistedGuardedReplayResult> {
  const { applied, rolledBack } = await recommendPolicyPersisted({ ...opts, nodeId: opts.targetNodeId });
  const replayed = await runReplayScheduleCoordinatedWithStateStore({ ...opts, policy: applied });
  return { replayed, applied, rolledBack };
}

/** `emit_dead_letter_replay_rollback_alert_if_needed`: W8 when it fires; mutates `state` then. */
export async function emitRollbackAlertIfNeeded(input: {
  readonly nowMs: number;
  readonly record: PolicyAdoptionAuditRecord;
  readonly policy: RollbackAlertPolicy;
  readonly state: RollbackAlertStateCell;
  readonly policyAuditStore: PolicyAuditStore;
  readonly sink: AlertSink;
}): Promise<boolean> {
  const { record } = input;
  const records = rollbackAlertCandidate(record, input.policy) ? await input.policyAuditStore.list(record.worldId, record.nodeId) : null;
  const decision = decideRollbackAlert({ record, records, nowMs: input.nowMs, policy: input.policy, state: input.state });
  if (!decision.emit) return false;
  await input.sink.emit(decision.alert);
  input.state.lastAlertAtMs = input.nowMs;
  return true;
}

export async function runReplayWithAuditAndAlertOriginal(
  opts: AuditAndAlertOptions,
  alertState: RollbackAlertStateCell,
): Promise<AuditAndAlertResult> {
  validateRollbackAlertPolicy(opts.rollbackAlertPolicy);
  const key = normalizeKey(opts.worldId, opts.targetNodeId);
  const before = withVirginFallback(await opts.replayPolicyStore.loadPolicyState(key.worldId, key.nodeId), opts.fallbackPolicy);
  // Used only in the audit record; computed apart from W1's, so the two can differ.
  const recommendedPolicy: ReplayPolicy = await recommendFrom(opts, key, before.activePolicy);
  const run = await runPersistedGuardedReplayOriginal(opts);
  const after = await opts.replayPolicyStore.loadPolicyState(key.worldId, key.nodeId);
  const facts = await readBacklogAndMetrics(key, opts, opts.metricsLookback);
  const record: PolicyAdoptionAuditRecord = {
    worldId: key.worldId,
    nodeId: key.nodeId,
    auditedAtMs: opts.nowMs,
    decision: adoptionDecisionOf(run.rolledBack),
    recommendedPolicy,
    appliedPolicy: run.applied,
    stablePolicy: after.lastStablePolicy,
    backlogDeadLetters: facts.deadLetterCount,
    backlogPending: facts.pendingCount,
    metrics: facts.metrics,
    rollbackTriggered: run.rolledBack,
  };
  await opts.policyAuditStore.append(key.worldId, key.nodeId, record);
  const alertEmitted = await emitRollbackAlertIfNeeded({
    nowMs: opts.nowMs,
    record,
    policy: opts.rollbackAlertPolicy,
    state: alertState,
    policyAuditStore: opts.policyAuditStore,
    sink: opts.alertSink,
  });
  return { ...run, alertEmitted };
}

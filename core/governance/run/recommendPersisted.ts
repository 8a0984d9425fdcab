// P3.29 persisted recommendation (spec B §1.5): validate, load the state (virgin → fallback),
// recommend with part A's guard, re-read the backlog and metrics, decide, and save (write W1).
import { normalizeKey, type ScheduleKey } from '../../common/ids';
import { aggregateRecentMetrics } from '../../replay/delivery/metrics';
import { recommendReplayPolicyGuarded } from '../../replay/guard/guard';
import type { DeadLetterStore, DeliveryMetrics, RecoveryStore, ReplayPolicy } from '../../replay/types';
import { validateReplayPolicy } from '../../replay/validation';
import { decidePersistedPolicy, type PersistedPolicyDecision } from '../policy/persistedDecision';
import { withVirginFallback, type ReplayPolicyState } from '../policy/policyState';
import { validateRollbackGuard } from '../policy/rollbackGuard';
import type { PersistedPolicyOptions } from './options';

export interface BacklogAndMetrics {
  readonly deadLetterCount: number;
  readonly pendingCount: number;
  readonly metrics: DeliveryMetrics;
}

/** Dead letters, then pending, then the metric lines (summed over the last `lookback`). */
export async function readBacklogAndMetrics(
  key: ScheduleKey,
  stores: { readonly deadLetterStore: DeadLetterStore; readonly recoveryStore: RecoveryStore },
  metricsLookback: number,
): Promise<BacklogAndMetrics> {
  const deadLetters = await stores.deadLetterStore.list(key.worldId, key.nodeId);
  const pending = await stores.recoveryStore.loadPending(key.worldId, key.nodeId);
  const lines = await stores.deadLetterStore.listDeliveryMetrics(key.worldId, key.nodeId);
  return {
    deadLetterCount: deadLetters.length,
    pendingCount: pending.length,
    metrics: aggregateRecentMetrics(lines, metricsLookback),
  };
}

/** Part A's guarded recommendation starting from `current`, for the target's stores. */
export const recommendFrom = (opts: Omit<PersistedPolicyOptions, 'nodeId'>, key: ScheduleKey, current: ReplayPolicy): Promise<ReplayPolicy> =>
  recommendReplayPolicyGuarded({ ...opts, worldId: key.worldId, nodeId: key.nodeId, current });

/** Steps 1-9 without the write: what W1 would save, from the state as loaded. */
export async function planPersistedPolicy(
  opts: Omit<PersistedPolicyOptions, 'nodeId'>,
  key: ScheduleKey,
  loaded: ReplayPolicyState,
): Promise<PersistedPolicyDecision & { readonly before: ReplayPolicyState; readonly recommended: ReplayPolicy; readonly facts: BacklogAndMetrics }> {
  const before = withVirginFallback(loaded, opts.fallbackPolicy);
  const recommended = await recommendFrom(opts, key, before.activePolicy);
  const facts = await readBacklogAndMetrics(key, opts, opts.metricsLookback);
  const decision = decidePersistedPolicy({ ...facts, state: before, recommended, guard: opts.rollbackGuard, nowMs: opts.nowMs });
  return { ...decision, before, recommended, facts };
}

/** `recommend_..._with_persistence_and_rollback_guard`: returns `(applied, rolled_back)`; writes W1. */
export async function recommendPolicyPersisted(
  opts: PersistedPolicyOptions,
): Promise<{ readonly applied: ReplayPolicy; readonly rolledBack: boolean }> {
  validateReplayPolicy(opts.fallbackPolicy);
  validateRollbackGuard(opts.rollbackGuard);
  const key = normalizeKey(opts.worldId, opts.nodeId);
  const loaded = await opts.replayPolicyStore.loadPolicyState(key.worldId, key.nodeId);
  const plan = await planPersistedPolicy(opts, key, loaded);
  await opts.replayPolicyStore.savePolicyState(key.worldId, key.nodeId, plan.nextState);
  return { applied: plan.applied, rolledBack: plan.rolledBack };
}

// Adaptive policy recommendation (spec A §10.1): a pure rule set over a read-only snapshot of the
// stores, and the async reader that takes the snapshot in the spec's read order.
import { normalizeKey } from '../../common/ids';
import { idiv, satAdd, satMul, satSub } from '../../common/saturating';
import { aggregateRecentMetrics, ratioPerMille } from '../delivery/metrics';
import type {
  DeadLetterRecord,
  DeadLetterStore,
  DeliveryMetrics,
  RecoveryStore,
  ReplayPolicy,
  ReplayScheduleState,
  ReplayStateStore,
} from '../types';
import { validateAdaptiveBounds, validateReplayPolicy, type AdaptiveBounds } from '../validation';

/** What the recommendation reads: the state, the dead letters, the queue length, summed metrics. */
export interface RecommendationSnapshot {
  readonly state: ReplayScheduleState;
  readonly deadLetters: readonly DeadLetterRecord[];
  readonly pendingCount: number;
  readonly metrics: DeliveryMetrics;
}

const clamp = (v: number, lo: number, hi: number): number => Math.min(Math.max(v, lo), hi);

/** The rules of §10.1: conditions read `current`, changes apply to the recommendation. */
export function recommendFromSnapshot(current: ReplayPolicy, bounds: AdaptiveBounds, snap: RecommendationSnapshot): ReplayPolicy {
  const { metrics: m } = snap;
  const curMax = current.maxReplayPerRun;
  let recMax = current.maxReplayPerRun;
  let recStreak = current.maxRetryLimitExceededStreak;
  const backlog = satAdd(snap.deadLetters.length, snap.pendingCount);
  const retryBacklog = snap.deadLetters.filter((d) => d.reason === 'retry_limit_exceeded').length;
  const capBacklog = snap.deadLetters.filter((d) => d.reason === 'capacity_evicted').length;
  const dlRatio = ratioPerMille(m.deadLettered, m.attempted);
  const failRatio = ratioPerMille(m.failed, m.attempted);

  const high = backlog > Math.max(satMul(curMax, 2), bounds.minReplayPerRun);
  if (high || retryBacklog > curMax) {
    const step = Math.max(idiv(Math.max(curMax, 2), 2), 1);
    recMax = Math.min(satAdd(recMax, step), bounds.maxReplayPerRun);
  }
  const low = backlog <= Math.max(idiv(curMax, 2), 1);
  if (low && snap.pendingCount === 0 && m.attempted >= 4 && m.failed === 0 && m.deadLettered === 0) {
    recMax = Math.max(satSub(recMax, 1), bounds.minReplayPerRun);
  }
  if (capBacklog > 0) {
    if (snap.state.preferCapacityEvicted || dlRatio >= 250) recStreak = Math.max(satSub(recStreak, 1), 1);
    else if (retryBacklog > satMul(capBacklog, 2) && failRatio <= 350) recStreak = satAdd(recStreak, 1);
  } else if (retryBacklog > 0 && failRatio <= 100) {
    recStreak = satAdd(recStreak, 1);
  }
  return {
    maxReplayPerRun: clamp(recMax, bounds.minReplayPerRun, bounds.maxReplayPerRun),
    maxRetryLimitExceededStreak: clamp(recStreak, 1, bounds.maxRetryLimitExceededStreak),
  };
}

export interface RecommendInput extends AdaptiveBounds {
  readonly worldId: string;
  readonly nodeId: string;
  readonly current: ReplayPolicy;
  readonly stateStore: ReplayStateStore;
  readonly recoveryStore: RecoveryStore;
  readonly deadLetterStore: DeadLetterStore;
}

/** Validates, then reads state, dead letters, pending and metrics lines, in that order. */
export async function readRecommendationSnapshot(input: RecommendInput): Promise<RecommendationSnapshot> {
  const key = normalizeKey(input.worldId, input.nodeId);
  const state = await input.stateStore.loadState(key.worldId, key.nodeId);
  const deadLetters = await input.deadLetterStore.list(key.worldId, key.nodeId);
  const pending = await input.recoveryStore.loadPending(key.worldId, key.nodeId);
  const lines = await input.deadLetterStore.listDeliveryMetrics(key.worldId, key.nodeId);
  return { state, deadLetters, pendingCount: pending.length, metrics: aggregateRecentMetrics(lines, input.metricsLookback) };
}

/** `recommend_revocation_dead_letter_replay_policy`: read-only; nothing is persisted. */
export async function recommendReplayPolicy(input: RecommendInput): Promise<ReplayPolicy> {
  validateReplayPolicy(input.current);
  validateAdaptiveBounds(input);
  const snap = await readRecommendationSnapshot(input);
  return recommendFromSnapshot(input.current, input, snap);
}

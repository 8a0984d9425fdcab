// Fair replay (spec A §9.3) and its schedule over a state store (§9.4). Write order: save_pending,
// replace, then save_state (write 3) — handed to the PipelineWriter as one move.
import { normalizeKey } from '../../common/ids';
import { planFairReplay } from '../deadletters/plan';
import { isReplayDue } from '../deadletters/due';
import type { ReplayStoresInput } from '../deadletters/replay';
import type { ReplayPolicy, ReplayScheduleState, ReplayStateStore } from '../types';
import { validateReplayInterval, validateReplayPolicy } from '../validation';
import { directPipelineWriter } from '../writer';

export interface FairReplayInput extends ReplayStoresInput {
  readonly worldId: string;
  readonly nodeId: string;
  readonly policy: ReplayPolicy;
  readonly state: ReplayScheduleState;
}

export interface FairReplayResult {
  readonly replayed: number;
  /** The state with `preferCapacityEvicted = next_prefer` after both writes; unchanged if none. */
  readonly state: ReplayScheduleState;
}

/** `replay_revocation_dead_letters_with_policy`. */
export async function replayDeadLettersFair(input: FairReplayInput): Promise<FairReplayResult> {
  validateReplayPolicy(input.policy);
  const key = normalizeKey(input.worldId, input.nodeId);
  const records = await input.deadLetterStore.list(key.worldId, key.nodeId);
  if (records.length === 0) return { replayed: 0, state: input.state };
  const pending = await input.recoveryStore.loadPending(key.worldId, key.nodeId);
  const plan = planFairReplay(records, pending, input.policy, input.state.preferCapacityEvicted);
  const writer = input.writer ?? directPipelineWriter(input.recoveryStore, input.deadLetterStore);
  await writer.commitMove({ key, pending: plan.pending, remaining: plan.remaining });
  return { replayed: plan.count, state: { ...input.state, preferCapacityEvicted: plan.nextPrefer } };
}

export interface ReplayWithStateStoreInput extends ReplayStoresInput {
  readonly worldId: string;
  readonly nodeId: string;
  readonly nowMs: number;
  readonly replayIntervalMs: number;
  readonly policy: ReplayPolicy;
  readonly stateStore: ReplayStateStore;
}

/** `run_revocation_dead_letter_replay_schedule_with_state_store`. */
export async function runReplayScheduleWithStateStore(input: ReplayWithStateStoreInput): Promise<number> {
  validateReplayInterval(input.replayIntervalMs);
  validateReplayPolicy(input.policy);
  const key = normalizeKey(input.worldId, input.nodeId);
  const state = await input.stateStore.loadState(key.worldId, key.nodeId);
  if (!isReplayDue(state.lastReplayAtMs, input.nowMs, input.replayIntervalMs)) return 0;
  const writer = input.writer ?? directPipelineWriter(input.recoveryStore, input.deadLetterStore, input.stateStore);
  const records = await input.deadLetterStore.list(key.worldId, key.nodeId);
  if (records.length === 0) {
    await writer.saveState(key, { ...state, lastReplayAtMs: input.nowMs });
    return 0;
  }
  const pending = await input.recoveryStore.loadPending(key.worldId, key.nodeId);
  const plan = planFairReplay(records, pending, input.policy, state.preferCapacityEvicted);
  const after: ReplayScheduleState = { lastReplayAtMs: input.nowMs, preferCapacityEvicted: plan.nextPrefer };
  await writer.commitMove({ key, pending: plan.pending, remaining: plan.remaining, state: after });
  return plan.count;
}

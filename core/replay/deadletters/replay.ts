// Priority replay (spec A §8.2) and its interval schedule (§8.3). Reads, then the pure plan, then
// the writes through a PipelineWriter: write 1 save_pending, write 2 replace (spec order).
import { ValidationError } from '../../common/errors';
import { normalizeKey } from '../../common/ids';
import type { DeadLetterStore, RecoveryStore } from '../types';
import { validateReplayInterval } from '../validation';
import { directPipelineWriter, type PipelineWriter } from '../writer';
import { isReplayDue } from './due';
import { planPriorityReplay } from './plan';

export interface ReplayStoresInput {
  readonly recoveryStore: RecoveryStore;
  readonly deadLetterStore: DeadLetterStore;
  /** How the writes reach the stores; default: one store call per write, in the spec's order. */
  readonly writer?: PipelineWriter;
}

export interface ReplayByPriorityInput extends ReplayStoresInput {
  readonly worldId: string;
  readonly nodeId: string;
  readonly maxReplay: number;
}

/** `replay_revocation_dead_letters`: moves up to `maxReplay` dead letters into the queue. */
export async function replayDeadLettersByPriority(input: ReplayByPriorityInput): Promise<number> {
  if (input.maxReplay <= 0) {
    throw new ValidationError(`membership revocation dead-letter max_replay must be positive, got ${input.maxReplay}`);
  }
  const key = normalizeKey(input.worldId, input.nodeId);
  const records = await input.deadLetterStore.list(key.worldId, key.nodeId);
  if (records.length === 0) return 0;
  const pending = await input.recoveryStore.loadPending(key.worldId, key.nodeId);
  const plan = planPriorityReplay(records, pending, input.maxReplay);
  const writer = input.writer ?? directPipelineWriter(input.recoveryStore, input.deadLetterStore);
  await writer.commitMove({ key, pending: plan.pending, remaining: plan.remaining });
  return plan.count;
}

/** The caller-owned `last_replay_at_ms` of P3.24/P3.25 (`&mut Option<i64>`). */
export interface LastReplayCell {
  lastReplayAtMs: number | null;
}

export interface ReplayScheduleInput extends ReplayByPriorityInput {
  readonly nowMs: number;
  readonly replayIntervalMs: number;
  /** Updated to `nowMs` after a successful due run (even when 0 records moved). */
  readonly last: LastReplayCell;
}

/** `run_revocation_dead_letter_replay_schedule`: 0 when not due (then `maxReplay` is not validated). */
export async function runReplaySchedule(input: ReplayScheduleInput): Promise<number> {
  validateReplayInterval(input.replayIntervalMs);
  if (!isReplayDue(input.last.lastReplayAtMs, input.nowMs, input.replayIntervalMs)) return 0;
  const replayed = await replayDeadLettersByPriority(input);
  input.last.lastReplayAtMs = input.nowMs;
  return replayed;
}

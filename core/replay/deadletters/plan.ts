// What a replay run writes (spec A §8.2 steps 4–5, §9.3), pure: the selected records' pending
// alerts are appended unchanged to the queue in selection order (no capacity check), the rest
// stay in the dead-letter list in their original order.
import type { DeadLetterRecord, PendingAlert, ReplayPolicy } from '../types';
import { selectFair } from '../fair/selectFair';
import { selectByPriority } from './priority';

export interface ReplayPlan {
  readonly count: number;
  readonly pending: PendingAlert[];
  readonly remaining: DeadLetterRecord[];
}

/** Move the records at `selected` (in that order) from the dead letters to the queue. */
export function planMove(records: readonly DeadLetterRecord[], pending: readonly PendingAlert[], selected: readonly number[]): ReplayPlan {
  const chosen = new Set(selected);
  return {
    count: selected.length,
    pending: [...pending, ...selected.map((i) => records[i].pendingAlert)],
    remaining: records.filter((_, i) => !chosen.has(i)),
  };
}

/** §8.2: `min(len, maxReplay)` records in priority order. */
export function planPriorityReplay(records: readonly DeadLetterRecord[], pending: readonly PendingAlert[], maxReplay: number): ReplayPlan {
  return planMove(records, pending, selectByPriority(records, Math.min(records.length, maxReplay)));
}

/** §9.3: `min(len, max_replay_per_run)` records by fair selection, plus the next prefer flag. */
export function planFairReplay(
  records: readonly DeadLetterRecord[],
  pending: readonly PendingAlert[],
  policy: ReplayPolicy,
  preferCapacityEvicted: boolean,
): ReplayPlan & { readonly nextPrefer: boolean } {
  const count = Math.min(records.length, policy.maxReplayPerRun);
  const { selected, nextPrefer } = selectFair(records, count, policy.maxRetryLimitExceededStreak, preferCapacityEvicted);
  return { ...planMove(records, pending, selected), nextPrefer };
}

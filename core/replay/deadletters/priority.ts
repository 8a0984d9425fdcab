// Priority order of dead letters (spec A §8.1), pure. Ascending by: reason priority descending
// (RetryLimitExceeded 2 > CapacityEvicted 1), attempt descending, dropped_at ascending, index.
import type { DeadLetterReason, DeadLetterRecord } from '../types';

export const reasonPriority = (reason: DeadLetterReason): number => (reason === 'retry_limit_exceeded' ? 2 : 1);

/** Negative when index `i` comes before index `j`; a total order (the index breaks every tie). */
export function comparePriority(records: readonly DeadLetterRecord[], i: number, j: number): number {
  const a = records[i];
  const b = records[j];
  // Differences of safe integers keep their sign, so each term orders by one key; 0 falls through.
  return (
    reasonPriority(b.reason) - reasonPriority(a.reason) ||
    b.pendingAlert.attempt - a.pendingAlert.attempt ||
    a.droppedAtMs - b.droppedAtMs ||
    i - j
  );
}

/** All indices in priority order. */
export function priorityOrder(records: readonly DeadLetterRecord[]): number[] {
  return records.map((_, i) => i).sort((i, j) => comparePriority(records, i, j));
}

/** The first `count` indices in priority order. */
export function selectByPriority(records: readonly DeadLetterRecord[], count: number): number[] {
  return priorityOrder(records).slice(0, count);
}

// Fair selection (spec A §9.2), pure: retry-limit records (R) in priority order, but after `S` of
// them in a row a waiting capacity-evicted record (C) goes next; `preferCapacityEvicted` carries
// "no C was picked last run while C records wait" over to the next run.
import type { DeadLetterRecord } from '../types';

export interface FairSelection {
  /** Indices into the input, in selection order. */
  readonly selected: number[];
  /** `next_prefer`: true iff C records remain and none was selected in this run. */
  readonly nextPrefer: boolean;
}

/** Bucket order: attempt descending, dropped_at ascending, index ascending. */
function bucketOrder(records: readonly DeadLetterRecord[], indices: number[]): number[] {
  // Differences of safe integers keep their sign, so each term orders by one key; 0 falls through.
  // `indices` is ascending and Array#sort is stable, so ties keep index order without a third key.
  return indices.sort((i, j) => {
    const a = records[i];
    const b = records[j];
    return b.pendingAlert.attempt - a.pendingAlert.attempt || a.droppedAtMs - b.droppedAtMs;
  });
}

/** `fair_dead_letter_indices(dls, replay_count, S, P)`. */
export function selectFair(
  records: readonly DeadLetterRecord[],
  replayCount: number,
  maxRetryLimitExceededStreak: number,
  preferCapacityEvicted: boolean,
): FairSelection {
  const all = records.map((_, i) => i);
  const retry = bucketOrder(records, all.filter((i) => records[i].reason === 'retry_limit_exceeded'));
  const capacity = bucketOrder(records, all.filter((i) => records[i].reason === 'capacity_evicted'));
  let rc = 0;
  let cc = 0;
  let streak = 0;
  let preferNext = preferCapacityEvicted;
  let tookCapacity = false;
  const selected: number[] = [];
  while (selected.length < replayCount) {
    const rAvail = rc < retry.length;
    const cAvail = cc < capacity.length;
    if (!rAvail && !cAvail) break;
    let takeCap: boolean;
    if (preferNext && cAvail) takeCap = true;
    else if (rAvail && cAvail) takeCap = streak >= maxRetryLimitExceededStreak;
    else takeCap = cAvail; // one bucket is left (the spec's `!rAvail && cAvail`)
    if (takeCap) {
      selected.push(capacity[cc]);
      cc += 1;
      streak = 0;
      preferNext = false;
      tookCapacity = true;
    } else {
      selected.push(retry[rc]);
      rc += 1;
      // The spec's "if cc < |C| and streak >= S, preferNext = true" is left out: preferNext is read
      // only with C available, and then `streak >= S` above already takes C, so it changes nothing.
      streak += 1;
    }
  }
  return { selected, nextPrefer: cc < capacity.length && !tookCapacity };
}

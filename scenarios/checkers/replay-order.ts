// An independent oracle of the spec's replay selection rules (A §8.1 priority, §9.2 fair), written
// from the spec text over the records a run listed, so the checkers do not trust the core's own
// `selectByPriority` / `selectFair`.
import type { ListedRecord } from '../pipeline/ledger';

const isRetry = (r: ListedRecord): boolean => r.reason === 'retry_limit_exceeded';

/** attempt desc, dropped_at asc, index asc (the bucket order of §9.2 and keys 2–4 of §8.1). */
function byAttemptThenAge(records: readonly ListedRecord[]) {
  return (i: number, j: number): number =>
    records[j].attempt - records[i].attempt || records[i].droppedAtMs - records[j].droppedAtMs || i - j;
}

/** §8.1: retry-limit before capacity, then attempt desc, dropped_at asc, index; the first `count`. */
export function expectedPriority(records: readonly ListedRecord[], count: number): number[] {
  const order = records.map((_, i) => i);
  const inner = byAttemptThenAge(records);
  order.sort((i, j) => Number(isRetry(records[j])) - Number(isRetry(records[i])) || inner(i, j));
  return order.slice(0, count);
}

/** §9.2 fair selection: indices in selection order. */
export function expectedFair(records: readonly ListedRecord[], count: number, streakMax: number, prefer: boolean): number[] {
  const inner = byAttemptThenAge(records);
  const r = records.map((_, i) => i).filter((i) => isRetry(records[i])).sort(inner);
  const c = records.map((_, i) => i).filter((i) => !isRetry(records[i])).sort(inner);
  const out: number[] = [];
  let streak = 0;
  let preferNext = prefer;
  while (out.length < count && (r.length > 0 || c.length > 0)) {
    const takeCap = c.length > 0 && (preferNext || r.length === 0 || streak >= streakMax);
    if (takeCap) {
      out.push(c.shift() as number);
      streak = 0;
      preferNext = false;
    } else {
      out.push(r.shift() as number);
      streak += 1;
      if (c.length > 0 && streak >= streakMax) preferNext = true;
    }
  }
  return out;
}

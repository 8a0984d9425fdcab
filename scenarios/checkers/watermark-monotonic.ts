// Invariant `watermark-monotonic`: a consumer's watermark or cursor never goes backwards. Two views:
//  - each pull returns a cursor that is not behind the one it started from;
//  - the stored cursor, as its store executed loads and commits in order, never moves back: no load
//    or commit is behind the last cursor the store committed or handed out (a load that finds no
//    state after that means the consumer restarts from its initial cursor, which is backwards).
// Pure: reads the append-only ledger; it remembers how far it has read, per ledger, so a check after
// every step costs only the new records.
import type { Finding } from '../registry';
import { formatCursor, isBehind } from './events-cursor-order';
import type { CursorOpRecord, CursorValue, EventsLedger, PullRecord } from './events-ledger';

export const WATERMARK_MONOTONIC = 'watermark-monotonic';

interface Progress {
  pulls: number;
  ops: number;
  /** Per consumer, the last load or commit that carried a cursor. */
  readonly last: Map<string, CursorOpRecord>;
  finding: Finding | null;
}

const progressOf = new WeakMap<EventsLedger, Progress>();

function pullWentBack(p: PullRecord, node: string): Finding | null {
  if (p.from === null || p.next === null || !isBehind(p.next, p.from)) return null;
  return {
    node,
    message: `consumer ${p.consumer} pulled from ${formatCursor(p.from)} and got back ${formatCursor(p.next)}: the cursor went backwards`,
    evidence: { consumer: p.consumer, pull: p },
  };
}

function opWentBack(op: CursorOpRecord, last: CursorOpRecord | undefined): Finding | null {
  if (last === undefined || last.value === null) return null;
  const lastValue: CursorValue = last.value;
  if (op.value !== null && !isBehind(op.value, lastValue)) return null;
  const what = op.op === 'load' ? (op.value === null ? 'loaded no state (initial cursor)' : `loaded ${formatCursor(op.value)}`) : `committed ${formatCursor(op.value)}`;
  const before = last.op === 'load' ? 'was loaded' : 'was committed';
  return {
    node: op.where,
    message: `consumer ${op.consumer} ${what} at step ${op.step} after ${formatCursor(lastValue)} ${before} at step ${last.step}: the cursor went backwards`,
    evidence: { consumer: op.consumer, last, op },
  };
}

/** The first backwards move in the ledger, or null. */
export function checkWatermarkMonotonic(ledger: EventsLedger, consumerNode: string): Finding | null {
  let progress = progressOf.get(ledger);
  if (progress === undefined) {
    progress = { pulls: 0, ops: 0, last: new Map(), finding: null };
    progressOf.set(ledger, progress);
  }
  for (; progress.finding === null && progress.pulls < ledger.pulls.length; progress.pulls += 1) {
    progress.finding = pullWentBack(ledger.pulls[progress.pulls], consumerNode);
  }
  for (; progress.finding === null && progress.ops < ledger.cursorOps.length; progress.ops += 1) {
    const op = ledger.cursorOps[progress.ops];
    progress.finding = opWentBack(op, progress.last.get(op.consumer));
    if (op.value !== null) progress.last.set(op.consumer, op);
  }
  return progress.finding;
}

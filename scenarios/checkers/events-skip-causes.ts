// Why a consumer never processed an event it should have: the evidence that names the spec weak
// point. Judged from the consumer's own pulls (the first one whose cursor reached the event's time)
// and the event's publish acknowledgement:
//  - `handed-not-processed`: a pull handed it over and processing never finished (W-E1);
//  - `committed-not-handed`: a pull whose save landed (covering its time) failed before handing its
//    batch over (the reply was lost, or the caller gave up: W-E1);
//  - `bus-unreadable`: its node's bus cannot be read at all (W-D4);
//  - `lost-from-bus`: acknowledged, but its node's bus no longer holds it;
//  - `offsets-shifted`: on the bus, but a sequence cursor stopped at its millisecond with an
//    offset that no longer means what it meant: the node's list shrank (W-D2);
//  - `late`: acknowledged only after the cursor had reached its time (W-B2, W-C2, W-D5);
//  - `same-ms-truncation`: it was on the bus, and a page ended at its millisecond (W-B1, W-C1);
//  - `passed-over`: it was on the bus and the cursor moved past its time without it;
//  - `not-reached`: the cursor never got to its time (a consumer stuck or too slow);
//  - `not-delivered`: a per-node sequence consumer left it behind (no time to judge by).
import { cmpStr } from '../../core/events/common/order';
import { cursorTime, formatCursor } from './events-cursor-order';
import type { BusView, ConsumerSpec, CursorOpRecord, EventsLedger, PublishRecord, PullRecord } from './events-ledger';

export type SkipCause =
  | 'handed-not-processed'
  | 'committed-not-handed'
  | 'bus-unreadable'
  | 'lost-from-bus'
  | 'offsets-shifted'
  | 'late'
  | 'same-ms-truncation'
  | 'passed-over'
  | 'not-reached'
  | 'not-delivered';

export interface SkippedEvent {
  readonly consumer: string;
  readonly id: string;
  readonly node: string;
  readonly eventAtMs: number;
  readonly outcome: string | null;
  readonly ackStep: number | null;
  readonly cause: SkipCause;
  /** The pull whose cursor first reached the event's time, if any. */
  readonly passedBy?: { readonly startStep: number; readonly from: string; readonly next: string };
  /** For `committed-not-handed`: the commit that moved the stored cursor past the event. */
  readonly committedBy?: { readonly step: number; readonly cursor: string };
  /** For `late`: the cursor stood exactly at the event's millisecond on a higher node id (W-C2). */
  readonly atCursorMsFromLowerNode?: boolean;
  /** For `offsets-shifted`: the node's bus lost acknowledged events (its list shrank). */
  readonly nodeLostEvents?: boolean;
  /** For `same-ms-truncation`: the page ended on the event's own node in its millisecond (W-C1). */
  readonly sameNodeAtCursorMs?: boolean;
}

function firstPassing(pulls: readonly PullRecord[], t: number): PullRecord | undefined {
  return pulls.find((p) => {
    const reached = p.error === null && p.next !== null ? cursorTime(p.next) : null;
    return reached !== null && reached >= t;
  });
}

/** A commit made by a pull that then failed, covering the event's time: the batch was lost. */
function lostBatchCommit(ledger: EventsLedger, pulls: readonly PullRecord[], t: number): CursorOpRecord | undefined {
  for (const p of pulls) {
    const from = p.error !== null && p.from !== null ? cursorTime(p.from) : null;
    if (from === null || from > t) continue;
    const commit = ledger.cursorOps.find((op) => {
      const reached = op.consumer === p.consumer && op.op === 'commit' && op.value !== null ? cursorTime(op.value) : null;
      return reached !== null && reached >= t && op.step >= p.startStep && op.step <= p.endStep;
    });
    if (commit !== undefined) return commit;
  }
  return undefined;
}

type TimeCause = Pick<SkippedEvent, 'cause' | 'atCursorMsFromLowerNode' | 'sameNodeAtCursorMs'>;

function timeCause(pub: PublishRecord, passing: PullRecord): TimeCause {
  const next = passing.next;
  const reached = next === null ? null : cursorTime(next);
  const cursorNode = next !== null && (next.kind === 'node' || next.kind === 'sequence') ? next.node : null;
  const atMs = reached === pub.eventAtMs;
  if (pub.ackStep === null || pub.ackStep >= passing.startStep) {
    const lower = atMs && cursorNode !== null && cmpStr(pub.node, cursorNode) < 0;
    return lower ? { cause: 'late', atCursorMsFromLowerNode: true } : { cause: 'late' };
  }
  if (!atMs) return { cause: 'passed-over' };
  return cursorNode === pub.node ? { cause: 'same-ms-truncation', sameNodeAtCursorMs: true } : { cause: 'same-ms-truncation' };
}

/** Acknowledged events of `node` its bus no longer holds. */
function lostFromBus(ledger: EventsLedger, node: string, bus: BusView | undefined): boolean {
  if (bus === undefined || bus.ids === null) return false;
  const held = new Set(bus.ids);
  return ledger.publishes.some((p) => p.node === node && p.ackStep !== null && !held.has(p.id));
}

/** Classifies one skipped event of one consumer. */
export function classifySkip(ledger: EventsLedger, consumer: ConsumerSpec, pub: PublishRecord, bus: BusView | undefined): SkippedEvent {
  const base = { consumer: consumer.id, id: pub.id, node: pub.node, eventAtMs: pub.eventAtMs, outcome: pub.outcome, ackStep: pub.ackStep };
  const pulls = ledger.pulls.filter((p) => p.consumer === consumer.id);
  if (pulls.some((p) => p.handed.includes(pub.id))) return { ...base, cause: 'handed-not-processed' };
  if (bus !== undefined && bus.ids === null) return { ...base, cause: 'bus-unreadable' };
  if (bus !== undefined && bus.ids !== null && !bus.ids.includes(pub.id)) return { ...base, cause: 'lost-from-bus' };
  if (pulls.some((p) => p.next?.kind === 'positions')) return { ...base, cause: 'not-delivered' };
  const passing = firstPassing(pulls, pub.eventAtMs);
  const commit = lostBatchCommit(ledger, pulls, pub.eventAtMs);
  if (commit !== undefined) {
    return { ...base, cause: 'committed-not-handed', committedBy: { step: commit.step, cursor: formatCursor(commit.value) } };
  }
  if (passing === undefined) return { ...base, cause: 'not-reached' };
  const passedBy = { startStep: passing.startStep, from: formatCursor(passing.from), next: formatCursor(passing.next) };
  const time = timeCause(pub, passing);
  // A sequence cursor never splits a millisecond by itself: only shifted offsets make it skip there.
  if (time.cause === 'same-ms-truncation' && passing.next?.kind === 'sequence') {
    return { ...base, cause: 'offsets-shifted', passedBy, nodeLostEvents: lostFromBus(ledger, pub.node, bus) };
  }
  return { ...base, ...time, passedBy };
}

/** `cause: count` pairs, in a fixed order, for messages. */
export function summarizeCauses(skipped: readonly SkippedEvent[]): string {
  const counts = new Map<string, number>();
  for (const s of skipped) counts.set(`${s.consumer} ${s.cause}`, (counts.get(`${s.consumer} ${s.cause}`) ?? 0) + 1);
  return [...counts.entries()]
    .sort((a, b) => cmpStr(a[0], b[0]))
    .map(([k, n]) => `${k} ×${n}`)
    .join(', ');
}

// Invariant "each published event is processed exactly once by each consumer", in its two halves:
//  - `cursor-no-duplicate` (safety, after every step): no consumer processes the same event twice,
//    across pages, empty pulls, restarts and same-millisecond events;
//  - `cursor-no-skip` (liveness, at the end, after heal): every event that was published (its
//    publish acknowledged, or processed by some consumer) and passes a consumer's outcome filter
//    was processed by that consumer. The evidence names each skipped event and why (skip causes);
//  - `cursor-no-lost-batch` (liveness, at the end): the part of a skip that is the consumer's own
//    doing: no event a pull handed over, or a failed pull committed the cursor past, is left
//    unprocessed (at-most-once delivery, spec C W-E1).
// Pure: reads the append-only ledger and the final bus contents.
import type { Finding } from '../registry';
import type { BusView, EventsLedger, PublishRecord } from './events-ledger';
import { classifySkip, summarizeCauses, type SkippedEvent } from './events-skip-causes';

export const CURSOR_NO_DUPLICATE = 'cursor-no-duplicate';
export const CURSOR_NO_SKIP = 'cursor-no-skip';
export const CURSOR_NO_LOST_BATCH = 'cursor-no-lost-batch';

interface Seen {
  read: number;
  readonly ids: Map<string, Set<string>>;
  finding: Finding | null;
}

const seenOf = new WeakMap<EventsLedger, Seen>();

/** The first event processed twice by one consumer, or null. */
export function checkNoDuplicateDelivery(ledger: EventsLedger, consumerNode: string): Finding | null {
  let seen = seenOf.get(ledger);
  if (seen === undefined) {
    seen = { read: 0, ids: new Map(), finding: null };
    seenOf.set(ledger, seen);
  }
  for (; seen.finding === null && seen.read < ledger.processed.length; seen.read += 1) {
    const rec = ledger.processed[seen.read];
    const ids = seen.ids.get(rec.consumer) ?? new Set<string>();
    seen.ids.set(rec.consumer, ids);
    if (!ids.has(rec.id)) {
      ids.add(rec.id);
      continue;
    }
    const both = ledger.processed.filter((p) => p.consumer === rec.consumer && p.id === rec.id);
    seen.finding = {
      node: consumerNode,
      message: `consumer ${rec.consumer} processed event ${rec.id} twice (steps ${both.map((p) => p.step).join(' and ')})`,
      evidence: { consumer: rec.consumer, id: rec.id, processed: both, publish: ledger.publishes.find((p) => p.id === rec.id) ?? null },
    };
  }
  return seen.finding;
}

/** Events every consumer must process: acknowledged publishes, plus any event some consumer processed. */
export function publishedEvents(ledger: EventsLedger): PublishRecord[] {
  const processed = new Set(ledger.processed.map((p) => p.id));
  return ledger.publishes.filter((p) => p.ackStep !== null || processed.has(p.id));
}

/** Every published event each consumer never processed, with its cause. */
export function skippedEvents(ledger: EventsLedger, busViews: readonly BusView[]): SkippedEvent[] {
  const published = publishedEvents(ledger);
  const skipped: SkippedEvent[] = [];
  for (const consumer of ledger.consumers) {
    const done = new Set(ledger.processed.filter((p) => p.consumer === consumer.id).map((p) => p.id));
    for (const pub of published) {
      if (done.has(pub.id)) continue;
      if (consumer.outcomes.length > 0 && (pub.outcome === null || !consumer.outcomes.includes(pub.outcome))) continue;
      skipped.push(classifySkip(ledger, consumer, pub, busViews.find((b) => b.node === pub.node)));
    }
  }
  return skipped;
}

function skipFinding(skipped: readonly SkippedEvent[], busViews: readonly BusView[], consumerNode: string, what: string): Finding | null {
  if (skipped.length === 0) return null;
  const first = skipped[0];
  return {
    node: consumerNode,
    message: `${skipped.length} ${what} (${summarizeCauses(skipped)}); first: ${first.consumer} missed ${first.id} at ${first.eventAtMs} (${first.cause})`,
    evidence: { skipped, buses: busViews },
  };
}

/** Every published event some consumer never processed, with its cause; null if none. */
export function checkNoSkippedEvent(ledger: EventsLedger, busViews: readonly BusView[], consumerNode: string): Finding | null {
  return skipFinding(skippedEvents(ledger, busViews), busViews, consumerNode, 'published event(s) never processed');
}

const LOST_BATCH_CAUSES: ReadonlySet<string> = new Set(['handed-not-processed', 'committed-not-handed']);

/** Events a consumer pulled (handed over, or committed past) and then never processed; null if none. */
export function checkNoLostBatch(ledger: EventsLedger, busViews: readonly BusView[], consumerNode: string): Finding | null {
  const lost = skippedEvents(ledger, busViews).filter((s) => LOST_BATCH_CAUSES.has(s.cause));
  return skipFinding(lost, busViews, consumerNode, 'pulled event(s) lost before processing');
}

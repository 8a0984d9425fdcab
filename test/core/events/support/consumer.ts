// Test helpers for the hardened consumer: a de-duplicating consumer that records what it applied,
// and a loop that pulls until nothing is left.
import type { SequencedEventReader } from '../../../../core/events/bus/eventBus';
import type { SequencedDelivery } from '../../../../core/events/hardened/nodeSequenceCursor';
import type { NodeSequenceCursorStore } from '../../../../core/events/hardened/nodeSequenceCursorStore';
import { consumeDrillAlertEvents, createIdempotentConsumer } from '../../../../core/events/hardened/sequencedConsumer';
import type { DrillAlertEventOutcome } from '../../../../core/events/bus/drillAlertEvent';

export function recordingConsumer() {
  const dedup = createIdempotentConsumer();
  const seen: SequencedDelivery[] = [];
  let deliveries = 0;
  return {
    seen,
    deliveries: () => deliveries,
    deliver: async (batch: readonly SequencedDelivery[]) => {
      deliveries += batch.length;
      seen.push(...dedup.accept(batch));
    },
  };
}

export async function pullAll(
  reader: SequencedEventReader,
  store: NodeSequenceCursorStore,
  deliver: (b: readonly SequencedDelivery[]) => Promise<void>,
  nodeIds: readonly string[],
  maxRecords: number,
  outcomes: readonly DrillAlertEventOutcome[] = [],
): Promise<void> {
  for (let i = 0; i < 1000; i += 1) {
    const r = await consumeDrillAlertEvents({ worldId: 'w1', consumerId: 'c', nodeIds, outcomes, maxRecords }, { reader, store, deliver });
    if (r.deliveries.length === 0) return;
  }
  throw new Error('pullAll did not converge');
}

export const ids = (ds: readonly SequencedDelivery[]): string[] => ds.map((d) => `${d.nodeId}#${d.seq}@${d.event.eventAtMs}`);

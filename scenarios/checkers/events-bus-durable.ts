// Invariant `event-bus-durable`: an event whose publish was acknowledged stays on its node's bus.
// The spec's File bus appends without ever syncing, so a crash of the publishing node takes every
// acknowledged event with it (and the node's sequence offsets start over, W-D2).
// Pure: reads the ledger's publish acknowledgements and the bus views.
import type { Finding } from '../registry';
import type { BusView, EventsLedger } from './events-ledger';

export const EVENT_BUS_DURABLE = 'event-bus-durable';

export function checkEventBusDurable(ledger: EventsLedger, views: readonly BusView[]): Finding | null {
  for (const view of views) {
    if (view.ids === null) continue; // unreadable: event-bus-integrity's business
    const held = new Set(view.ids);
    const lost = ledger.publishes.filter((p) => p.node === view.node && p.ackStep !== null && !held.has(p.id));
    if (lost.length === 0) continue;
    return {
      node: view.node,
      message: `${view.node}'s event bus lost ${lost.length} acknowledged event(s): ${lost.map((p) => `${p.id} (acknowledged at step ${p.ackStep})`).join(', ')}`,
      evidence: { node: view.node, lost, held: view.ids },
    };
  }
  return null;
}

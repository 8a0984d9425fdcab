// Invariant `event-bus-integrity`: every publisher's drill-alert event bus still reads the way its
// readers read it. In `original` a publish is two appends (the JSON, then "\n"); a failed second
// write leaves an unterminated line, the next publish is glued onto it, and from then on every
// `list` of that node fails, so every pull that includes the node fails (spec C W-D4).
// Pure: reads the bus views the scenario decodes from the nodes' disks.
import type { Finding } from '../registry';
import type { BusView } from './events-ledger';

export const EVENT_BUS_INTEGRITY = 'event-bus-integrity';

export function checkEventBusIntegrity(views: readonly BusView[]): Finding | null {
  const bad = views.find((v) => v.ids === null);
  if (bad === undefined) return null;
  return { node: bad.node, message: `${bad.node}'s event bus no longer reads: ${bad.error ?? 'unreadable'}`, evidence: { bus: bad } };
}

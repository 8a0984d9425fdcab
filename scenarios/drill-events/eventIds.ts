// The oracle id of a drill-alert event. The spec's events carry no id; the publisher adds
// `drill-event-id:<node>/<ordinal>` to `reasons` so the harness can follow each event through
// every pull (queries filter by outcome only, so the tag changes no decision).
import type { DrillAlertEvent } from '../../core/events/bus/drillAlertEvent';

export const EVENT_ID_PREFIX = 'drill-event-id:';

/** The event's oracle id, or a placeholder naming where it came from if it has none. */
export function eventIdOf(event: DrillAlertEvent): string {
  const tag = event.reasons.find((r) => r.startsWith(EVENT_ID_PREFIX));
  return tag === undefined ? `untagged:${event.nodeId}@${event.eventAtMs}` : tag.slice(EVENT_ID_PREFIX.length);
}

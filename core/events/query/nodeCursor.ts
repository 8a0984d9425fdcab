// P3.39: composite cursor (time watermark + node id) (spec C §8). Several events of the same node
// in the cursor millisecond cannot be split across pages (W-C1).
import type { Profile } from '../../ports';
import type { DrillAlertEvent, DrillAlertEventOutcome } from '../bus/drillAlertEvent';
import type { DrillAlertEventReader } from '../bus/eventBus';
import { cmpStr, stableSorted } from '../common/order';
import { collectDrillAlertEvents, validateEventMaxRecords } from './collection';
import { normalizeCursorNodeId } from './cursorNode';
import { oldestFirst } from './watermark';

export interface NodeCursor {
  readonly sinceEventAtMs: number;
  /** null: nothing at `sinceEventAtMs` has been consumed yet. */
  readonly sinceNodeId: string | null;
}

/** Is the event strictly after the cursor? With no cursor node, every event at `since` counts. */
export function isAfterNodeCursor(event: DrillAlertEvent, cursor: NodeCursor): boolean {
  if (event.eventAtMs !== cursor.sinceEventAtMs) return event.eventAtMs > cursor.sinceEventAtMs;
  return cursor.sinceNodeId === null || cmpStr(event.nodeId, cursor.sinceNodeId) > 0;
}

export interface NodeCursorPage {
  readonly events: DrillAlertEvent[];
  readonly next: NodeCursor;
}

/** Pure §8 steps 4–6 (the cursor node already normalised). An empty pull returns the input cursor. */
export function selectEventsSinceNodeCursor(
  collected: readonly DrillAlertEvent[],
  cursor: NodeCursor,
  maxRecords: number,
): NodeCursorPage {
  const events = stableSorted(
    collected.filter((e) => isAfterNodeCursor(e, cursor)),
    oldestFirst,
  ).slice(0, maxRecords);
  const last = events[events.length - 1];
  return { events, next: last ? { sinceEventAtMs: last.eventAtMs, sinceNodeId: last.nodeId } : { ...cursor } };
}

export interface NodeCursorQuery {
  readonly worldId: string;
  readonly nodeIds: readonly string[];
  readonly cursor: NodeCursor;
  readonly outcomes: readonly DrillAlertEventOutcome[];
  readonly maxRecords: number;
  /** Default 'original'. */
  readonly profile?: Profile;
}

export interface NodeCursorPull extends NodeCursorPage {
  /** Hardened only: nodes that could not be read; the cursor is then held at its input. */
  readonly unreachable: readonly string[];
}

/** `…_incremental_since_cursor`. */
export async function queryDrillAlertEventsSinceCursor(query: NodeCursorQuery, reader: DrillAlertEventReader): Promise<NodeCursorPull> {
  validateEventMaxRecords(query.maxRecords);
  const cursor: NodeCursor = {
    sinceEventAtMs: query.cursor.sinceEventAtMs,
    sinceNodeId: normalizeCursorNodeId(query.worldId, query.cursor.sinceNodeId),
  };
  const collected = await collectDrillAlertEvents(reader, { ...query, minEventAtMs: null });
  const page = selectEventsSinceNodeCursor(collected.events, cursor, query.maxRecords);
  const held = collected.unreachable.length > 0;
  return { events: page.events, next: held ? cursor : page.next, unreachable: collected.unreachable };
}

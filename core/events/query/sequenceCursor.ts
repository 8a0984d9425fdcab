// P3.40: composite sequence cursor (time, node, offset within the node's kept events) (spec C §9).
// The offset counts a node's events that survived the id and outcome filters, across all times.
import type { Profile } from '../../ports';
import type { DrillAlertEvent, DrillAlertEventOutcome } from '../bus/drillAlertEvent';
import type { DrillAlertEventReader } from '../bus/eventBus';
import { cmpNum, cmpStr } from '../common/order';
import { collectDrillAlertEvents, validateEventMaxRecords } from './collection';
import { normalizeCursorNodeId, validateNodeEventOffset } from './cursorNode';

export interface SequenceCursor {
  readonly sinceEventAtMs: number;
  readonly sinceNodeId: string | null;
  /** Meaningful only with a node; ignored by the query when `sinceNodeId` is null. */
  readonly sinceNodeEventOffset: number;
}

export interface OffsetEvent {
  readonly event: DrillAlertEvent;
  readonly nodeEventOffset: number;
}

/** §9 step 3: one counter per node over the collected sequence. */
export function assignNodeEventOffsets(collected: readonly DrillAlertEvent[]): OffsetEvent[] {
  const counters = new Map<string, number>();
  return collected.map((event) => {
    const nodeEventOffset = counters.get(event.nodeId) ?? 0;
    counters.set(event.nodeId, nodeEventOffset + 1);
    return { event, nodeEventOffset };
  });
}

export function isAfterSequenceCursor(row: OffsetEvent, cursor: SequenceCursor): boolean {
  const { event } = row;
  if (event.eventAtMs !== cursor.sinceEventAtMs) return event.eventAtMs > cursor.sinceEventAtMs;
  if (cursor.sinceNodeId === null) return true;
  const byNode = cmpStr(event.nodeId, cursor.sinceNodeId);
  return byNode !== 0 ? byNode > 0 : row.nodeEventOffset > cursor.sinceNodeEventOffset;
}

const byTimeNodeOffset = (a: OffsetEvent, b: OffsetEvent): number =>
  cmpNum(a.event.eventAtMs, b.event.eventAtMs) || cmpStr(a.event.nodeId, b.event.nodeId) || cmpNum(a.nodeEventOffset, b.nodeEventOffset);

export interface SequenceCursorPage {
  readonly rows: OffsetEvent[];
  readonly next: SequenceCursor;
}

/** Pure §9 steps 3–7. An empty pull returns the input cursor unchanged. */
export function selectEventsSinceSequenceCursor(
  collected: readonly DrillAlertEvent[],
  cursor: SequenceCursor,
  maxRecords: number,
): SequenceCursorPage {
  const rows = assignNodeEventOffsets(collected)
    .filter((row) => isAfterSequenceCursor(row, cursor))
    .sort(byTimeNodeOffset)
    .slice(0, maxRecords);
  const last = rows[rows.length - 1];
  const next: SequenceCursor = last
    ? { sinceEventAtMs: last.event.eventAtMs, sinceNodeId: last.event.nodeId, sinceNodeEventOffset: last.nodeEventOffset }
    : { ...cursor };
  return { rows, next };
}

export interface SequenceCursorQuery {
  readonly worldId: string;
  readonly nodeIds: readonly string[];
  readonly cursor: SequenceCursor;
  readonly outcomes: readonly DrillAlertEventOutcome[];
  readonly maxRecords: number;
  /** Default 'original'. */
  readonly profile?: Profile;
}

export interface SequenceCursorPull {
  readonly events: DrillAlertEvent[];
  readonly next: SequenceCursor;
  /** Hardened only: nodes that could not be read; the cursor is then held at its input. */
  readonly unreachable: readonly string[];
}

/** `…_incremental_since_composite_sequence_cursor`. */
export async function queryDrillAlertEventsSinceSequenceCursor(
  query: SequenceCursorQuery,
  reader: DrillAlertEventReader,
): Promise<SequenceCursorPull> {
  validateEventMaxRecords(query.maxRecords);
  validateNodeEventOffset(query.cursor.sinceNodeEventOffset);
  const cursor: SequenceCursor = {
    ...query.cursor,
    sinceNodeId: normalizeCursorNodeId(query.worldId, query.cursor.sinceNodeId),
  };
  const collected = await collectDrillAlertEvents(reader, { ...query, minEventAtMs: null });
  const page = selectEventsSinceSequenceCursor(collected.events, cursor, query.maxRecords);
  const held = collected.unreachable.length > 0;
  return { events: page.rows.map((r) => r.event), next: held ? cursor : page.next, unreachable: collected.unreachable };
}

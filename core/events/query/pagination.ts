// P3.36: aggregate pull with a time window, an outcome filter and offset pagination (spec C §5).
// Each call re-reads every node's full list; there is no snapshot (see W-A1).
import { ValidationError } from '../../common/errors';
import type { Profile } from '../../ports';
import type { DrillAlertEvent, DrillAlertEventOutcome } from '../bus/drillAlertEvent';
import type { DrillAlertEventReader } from '../bus/eventBus';
import { cmpNum, cmpStr, stableSorted } from '../common/order';
import { collectDrillAlertEvents, EVENT_QUERY, validateEventMaxRecords } from './collection';

/** Newest first, then node ascending; same node and millisecond keep append order (stable). */
export const newestFirst = (a: DrillAlertEvent, b: DrillAlertEvent): number =>
  cmpNum(b.eventAtMs, a.eventAtMs) || cmpStr(a.nodeId, b.nodeId);

/** Pure §5 steps 3–4. */
export function pageEventsNewestFirst(collected: readonly DrillAlertEvent[], offset: number, maxRecords: number): DrillAlertEvent[] {
  const sorted = stableSorted(collected, newestFirst);
  // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent, a shortcut (slice past the end is [] too)
  if (offset >= sorted.length) return [];
  return sorted.slice(offset, offset + maxRecords);
}

export interface AggregatedEventQuery {
  readonly worldId: string;
  readonly nodeIds: readonly string[];
  readonly minEventAtMs: number | null;
  readonly outcomes: readonly DrillAlertEventOutcome[];
  readonly offset: number;
  readonly maxRecords: number;
  /** Default 'original' (an unreadable node fails the call); 'hardened' returns what it could read. */
  readonly profile?: Profile;
}

export interface AggregatedEventPage {
  readonly events: DrillAlertEvent[];
  readonly unreachable: readonly string[];
}

/** `query_…_drill_alert_events_aggregated`. */
export async function queryDrillAlertEventsAggregated(
  query: AggregatedEventQuery,
  reader: DrillAlertEventReader,
): Promise<AggregatedEventPage> {
  validateEventMaxRecords(query.maxRecords);
  if (!Number.isSafeInteger(query.offset) || query.offset < 0) {
    throw new ValidationError(`${EVENT_QUERY} offset must be a non-negative integer, got ${query.offset}`);
  }
  const collected = await collectDrillAlertEvents(reader, query);
  return { events: pageEventsNewestFirst(collected.events, query.offset, query.maxRecords), unreachable: collected.unreachable };
}

// P3.37/P3.38: incremental pull by time watermark (strict `>`), outcome summary, next watermark
// (spec C §6, §7). The watermark is the caller's to keep; nothing here is persisted.
import type { Profile } from '../../ports';
import { outcomeLabel, type DrillAlertEvent, type DrillAlertEventOutcome } from '../bus/drillAlertEvent';
import type { DrillAlertEventReader } from '../bus/eventBus';
import { cmpNum, cmpStr, stableSorted } from '../common/order';
import { collectDrillAlertEvents, validateEventMaxRecords } from './collection';

/** Oldest first, then node ascending; same node and millisecond keep append order (stable). */
export const oldestFirst = (a: DrillAlertEvent, b: DrillAlertEvent): number =>
  cmpNum(a.eventAtMs, b.eventAtMs) || cmpStr(a.nodeId, b.nodeId);

/** Pure §6.1 steps 3–5. */
export function selectEventsSince(collected: readonly DrillAlertEvent[], sinceEventAtMs: number, maxRecords: number): DrillAlertEvent[] {
  const newer = collected.filter((e) => e.eventAtMs > sinceEventAtMs);
  return stableSorted(newer, oldestFirst).slice(0, maxRecords);
}

/** §7: `max(last?.event_at_ms ?? since, since)`; an empty pull keeps `since`. */
export function nextWatermark(events: readonly DrillAlertEvent[], sinceEventAtMs: number): number {
  const last = events.length > 0 ? events[events.length - 1].eventAtMs : sinceEventAtMs;
  return Math.max(last, sinceEventAtMs);
}

/** Pure §6.2: counts per label; only labels that occur, keys in code-point order. */
export function summarizeByOutcome(collected: readonly DrillAlertEvent[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const e of collected) counts.set(outcomeLabel(e.outcome), (counts.get(outcomeLabel(e.outcome)) ?? 0) + 1);
  return new Map([...counts.entries()].sort((a, b) => cmpStr(a[0], b[0])));
}

export interface SinceEventQuery {
  readonly worldId: string;
  readonly nodeIds: readonly string[];
  readonly sinceEventAtMs: number;
  readonly outcomes: readonly DrillAlertEventOutcome[];
  readonly maxRecords: number;
  /** Default 'original'. */
  readonly profile?: Profile;
}

export interface WatermarkPull {
  readonly events: DrillAlertEvent[];
  readonly nextSinceEventAtMs: number;
  /** Hardened only: nodes that could not be read. The watermark is then held at its input. */
  readonly unreachable: readonly string[];
}

/** `…_incremental_since`. */
export async function queryDrillAlertEventsSince(query: SinceEventQuery, reader: DrillAlertEventReader): Promise<DrillAlertEvent[]> {
  return (await queryDrillAlertEventsSinceWithWatermark(query, reader)).events;
}

/**
 * `…_incremental_since_with_next_watermark`. Hardened: when a node could not be read, the events
 * of the others are returned but the watermark is held, so the missing node's events are not skipped.
 */
export async function queryDrillAlertEventsSinceWithWatermark(
  query: SinceEventQuery,
  reader: DrillAlertEventReader,
): Promise<WatermarkPull> {
  validateEventMaxRecords(query.maxRecords);
  const collected = await collectDrillAlertEvents(reader, { ...query, minEventAtMs: null });
  const events = selectEventsSince(collected.events, query.sinceEventAtMs, query.maxRecords);
  const held = collected.unreachable.length > 0;
  return {
    events,
    nextSinceEventAtMs: held ? query.sinceEventAtMs : nextWatermark(events, query.sinceEventAtMs),
    unreachable: collected.unreachable,
  };
}

export interface OutcomeSummaryQuery {
  readonly worldId: string;
  readonly nodeIds: readonly string[];
  readonly minEventAtMs: number | null;
  readonly profile?: Profile;
}

export interface OutcomeSummary {
  readonly counts: Map<string, number>;
  /** Hardened only: nodes that could not be read, so the counts are partial. */
  readonly unreachable: readonly string[];
}

/** `summarize_…_aggregated_by_outcome`: no max_records check; the node-list checks apply. */
export async function summarizeDrillAlertEventsByOutcome(
  query: OutcomeSummaryQuery,
  reader: DrillAlertEventReader,
): Promise<OutcomeSummary> {
  const collected = await collectDrillAlertEvents(reader, { ...query, outcomes: [] });
  return { counts: summarizeByOutcome(collected.events), unreachable: collected.unreachable };
}

// What an event-consuming workload records for the watermark and cursor checkers: every publish
// attempt (with the event's oracle id `<node>/<ordinal>`), every pull a consumer made (the cursor it
// started from, the cursor it got back, the ids handed to it), every event it processed, and every
// load and commit of its stored cursor as the store saw them. Plain data; checkers only read it.
import type { DrillAlertEventOutcome } from '../../core/events/bus/drillAlertEvent';

/** A consumer's position, in the form its pull method keeps it. */
export type CursorValue =
  /** P3.37/38: time watermark (strict `>`). */
  | { readonly kind: 'watermark'; readonly t: number }
  /** P3.39: time + node id. */
  | { readonly kind: 'node'; readonly t: number; readonly node: string | null }
  /** P3.40/41: time + node id + offset within the node's kept events. */
  | { readonly kind: 'sequence'; readonly t: number; readonly node: string | null; readonly offset: number }
  /** Hardened: next sequence number to read, per node (sorted by node id). */
  | { readonly kind: 'positions'; readonly positions: ReadonlyArray<readonly [string, number]> };

export type PullMethod = 'watermark' | 'node-cursor' | 'sequence-cursor' | 'state-store' | 'node-sequence';

export interface ConsumerSpec {
  readonly id: string;
  /** The method this consumer uses in the run (hardened runs use `node-sequence` for every consumer). */
  readonly method: PullMethod;
  /** Outcome filter (empty = every outcome). */
  readonly outcomes: readonly DrillAlertEventOutcome[];
  readonly maxRecords: number;
}

export interface PublishRecord {
  /** `<node>/<ordinal>`: node plus per-node publish order. */
  readonly id: string;
  readonly node: string;
  readonly ordinal: number;
  /** The caller-supplied event time (the publisher's skewed clock). */
  readonly eventAtMs: number;
  readonly outcome: DrillAlertEventOutcome | null;
  readonly attemptStep: number;
  /** Step at which the bus acknowledged the publish; null if it never did (set once, on the ack). */
  ackStep: number | null;
}

/** One pull, recorded once its result is known (when the batch is handed over, or it failed). */
export interface PullRecord {
  readonly consumer: string;
  readonly incarnation: number;
  readonly startStep: number;
  readonly endStep: number;
  /** The cursor the pull started from (loaded, or the initial one); null if it failed before that. */
  readonly from: CursorValue | null;
  /** The cursor the pull returned; null if it failed before returning one. */
  readonly next: CursorValue | null;
  /** Ids handed to the consumer by this pull (before processing). */
  readonly handed: readonly string[];
  /** Nodes the pull could not read (hardened pulls report them instead of failing). */
  readonly unreachable: readonly string[];
  /** Why the pull failed, or null. */
  readonly error: string | null;
}

export interface ProcessedRecord {
  readonly consumer: string;
  readonly id: string;
  /** The core's stable delivery id (`<node>#<seq>`, hardened only), by which the sink de-duplicates. */
  readonly key: string | null;
  readonly step: number;
  readonly incarnation: number;
}

/** A load or a commit of a consumer's stored cursor, as the store (or the sink) executed it. */
export interface CursorOpRecord {
  readonly consumer: string;
  readonly op: 'load' | 'commit';
  /** Null: the store had no state (the consumer falls back to its initial cursor). */
  readonly value: CursorValue | null;
  readonly step: number;
  /** Where the cursor is kept (`s1` state store, `sink` for caller-kept cursors). */
  readonly where: string;
}

/** Append-only: checkers may remember how far they have read. */
export interface EventsLedger {
  readonly consumers: readonly ConsumerSpec[];
  readonly publishes: PublishRecord[];
  readonly pulls: PullRecord[];
  readonly processed: ProcessedRecord[];
  readonly cursorOps: CursorOpRecord[];
}

export function createEventsLedger(consumers: readonly ConsumerSpec[]): EventsLedger {
  return { consumers, publishes: [], pulls: [], processed: [], cursorOps: [] };
}

/** What a node's bus holds at the end, as its readers would see it. */
export interface BusView {
  readonly node: string;
  /** Ids of the events readers get, or null when the bus cannot be read at all. */
  readonly ids: readonly string[] | null;
  /** Why it cannot be read. */
  readonly error?: string;
}

// P3.41 stateful query (spec C §10.3): load the consumer's cursor (or use the initial one), pull
// with the sequence cursor, save the next state. `original` saves before the caller gets the batch
// (at-most-once, W-E1). `hardened` hands the batch to `deliver` first and commits afterwards
// (at-least-once; with an idempotent consumer nothing is lost or seen twice), holds the cursor
// while a node is unreadable, and runs each consumer's load → pull → deliver → save alone.
import { normalizeKey, pairKey } from '../../common/ids';
import type { Profile } from '../../ports';
import type { DrillAlertEvent, DrillAlertEventOutcome } from '../bus/drillAlertEvent';
import type { DrillAlertEventReader } from '../bus/eventBus';
import type { KeyedMutex } from '../../replay/hardened/mutex';
import { queryDrillAlertEventsSinceSequenceCursor, type SequenceCursor } from '../query/sequenceCursor';
import type { SequenceCursorState } from './sequenceCursorState';
import type { SequenceCursorStateStore } from './sequenceCursorStateStore';

export interface CursorStateQuery {
  readonly worldId: string;
  readonly consumerId: string;
  readonly nodeIds: readonly string[];
  /** Used only when the store has no state for this consumer. */
  readonly initialCursor: SequenceCursor;
  readonly outcomes: readonly DrillAlertEventOutcome[];
  readonly maxRecords: number;
  /** Default 'original'. */
  readonly profile?: Profile;
}

export interface CursorStateQueryDeps {
  readonly reader: DrillAlertEventReader;
  readonly store: SequenceCursorStateStore;
  /** The consumer. `original` calls it after the save, `hardened` before. */
  readonly deliver?: (events: readonly DrillAlertEvent[]) => Promise<void>;
  /** Hardened: serialises pulls of one consumer id; share one per node (`createEventStores` has one). */
  readonly mutex?: KeyedMutex;
}

export interface CursorStateQueryResult {
  readonly events: DrillAlertEvent[];
  readonly nextState: SequenceCursorState;
  readonly unreachable: readonly string[];
}

/** `…_incremental_with_composite_sequence_cursor_state`. */
export async function queryDrillAlertEventsWithCursorState(
  query: CursorStateQuery,
  deps: CursorStateQueryDeps,
): Promise<CursorStateQueryResult> {
  const key = normalizeKey(query.worldId, query.consumerId);
  const profile = query.profile ?? 'original';
  const run = async (): Promise<CursorStateQueryResult> => {
    const loaded = await deps.store.load(key.worldId, key.nodeId);
    const cursor: SequenceCursor = loaded ?? query.initialCursor;
    const pull = await queryDrillAlertEventsSinceSequenceCursor({ ...query, worldId: key.worldId, cursor, profile }, deps.reader);
    const nextState: SequenceCursorState = { worldId: key.worldId, consumerId: key.nodeId, ...pull.next };
    if (profile === 'original') {
      await deps.store.save(nextState); // every call, including an empty pull
      if (deps.deliver) await deps.deliver(pull.events);
    } else {
      if (deps.deliver && pull.events.length > 0) await deps.deliver(pull.events);
      await deps.store.save(nextState);
    }
    return { events: pull.events, nextState, unreachable: pull.unreachable };
  };
  if (profile === 'original' || !deps.mutex) return run();
  return deps.mutex.run(pairKey(key), run);
}

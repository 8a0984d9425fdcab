// The hardened consumer loop: load the consumer's per-node positions, read every node it can, hand
// the batch to the consumer, and only then commit the new positions. A crash before the commit
// re-delivers the same `(nodeId, seq)` ids, which an idempotent consumer ignores: no loss, no
// visible duplicate (removes W-E1). Each consumer id runs alone per process (W-E3/E4).
import { ValidationError } from '../../common/errors';
import { normalizeKey, pairKey } from '../../common/ids';
import type { DrillAlertEventOutcome } from '../bus/drillAlertEvent';
import type { SequencedEventReader } from '../bus/eventBus';
import type { KeyedMutex } from '../../replay/hardened/mutex';
import { normalizeEventNodeList, readNodeLists, validateEventMaxRecords } from '../query/collection';
import {
  nodesMovingBackwards,
  pullAfterNodeSequences,
  sameOutcomeFilter,
  type NodeSequenceCursorState,
  type SequencedDelivery,
} from './nodeSequenceCursor';
import type { NodeSequenceCursorStore } from './nodeSequenceCursorStore';

export interface ConsumeQuery {
  readonly worldId: string;
  readonly consumerId: string;
  readonly nodeIds: readonly string[];
  readonly outcomes: readonly DrillAlertEventOutcome[];
  readonly maxRecords: number;
}

export interface ConsumeDeps {
  readonly reader: SequencedEventReader;
  readonly store: NodeSequenceCursorStore;
  /** Must be idempotent by `(nodeId, seq)`: after a crash before the commit, a batch comes again. */
  readonly deliver: (batch: readonly SequencedDelivery[]) => Promise<void>;
  readonly mutex?: KeyedMutex;
}

export interface ConsumeResult {
  readonly deliveries: SequencedDelivery[];
  readonly state: NodeSequenceCursorState;
  /** Nodes that could not be read this time; their positions did not move. */
  readonly unreachable: readonly string[];
}

export async function consumeDrillAlertEvents(query: ConsumeQuery, deps: ConsumeDeps): Promise<ConsumeResult> {
  validateEventMaxRecords(query.maxRecords);
  const key = normalizeKey(query.worldId, query.consumerId);
  const nodes = normalizeEventNodeList(key.worldId, query.nodeIds);
  const run = async (): Promise<ConsumeResult> => {
    const loaded = await deps.store.load(key.worldId, key.nodeId);
    if (loaded && !sameOutcomeFilter(loaded.outcomes, query.outcomes)) {
      throw new ValidationError(
        `drill alert consumer ${key.nodeId} outcomes must stay [${loaded.outcomes.join(',')}], got [${query.outcomes.join(',')}]`,
      );
    }
    const previous = loaded?.positions ?? new Map<string, number>();
    // Stryker disable next-line StringLiteral: equivalent, readNodeLists treats every profile but 'original' as hardened
    const read = await readNodeLists(nodes, 'hardened', (w, n) => deps.reader.listSequenced(w, n));
    const pull = pullAfterNodeSequences({ nodes, lists: read.lists, positions: previous, outcomes: query.outcomes, maxRecords: query.maxRecords });
    const state: NodeSequenceCursorState = { worldId: key.worldId, consumerId: key.nodeId, outcomes: [...query.outcomes], positions: pull.positions };
    if (pull.deliveries.length > 0) await deps.deliver(pull.deliveries);
    const moved = loaded === null || nodesMovingBackwards(pull.positions, previous).length > 0;
    if (moved) await deps.store.save(state);
    return { deliveries: pull.deliveries, state, unreachable: read.unreachable };
  };
  return deps.mutex ? deps.mutex.run(pairKey(key), run) : run();
}

/** Consumer-side de-duplication by `(nodeId, seq)`; `applied` is what the consumer must persist. */
export interface IdempotentConsumer {
  /** The deliveries not applied before, in order; marks them applied. */
  accept(batch: readonly SequencedDelivery[]): SequencedDelivery[];
  readonly applied: ReadonlyMap<string, number>;
}

export function createIdempotentConsumer(applied: ReadonlyMap<string, number> = new Map()): IdempotentConsumer {
  const next = new Map(applied);
  return {
    accept(batch) {
      const fresh: SequencedDelivery[] = [];
      for (const d of batch) {
        if (d.seq < (next.get(d.nodeId) ?? 0)) continue;
        next.set(d.nodeId, d.seq + 1);
        fresh.push(d);
      }
      return fresh;
    },
    applied: next,
  };
}

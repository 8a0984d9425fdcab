// The consumers' output: what c1 does with each event (pages someone, say). It stands for an
// external transactional store that outlives c1's crashes, so it lives in the harness state:
//  - applying a batch records each event as processed, in the ledger the checkers read;
//  - a consumer that keeps its own cursor (the spec's P3.37-P3.40 callers) commits it in the same
//    transaction, so its cursor and its output never disagree (the best a caller can do);
//  - a batch whose events carry the core's stable delivery ids (hardened) is applied idempotently
//    by those ids, as the hardened consumer contract requires; spec events carry no id, so the
//    original consumers cannot de-duplicate.
import type { Sim } from '../../sim/index';
import type { CursorValue } from '../checkers/events-ledger';
import type { DrillEventsState } from './state';

export interface SinkItem {
  readonly id: string;
  /** The core's delivery id, or null when the pull method gives none. */
  readonly key: string | null;
}

export interface ConsumerSink {
  apply(consumer: string, incarnation: number, items: readonly SinkItem[], cursor?: CursorValue): void;
  /** The cursor a caller-kept consumer committed with its output, or null. */
  cursorOf(consumer: string): CursorValue | null;
}

export function createConsumerSink(state: DrillEventsState, sim: Sim): ConsumerSink {
  const { ledger, sink } = state;
  return {
    apply(consumer, incarnation, items, cursor) {
      const applied = sink.appliedKeys.get(consumer) ?? new Set<string>();
      sink.appliedKeys.set(consumer, applied);
      for (const item of items) {
        if (item.key !== null) {
          if (applied.has(item.key)) continue;
          applied.add(item.key);
        }
        ledger.processed.push({ consumer, id: item.id, key: item.key, step: sim.steps, incarnation });
      }
      if (cursor === undefined) return;
      sink.cursors.set(consumer, cursor);
      ledger.cursorOps.push({ consumer, op: 'commit', value: cursor, step: sim.steps, where: 'sink' });
    },
    cursorOf(consumer) {
      const value = sink.cursors.get(consumer) ?? null;
      ledger.cursorOps.push({ consumer, op: 'load', value, step: sim.steps, where: 'sink' });
      return value;
    },
  };
}

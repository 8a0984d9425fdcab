// Consumers whose cursor lives in a cursor state store on s1:
//  - `state-store` (spec P3.41/42): the stateful query loads the state, pulls, saves the next state
//    and only then hands the batch over (at-most-once, W-E1); the store writes the file in place
//    (W-E2). Processing takes PROCESS_MS, so a crash of c1 can land between save and processing.
//  - `node-sequence` (hardened): `consumeDrillAlertEvents` hands the batch over first and commits
//    per-node positions after; the sink applies it idempotently by `(node, seq)`.
import type { DrillAlertEvent } from '../../../core/events/bus/drillAlertEvent';
import type { SequenceCursorState } from '../../../core/events/cursors/sequenceCursorState';
import { queryDrillAlertEventsWithCursorState } from '../../../core/events/cursors/statefulQuery';
import type { NodeSequenceCursorState, SequencedDelivery } from '../../../core/events/hardened/nodeSequenceCursor';
import { consumeDrillAlertEvents } from '../../../core/events/hardened/sequencedConsumer';
import type { SequenceCursor } from '../../../core/events/query/sequenceCursor';
import type { ConsumerSpec, CursorValue } from '../../checkers/events-ledger';
import { positionsValue, sequenceCursorValue } from '../cursorStores';
import { eventIdOf } from '../eventIds';
import { PROCESS_MS, PUBLISHERS, WORLD } from '../topology';
import { errorText, recordPull, type ConsumerEnv, type Puller } from './env';

const INITIAL_SEQUENCE_CURSOR: SequenceCursor = { sinceEventAtMs: 0, sinceNodeId: null, sinceNodeEventOffset: 0 };

export function stateStorePuller(env: ConsumerEnv, spec: ConsumerSpec): Puller {
  return {
    async once() {
      const startStep = env.sim.steps;
      let loaded: SequenceCursorState | null | undefined;
      let saved: SequenceCursorState | null = null;
      let recorded = false;
      let processed = 0;
      const from = (): CursorValue | null => (loaded === undefined ? null : sequenceCursorValue(loaded ?? INITIAL_SEQUENCE_CURSOR));
      const store = {
        load: async (w: string, c: string) => (loaded = await env.stateStore.load(w, c)),
        save: async (s: SequenceCursorState) => {
          await env.stateStore.save(s);
          saved = s;
        },
      };
      const deliver = async (events: readonly DrillAlertEvent[]) => {
        const ids = events.map(eventIdOf);
        recordPull(env, spec, startStep, { from: from(), next: saved === null ? null : sequenceCursorValue(saved), handed: ids, unreachable: [], error: null });
        recorded = true;
        if (ids.length === 0) return;
        await env.ctx.sleep(PROCESS_MS);
        env.sink.apply(spec.id, env.ctx.incarnation, ids.map((id) => ({ id, key: null })));
        processed = ids.length;
      };
      try {
        await queryDrillAlertEventsWithCursorState(
          { worldId: WORLD, consumerId: spec.id, nodeIds: PUBLISHERS, initialCursor: INITIAL_SEQUENCE_CURSOR, outcomes: spec.outcomes, maxRecords: spec.maxRecords, profile: env.state.profile },
          { reader: env.reader, store, deliver },
        );
      } catch (e) {
        if (!recorded) recordPull(env, spec, startStep, { from: from(), next: null, handed: [], unreachable: [], error: errorText(e) });
      }
      return processed;
    },
  };
}

const keyOf = (d: SequencedDelivery): string => `${d.nodeId}#${d.seq}`;

export function nodeSequencePuller(env: ConsumerEnv, spec: ConsumerSpec): Puller {
  return {
    async once() {
      const startStep = env.sim.steps;
      let loaded: NodeSequenceCursorState | null | undefined;
      let handed: string[] = [];
      const store = {
        load: async (w: string, c: string) => (loaded = await env.nodeSequenceStore.load(w, c)),
        save: (s: NodeSequenceCursorState) => env.nodeSequenceStore.save(s),
      };
      const deliver = async (batch: readonly SequencedDelivery[]) => {
        handed = batch.map((d) => eventIdOf(d.event));
        await env.ctx.sleep(PROCESS_MS);
        env.sink.apply(spec.id, env.ctx.incarnation, batch.map((d) => ({ id: eventIdOf(d.event), key: keyOf(d) })));
      };
      const from = (): CursorValue | null => (loaded === undefined ? null : positionsValue(loaded?.positions ?? new Map()));
      try {
        const r = await consumeDrillAlertEvents(
          { worldId: WORLD, consumerId: spec.id, nodeIds: PUBLISHERS, outcomes: spec.outcomes, maxRecords: spec.maxRecords },
          { reader: env.reader, store, deliver },
        );
        recordPull(env, spec, startStep, { from: from(), next: positionsValue(r.state.positions), handed, unreachable: [...r.unreachable], error: null });
        return r.deliveries.length;
      } catch (e) {
        recordPull(env, spec, startStep, { from: from(), next: null, handed, unreachable: [], error: errorText(e) });
        return 0;
      }
    },
  };
}

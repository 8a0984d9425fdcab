// The consumers' cursor state stores, served from the storage node s1 over RPC: the spec's P3.41/42
// sequence cursor state store (file-backed through the profile's StoreFiles) and the hardened
// node-sequence cursor store. The serving side records every load and commit, in the order the
// store ran them (one at a time per consumer), for the `watermark-monotonic` checker. Node-sequence
// states hold a Map, which does not survive JSON, so they cross the wire as sorted pairs.
import type { SequenceCursorState } from '../../core/events/cursors/sequenceCursorState';
import type { SequenceCursorStateStore } from '../../core/events/cursors/sequenceCursorStateStore';
import { positionEntries, type NodeSequenceCursorState } from '../../core/events/hardened/nodeSequenceCursor';
import type { NodeSequenceCursorStore } from '../../core/events/hardened/nodeSequenceCursorStore';
import { createEventStores } from '../../core/events/createEventStores';
import { KeyedMutex } from '../../core/replay/hardened/mutex';
import type { Transport } from '../../core/ports';
import { remoteObject, serveObject, type NodeContext, type NodeProgram, type Sim } from '../../sim/index';
import type { CursorValue } from '../checkers/events-ledger';
import type { DrillEventsState } from './state';
import { DATA_ROOT, STORAGE_NODE } from './topology';

export const CURSOR_STATE_SERVICE = 'drill-cursor-state';
export const NODE_SEQUENCE_SERVICE = 'drill-node-sequence-cursor';

export const sequenceCursorValue = (s: { sinceEventAtMs: number; sinceNodeId: string | null; sinceNodeEventOffset: number }): CursorValue => ({
  kind: 'sequence',
  t: s.sinceEventAtMs,
  node: s.sinceNodeId,
  offset: s.sinceNodeEventOffset,
});

export const positionsValue = (positions: ReadonlyMap<string, number>): CursorValue => ({ kind: 'positions', positions: positionEntries(positions) });

/** Node-sequence state on the wire. */
export interface WireNodeSequenceState {
  readonly worldId: string;
  readonly consumerId: string;
  readonly outcomes: NodeSequenceCursorState['outcomes'];
  readonly positions: Array<[string, number]>;
}

const toWire = (s: NodeSequenceCursorState): WireNodeSequenceState => ({ ...s, outcomes: [...s.outcomes], positions: positionEntries(s.positions) });
const fromWire = (w: WireNodeSequenceState): NodeSequenceCursorState => ({ ...w, positions: new Map(w.positions) });

type Recorder = (consumer: string, op: 'load' | 'commit', value: CursorValue | null) => void;

function recordingStateStore(inner: SequenceCursorStateStore, record: Recorder, mutex: KeyedMutex) {
  return {
    load: (worldId: string, consumerId: string) =>
      mutex.run(consumerId, async () => {
        const s = await inner.load(worldId, consumerId);
        record(consumerId, 'load', s === null ? null : sequenceCursorValue(s));
        return s;
      }),
    save: (s: SequenceCursorState) =>
      mutex.run(s.consumerId, async () => {
        await inner.save(s);
        record(s.consumerId, 'commit', sequenceCursorValue(s));
      }),
  };
}

function recordingNodeSequenceStore(inner: NodeSequenceCursorStore, record: Recorder, mutex: KeyedMutex) {
  return {
    load: (worldId: string, consumerId: string) =>
      mutex.run(consumerId, async (): Promise<WireNodeSequenceState | null> => {
        const s = await inner.load(worldId, consumerId);
        record(consumerId, 'load', s === null ? null : positionsValue(s.positions));
        return s === null ? null : toWire(s);
      }),
    save: (w: WireNodeSequenceState) =>
      mutex.run(w.consumerId, async () => {
        const s = fromWire(w);
        await inner.save(s);
        record(w.consumerId, 'commit', positionsValue(s.positions));
      }),
  };
}

/** s1's program: both cursor stores, file-backed on s1's own disk, served over RPC. */
export function storageProgram(state: DrillEventsState, sim: Sim): NodeProgram {
  return (ctx: NodeContext): void => {
    const stores = createEventStores({ fs: ctx.fs, root: DATA_ROOT, profile: state.profile });
    const record: Recorder = (consumer, op, value) => {
      state.ledger.cursorOps.push({ consumer, op, value, step: sim.steps, where: STORAGE_NODE });
      ctx.record('decision', { op: `cursor-${op}`, consumer, value });
    };
    const mutex = new KeyedMutex();
    serveObject(ctx, CURSOR_STATE_SERVICE, recordingStateStore(stores.sequenceCursorStateStore, record, mutex));
    serveObject(ctx, NODE_SEQUENCE_SERVICE, recordingNodeSequenceStore(stores.nodeSequenceCursorStore, record, mutex));
  };
}

/** The consumer side of the spec's cursor state store on s1. */
export function remoteStateStore(transport: Transport): SequenceCursorStateStore {
  const remote = remoteObject<SequenceCursorStateStore>(transport, STORAGE_NODE, CURSOR_STATE_SERVICE);
  return { load: (w, c) => remote.load(w, c), save: (s) => remote.save(s) };
}

/** The consumer side of the hardened node-sequence cursor store on s1. */
export function remoteNodeSequenceStore(transport: Transport): NodeSequenceCursorStore {
  const remote = remoteObject<ReturnType<typeof recordingNodeSequenceStore>>(transport, STORAGE_NODE, NODE_SEQUENCE_SERVICE);
  return {
    load: async (w, c) => {
      const wire = await remote.load(w, c);
      return wire === null ? null : fromWire(wire);
    },
    save: (s) => remote.save(toWire(s)),
  };
}

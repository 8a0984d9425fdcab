// Stores for the hardened node-sequence cursor. The file store is a journal of full states (one
// fsynced compact JSON line per commit, compacted atomically), so a torn or failed commit leaves
// the previous state, and the greatest committed state is what loads: the cursor never goes back.
import { normalizeKey, normalizeNodeId, pairKey, type ScheduleKey } from '../../common/ids';
import { joinPath } from '../../common/paths';
import { createStoreFiles, parseJson } from '../../common/storeFiles';
import type { FileSystem } from '../../ports';
import { DRILL_ALERT_EVENT_OUTCOMES } from '../bus/drillAlertEvent';
import { KeyedMutex } from '../../replay/hardened/mutex';
import { JsonReader } from '../common/json';
import { compactJournal, JOURNAL_COMPACT_LINES, readJournal } from '../cursors/stateJournal';
import { ensureNodeSequenceNotRollback, nodesMovingBackwards, positionEntries, type NodeSequenceCursorState } from './nodeSequenceCursor';

export interface NodeSequenceCursorStore {
  load(worldId: string, consumerId: string): Promise<NodeSequenceCursorState | null>;
  /** Refuses a state that would move any node backwards. */
  save(state: NodeSequenceCursorState): Promise<void>;
}

const copyState = (s: NodeSequenceCursorState): NodeSequenceCursorState => ({
  ...s,
  outcomes: [...s.outcomes],
  positions: new Map(s.positions),
});

function normalizeState(state: NodeSequenceCursorState): { key: ScheduleKey; state: NodeSequenceCursorState } {
  const key = normalizeKey(state.worldId, state.consumerId);
  const positions = new Map<string, number>();
  for (const [node, seq] of state.positions) positions.set(normalizeNodeId(node), seq);
  return { key, state: { ...state, worldId: key.worldId, consumerId: key.nodeId, positions } };
}

export class InMemoryNodeSequenceCursorStore implements NodeSequenceCursorStore {
  private readonly states = new Map<string, NodeSequenceCursorState>();

  async load(worldId: string, consumerId: string): Promise<NodeSequenceCursorState | null> {
    const s = this.states.get(pairKey(normalizeKey(worldId, consumerId)));
    return s ? copyState(s) : null;
  }

  async save(raw: NodeSequenceCursorState): Promise<void> {
    const { key, state } = normalizeState(raw);
    ensureNodeSequenceNotRollback(this.states.get(pairKey(key)) ?? null, state);
    this.states.set(pairKey(key), copyState(state));
  }
}

export const NODE_SEQUENCE_CURSOR_FILE_SUFFIX =
  'revocation-dead-letter-replay-rollback-governance-recovery-drill-alert-node-sequence-cursor-state.jsonl';

export function encodeNodeSequenceCursorState(s: NodeSequenceCursorState): string {
  return JSON.stringify({
    world_id: s.worldId,
    consumer_id: s.consumerId,
    outcomes: [...s.outcomes],
    positions: positionEntries(s.positions),
  });
}

export function decodeNodeSequenceCursorState(line: string, file: string): NodeSequenceCursorState {
  const r = new JsonReader(file, 'node sequence cursor state');
  const o = r.object(parseJson(line, file));
  const outcomes = r.stringArray(o, 'outcomes');
  if (!outcomes.every((x) => (DRILL_ALERT_EVENT_OUTCOMES as readonly string[]).includes(x))) r.fail('outcomes', 'has an unknown outcome');
  const raw = o.positions;
  const ok = (p: unknown): p is [string, number] =>
    Array.isArray(p) && p.length === 2 && typeof p[0] === 'string' && Number.isSafeInteger(p[1]) && (p[1] as number) >= 0;
  if (!Array.isArray(raw) || !raw.every(ok)) r.fail('positions', 'is not a list of [node_id, seq] pairs');
  return {
    worldId: r.string(o, 'world_id'),
    consumerId: r.string(o, 'consumer_id'),
    outcomes: outcomes as NodeSequenceCursorState['outcomes'],
    positions: new Map(raw as Array<[string, number]>),
  };
}

/** The greater of two states: the one no node of which is behind the other. */
const later = (a: NodeSequenceCursorState | null, b: NodeSequenceCursorState) =>
  a === null || nodesMovingBackwards(a.positions, b.positions).length === 0 ? b : a;

/** Always journals crash-safely, whatever profile `files` has: this store exists only for hardened pulls. */
export function createFileNodeSequenceCursorStore(fs: FileSystem, rootDir: string): NodeSequenceCursorStore {
  const files = createStoreFiles(fs, 'hardened');
  const mutex = new KeyedMutex();
  const pathOf = (key: ScheduleKey) => joinPath(rootDir, `${key.worldId}.${key.nodeId}.${NODE_SEQUENCE_CURSOR_FILE_SUFFIX}`);
  const readEntries = async (path: string) => {
    const text = await files.readText(path);
    return text === null ? [] : readJournal(text, path, (l) => decodeNodeSequenceCursorState(l, path));
  };
  const loadKey = async (key: ScheduleKey): Promise<NodeSequenceCursorState | null> => {
    let best: NodeSequenceCursorState | null = null;
    for (const e of await readEntries(pathOf(key))) {
      if (e.state.worldId === key.worldId && e.state.consumerId === key.nodeId) best = later(best, e.state);
    }
    return best;
  };
  return {
    load: (worldId, consumerId) => loadKey(normalizeKey(worldId, consumerId)),
    async save(raw) {
      const { key, state } = normalizeState(raw);
      const path = pathOf(key);
      await mutex.run(pairKey(key), async () => {
        ensureNodeSequenceNotRollback(await loadKey(key), state);
        await files.appendLine(path, encodeNodeSequenceCursorState(state));
        const entries = await readEntries(path);
        if (entries.length >= JOURNAL_COMPACT_LINES) {
          await files.writeDocument(path, compactJournal(entries, (s) => `${s.worldId}\u0000${s.consumerId}`));
        }
      });
    },
  };
}

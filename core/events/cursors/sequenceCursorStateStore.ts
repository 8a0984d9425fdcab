// P3.41/P3.42 cursor state store (spec C §10.2, §11): memory and file, with the monotonic guard.
// `original` file saves are load → guard → truncate+write with no lock (W-E2, W-E3). `hardened`
// serialises each key's save, appends to a journal (no torn or empty state can replace a good one)
// and guards against the greatest state ever committed.
import { ValidationError } from '../../common/errors';
import { normalizeKey, pairKey, type ScheduleKey } from '../../common/ids';
import { joinPath } from '../../common/paths';
import type { StoreFiles } from '../../common/storeFiles';
import { KeyedMutex } from '../../replay/hardened/mutex';
import { normalizeCursorNodeId, validateNodeEventOffset } from '../query/cursorNode';
import {
  compareSequenceCursor,
  copySequenceCursorState,
  decodeSequenceCursorState,
  encodeSequenceCursorState,
  ensureCursorNotRollback,
  type SequenceCursorState,
} from './sequenceCursorState';
import { compactJournal, JOURNAL_COMPACT_LINES, readJournal } from './stateJournal';

export interface SequenceCursorStateStore {
  load(worldId: string, consumerId: string): Promise<SequenceCursorState | null>;
  save(state: SequenceCursorState): Promise<void>;
}

/** P3.42 save normalisation: ids by `normalizeKey`, then the cursor node against the world. */
function normalizeState(state: SequenceCursorState): { key: ScheduleKey; state: SequenceCursorState } {
  const key = normalizeKey(state.worldId, state.consumerId);
  validateNodeEventOffset(state.sinceNodeEventOffset);
  const sinceNodeId = normalizeCursorNodeId(key.worldId, state.sinceNodeId);
  return { key, state: { ...state, worldId: key.worldId, consumerId: key.nodeId, sinceNodeId } };
}

export class InMemorySequenceCursorStateStore implements SequenceCursorStateStore {
  private readonly states = new Map<string, SequenceCursorState>();

  async load(worldId: string, consumerId: string): Promise<SequenceCursorState | null> {
    const s = this.states.get(pairKey(normalizeKey(worldId, consumerId)));
    return s ? copySequenceCursorState(s) : null;
  }

  async save(raw: SequenceCursorState): Promise<void> {
    const { key, state } = normalizeState(raw);
    // Check and insert run without an await in between: atomic within the process.
    ensureCursorNotRollback(this.states.get(pairKey(key)) ?? null, state);
    this.states.set(pairKey(key), copySequenceCursorState(state));
  }
}

export const SEQUENCE_CURSOR_STATE_FILE_SUFFIX =
  'revocation-dead-letter-replay-rollback-governance-recovery-drill-alert-composite-sequence-cursor-state.json';

/** The profile is the one `files` was made with. */
export function createFileSequenceCursorStateStore(files: StoreFiles, rootDir: string): SequenceCursorStateStore {
  const mutex = new KeyedMutex();
  const pathOf = (key: ScheduleKey) => joinPath(rootDir, `${key.worldId}.${key.nodeId}.${SEQUENCE_CURSOR_STATE_FILE_SUFFIX}`);
  const mismatch = (path: string) =>
    new ValidationError(`composite sequence cursor state file ${path} contains mismatched world or consumer id`);

  const loadOriginal = async (key: ScheduleKey): Promise<SequenceCursorState | null> => {
    const path = pathOf(key);
    const text = await files.readText(path);
    if (text === null || text.trim().length === 0) return null;
    const state = decodeSequenceCursorState(text, path);
    if (state.worldId !== key.worldId || state.consumerId !== key.nodeId) throw mismatch(path);
    return state;
  };

  const loadHardened = async (key: ScheduleKey): Promise<SequenceCursorState | null> => {
    const path = pathOf(key);
    const text = await files.readText(path);
    if (text === null) return null;
    const mine = readJournal(text, path, (l) => decodeSequenceCursorState(l, path)).filter(
      (e) => e.state.worldId === key.worldId && e.state.consumerId === key.nodeId, // aliasing keys share a file (W-F6)
    );
    let best: SequenceCursorState | null = null;
    // Stryker disable next-line EqualityOperator: equivalent, compare 0 means the same cursor of the same key (equal state)
    for (const e of mine) if (best === null || compareSequenceCursor(e.state, best) > 0) best = e.state;
    return best;
  };

  const hardened = files.profile === 'hardened';
  const load = (key: ScheduleKey) => (hardened ? loadHardened(key) : loadOriginal(key));

  const saveHardened = async (key: ScheduleKey, state: SequenceCursorState): Promise<void> => {
    const path = pathOf(key);
    await mutex.run(pairKey(key), async () => {
      ensureCursorNotRollback(await loadHardened(key), state);
      await files.appendLine(path, encodeSequenceCursorState(state));
      // Stryker disable next-line StringLiteral: equivalent, the file was just appended to, so it is never missing here
      const text = (await files.readText(path)) ?? '';
      const entries = readJournal(text, path, (l) => decodeSequenceCursorState(l, path));
      if (entries.length >= JOURNAL_COMPACT_LINES) {
        await files.writeDocument(path, compactJournal(entries, (s) => `${s.worldId}\u0000${s.consumerId}`));
      }
    });
  };

  return {
    load: (worldId, consumerId) => load(normalizeKey(worldId, consumerId)),
    async save(raw) {
      const { key, state } = normalizeState(raw);
      if (hardened) return saveHardened(key, state);
      ensureCursorNotRollback(await loadOriginal(key), state);
      await files.writeDocument(pathOf(key), encodeSequenceCursorState(state));
    },
  };
}

/** `FileSequenceCursorStateStore(rootDir)`. */
export class FileSequenceCursorStateStore implements SequenceCursorStateStore {
  private readonly store: SequenceCursorStateStore;
  constructor(files: StoreFiles, rootDir: string) {
    this.store = createFileSequenceCursorStateStore(files, rootDir);
  }
  load(worldId: string, consumerId: string): Promise<SequenceCursorState | null> {
    return this.store.load(worldId, consumerId);
  }
  save(state: SequenceCursorState): Promise<void> {
    return this.store.save(state);
  }
}

// The hardened cursor journals (spec C §8 hardened cursors): which lines count, what a file of only
// corrupt lines means, which state loads (the greatest of this key's, never a foreign or a lesser
// one), and when and how the journal compacts (at JOURNAL_COMPACT_LINES, keeping each key's newest).
import { describe, expect, it } from 'vitest';
import { SerdeError, ValidationError } from '../../../core/common/errors';
import { createStoreFiles } from '../../../core/common/storeFiles';
import { FsError, type FileSystem } from '../../../core/ports';
import { FileSequenceCursorStateStore, SEQUENCE_CURSOR_STATE_FILE_SUFFIX } from '../../../core/events/cursors/sequenceCursorStateStore';
import type { SequenceCursorState } from '../../../core/events/cursors/sequenceCursorState';
import { compactJournal, JOURNAL_COMPACT_LINES, readJournal } from '../../../core/events/cursors/stateJournal';
import {
  createFileNodeSequenceCursorStore,
  encodeNodeSequenceCursorState,
  InMemoryNodeSequenceCursorStore,
  NODE_SEQUENCE_CURSOR_FILE_SUFFIX,
} from '../../../core/events/hardened/nodeSequenceCursorStore';
import type { NodeSequenceCursorState } from '../../../core/events/hardened/nodeSequenceCursor';
import { A, W } from './support/fixtures';
import { createMemoryFs } from './support/memoryFs';

const FILE = '/j/journal.jsonl';

/** A decoder that accepts lines "s<n>" and records every line it was given. */
function recordingDecoder() {
  const seen: string[] = [];
  const decode = (line: string): number => {
    seen.push(line);
    if (!/^s\d+$/.test(line)) throw new Error(`bad line ${line}`);
    return Number(line.slice(1));
  };
  return { seen, decode };
}

describe('readJournal', () => {
  it('strips a CR before the newline and passes blank lines over without decoding them', () => {
    const { seen, decode } = recordingDecoder();
    const entries = readJournal('s1\r\n\n   \ns2\n', FILE, decode);
    expect(entries).toEqual([
      { state: 1, line: 's1' },
      { state: 2, line: 's2' },
    ]);
    expect(seen).toEqual(['s1', 's2']);
  });

  it('ignores the last segment without its newline, even when it decodes', () => {
    const { decode } = recordingDecoder();
    expect(readJournal('s1\ns2', FILE, decode).map((e) => e.state)).toEqual([1]);
  });

  it('an empty or blank journal is no entries, not an error', () => {
    const { decode } = recordingDecoder();
    expect(readJournal('', FILE, decode)).toEqual([]);
    expect(readJournal('\n \n', FILE, decode)).toEqual([]);
  });

  it('corrupt lines are skipped while a valid one remains', () => {
    const { decode } = recordingDecoder();
    expect(readJournal('junk\ns3\n{x\n', FILE, decode).map((e) => e.state)).toEqual([3]);
  });

  it('only corrupt lines is a SerdeError naming the file and how many lines were corrupt', () => {
    const { decode } = recordingDecoder();
    let error: unknown;
    try {
      readJournal('junk\n{x\n', FILE, decode);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SerdeError);
    expect((error as SerdeError).message).toBe(`cannot decode ${FILE}: no valid cursor state among 2 corrupt line(s)`);
    expect((error as SerdeError).path).toBe(FILE);
  });
});

describe('compactJournal', () => {
  it('keeps the newest line of each key, newline-terminated, in first-seen key order', () => {
    const entries = [
      { state: { k: 'a', v: 1 }, line: 'a1' },
      { state: { k: 'b', v: 1 }, line: 'b1' },
      { state: { k: 'a', v: 2 }, line: 'a2' },
    ];
    expect(compactJournal(entries, (s) => s.k)).toBe('a2\nb1\n');
    expect(compactJournal([], (s: { k: string }) => s.k)).toBe('');
  });
});

const nodeState = (seq: number, consumerId = 'c', worldId = W): NodeSequenceCursorState => ({
  worldId,
  consumerId,
  outcomes: ['emitted', 'suppressed_cooldown'],
  positions: new Map([[A, seq]]),
});
const NODE_PATH = `/n/w1.c.${NODE_SEQUENCE_CURSOR_FILE_SUFFIX}`;
const lineCount = (text: string) => text.split('\n').filter(Boolean).length;

async function nodeJournal(lines: readonly NodeSequenceCursorState[]) {
  const fs = createMemoryFs();
  await fs.mkdir('/n', { recursive: true });
  await fs.writeFile(NODE_PATH, lines.map((s) => `${encodeNodeSequenceCursorState(s)}\n`).join(''));
  return { fs, store: createFileNodeSequenceCursorStore(fs, '/n') };
}

describe('node sequence cursor stores', () => {
  it('in memory and on file, a saved state loads back with its outcomes and positions', async () => {
    for (const store of [new InMemoryNodeSequenceCursorStore(), createFileNodeSequenceCursorStore(createMemoryFs(), '/n')]) {
      await store.save(nodeState(4));
      expect(await store.load(W, 'c')).toEqual(nodeState(4));
    }
  });

  it('loads the greatest journalled state, not the last line, when a later line is behind', async () => {
    const { store } = await nodeJournal([nodeState(5), nodeState(3)]);
    expect((await store.load(W, 'c'))?.positions.get(A)).toBe(5);
  });

  it('ignores journal lines of another world or another consumer that alias the file', async () => {
    const { store } = await nodeJournal([nodeState(2), nodeState(9, 'other'), nodeState(8, 'c', 'w2')]);
    expect((await store.load(W, 'c'))?.positions.get(A)).toBe(2);
  });

  it('compacts exactly when the journal reaches JOURNAL_COMPACT_LINES lines, keeping each key', async () => {
    const { fs, store } = await nodeJournal([nodeState(0, 'other')]);
    for (let i = 1; i < JOURNAL_COMPACT_LINES - 1; i += 1) await store.save(nodeState(i));
    expect(lineCount(await fs.readFile(NODE_PATH))).toBe(JOURNAL_COMPACT_LINES - 1);
    await store.save(nodeState(100));
    expect(await fs.readFile(NODE_PATH)).toBe(`${encodeNodeSequenceCursorState(nodeState(0, 'other'))}\n${encodeNodeSequenceCursorState(nodeState(100))}\n`);
    expect((await store.load(W, 'c'))?.positions.get(A)).toBe(100);
  });

  it('is crash-safe whatever the caller: a commit whose fsync keeps failing is not read back as committed', async () => {
    const inner = createMemoryFs();
    let failing = false;
    const fs: FileSystem = {
      ...inner,
      fsync: async (p) => {
        if (failing && p === NODE_PATH) throw new FsError('EIO', 'fsync', p);
        return inner.fsync(p);
      },
    };
    const store = createFileNodeSequenceCursorStore(fs, '/n');
    await store.save(nodeState(1));
    failing = true;
    await expect(store.save(nodeState(2))).rejects.toThrow('EIO');
    await expect(store.load(W, 'c')).rejects.toThrow('EIO');
    failing = false;
    expect((await store.load(W, 'c'))?.positions.get(A)).toBe(2);
  });
});

const cursor = (t: number, consumerId = 'c', worldId = W): SequenceCursorState => ({
  worldId,
  consumerId,
  sinceEventAtMs: t,
  sinceNodeId: A,
  sinceNodeEventOffset: 0,
});
const CURSOR_PATH = `/c/w1.c.${SEQUENCE_CURSOR_STATE_FILE_SUFFIX}`;
const cursorLine = (s: SequenceCursorState) =>
  JSON.stringify({ world_id: s.worldId, consumer_id: s.consumerId, since_event_at_ms: s.sinceEventAtMs, since_node_id: s.sinceNodeId, since_node_event_offset: 0 });

async function cursorFile(text: string, profile: 'original' | 'hardened') {
  const fs = createMemoryFs();
  await fs.mkdir('/c', { recursive: true });
  await fs.writeFile(CURSOR_PATH, text);
  return { fs, store: new FileSequenceCursorStateStore(createStoreFiles(fs, profile), '/c') };
}

describe('composite sequence cursor file store', () => {
  it('original: a whitespace-only file is no state', async () => {
    const { store } = await cursorFile(' \n ', 'original');
    expect(await store.load(W, 'c')).toBeNull();
  });

  it('original: a file holding another consumer is a validation error naming the file', async () => {
    const { store } = await cursorFile(cursorLine(cursor(5, 'd')), 'original');
    await expect(store.load(W, 'c')).rejects.toBeInstanceOf(ValidationError);
    await expect(store.load(W, 'c')).rejects.toThrow(`composite sequence cursor state file ${CURSOR_PATH} contains mismatched world or consumer id`);
  });

  it('hardened: loads the greatest of its own states, ignoring aliasing lines of other keys', async () => {
    const lines = [cursor(7), cursor(3), cursor(50, 'd'), cursor(60, 'c', 'w2')].map((s) => `${cursorLine(s)}\n`).join('');
    const { store } = await cursorFile(lines, 'hardened');
    expect(await store.load(W, 'c')).toEqual(cursor(7));
  });

  it('hardened: compacts exactly at JOURNAL_COMPACT_LINES lines, keeping every key', async () => {
    const { fs, store } = await cursorFile(`${cursorLine(cursor(0, 'd'))}\n`, 'hardened');
    for (let i = 1; i < JOURNAL_COMPACT_LINES - 1; i += 1) await store.save(cursor(i));
    expect(lineCount(await fs.readFile(CURSOR_PATH))).toBe(JOURNAL_COMPACT_LINES - 1);
    await store.save(cursor(100));
    expect(await fs.readFile(CURSOR_PATH)).toBe(`${cursorLine(cursor(0, 'd'))}\n${cursorLine(cursor(100))}\n`);
    expect(await store.load(W, 'c')).toEqual(cursor(100));
  });
});

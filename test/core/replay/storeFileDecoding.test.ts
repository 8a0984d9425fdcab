// Reading part A's store files back (spec A §0 "JSON", §3, §5, §2.4 and the hardened intent and
// lease files): a bad line or element is reported with the file and its line number or index, a
// whitespace-only queue file is an empty queue, and every record round-trips through its file.
import { describe, expect, it } from 'vitest';
import { SerdeError } from '../../../core/common/errors';
import { createStoreFiles } from '../../../core/common/storeFiles';
import type { Profile } from '../../../core/ports';
import { FileAlertSink } from '../../../core/replay/alerts/sinks';
import { encodeAlert, encodeDeadLetter, encodeMetricsLine, toJsonText } from '../../../core/replay/codec/records';
import { FileFencedLeaseRecordStore, type FencedLeaseRecord } from '../../../core/replay/hardened/fencedLease';
import { FileIntentStore, InMemoryIntentStore, type WriteIntent } from '../../../core/replay/hardened/intent';
import { FileDeadLetterStore } from '../../../core/replay/stores/fileDeadLetters';
import { escapeIdForFile } from '../../../core/replay/stores/fileNames';
import { decodePendingFile } from '../../../core/replay/stores/fileRecovery';
import { alertAt, C, DL, metrics, pendingOf, R } from './support/fixtures';
import { MemoryFs } from './support/memoryFs';

/** Awaits `p` and returns the SerdeError it rejected with (failing the test otherwise). */
async function serdeRejection(p: Promise<unknown>): Promise<SerdeError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(SerdeError);
  return e as SerdeError;
}

const files = (fs = new MemoryFs(), profile: Profile = 'original') => createStoreFiles(fs, profile);
const lines = (...docs: unknown[]): string => docs.map((d) => `${typeof d === 'string' ? d : toJsonText(d)}\n`).join('');

describe('JSONL stores name the file and the 1-based line of a bad line', () => {
  const GOOD_DL = encodeDeadLetter(DL(R, 1, 5));
  const GOOD_METRICS = encodeMetricsLine({ exportedAtMs: 5, metrics: metrics({ attempted: 1 }) });

  it('dead letters: a line that is not JSON', async () => {
    const fs = new MemoryFs();
    const store = await FileDeadLetterStore.open(files(fs), '/d');
    const path = store.deadLetterPath('w1', 'node-a');
    await fs.writeFile(path, lines(GOOD_DL, '{"world_id":'));
    const e = await serdeRejection(store.list('w1', 'node-a'));
    expect(e.message.startsWith(`cannot decode ${path} line 2: `)).toBe(true);
    expect(e.path).toBe(`${path} line 2`);
  });

  it('dead letters: a line with a bad field', async () => {
    const fs = new MemoryFs();
    const store = await FileDeadLetterStore.open(files(fs), '/d');
    const path = store.deadLetterPath('w1', 'node-a');
    await fs.writeFile(path, lines(GOOD_DL, GOOD_DL, { ...GOOD_DL, reason: 'x' }));
    const e = await serdeRejection(store.list('w1', 'node-a'));
    expect(e.message).toBe(`cannot decode ${path} line 3: field reason must be one of retry_limit_exceeded, capacity_evicted`);
  });

  it('delivery metrics: a line that is not JSON, and a line with a bad counter', async () => {
    const fs = new MemoryFs();
    const store = await FileDeadLetterStore.open(files(fs), '/d');
    const path = store.metricsPath('w1', 'node-a');
    await fs.writeFile(path, lines(GOOD_METRICS, 'nope'));
    expect((await serdeRejection(store.listDeliveryMetrics('w1', 'node-a'))).message.startsWith(`cannot decode ${path} line 2: `)).toBe(true);
    await fs.writeFile(path, lines({ ...GOOD_METRICS, exported_at_ms: 'x' }, GOOD_METRICS));
    expect((await serdeRejection(store.listDeliveryMetrics('w1', 'node-a'))).message).toBe(
      `cannot decode ${path} line 1: field exported_at_ms must be an integer`,
    );
  });

  it('alert sink file: a line with a bad field', async () => {
    const fs = new MemoryFs();
    const sink = await FileAlertSink.open(files(fs), '/d');
    const path = sink.pathFor('w1');
    await fs.writeFile(path, lines(encodeAlert(alertAt(1)), { ...encodeAlert(alertAt(2)), severity: 'loud' }));
    expect((await serdeRejection(sink.list('w1'))).message).toBe(`cannot decode ${path} line 2: field severity must be one of warn, critical`);
  });
});

describe('line numbers count blank lines, as an editor shows the file', () => {
  it('dead letters: a bad line after a blank one is named by its own line', async () => {
    const fs = new MemoryFs();
    const store = await FileDeadLetterStore.open(files(fs), '/d');
    const path = store.deadLetterPath('w1', 'node-a');
    await fs.writeFile(path, `${lines(encodeDeadLetter(DL(R, 1, 5)))}\n${lines('{"world_id":')}`);
    expect((await serdeRejection(store.list('w1', 'node-a'))).path).toBe(`${path} line 3`);
  });

  it('alert sink file: a line that is not JSON is named by its line too', async () => {
    const fs = new MemoryFs();
    const sink = await FileAlertSink.open(files(fs), '/d');
    const path = sink.pathFor('w1');
    await fs.writeFile(path, `${lines(encodeAlert(alertAt(1)))}\n\n${lines('not json')}`);
    const e = await serdeRejection(sink.list('w1'));
    expect(e.message.startsWith(`cannot decode ${path} line 4: `)).toBe(true);
  });
});

describe('the pending-queue file (§3 decoding rule)', () => {
  it('a whitespace-only file is an empty queue', () => {
    expect(decodePendingFile(' \n\t\n', '/d/q.json')).toEqual([]);
  });

  it('a file that is neither format reports the legacy error and the current-format error with the element index', () => {
    const e = (() => {
      try {
        decodePendingFile('[{"attempt":1}]', '/d/q.json');
      } catch (err) {
        return err;
      }
      return undefined;
    })();
    expect(e).toBeInstanceOf(SerdeError);
    expect((e as SerdeError).message).toBe(
      'cannot decode /d/q.json [0] (legacy alert): field world_id must be a string; as pending alerts: cannot decode /d/q.json [0]: field alert is missing',
    );
  });
});

describe('hardened intent files', () => {
  const KEY = { worldId: 'w1', nodeId: 'node-a' };
  const MOVE: WriteIntent = {
    kind: 'replay_move',
    pending: [pendingOf(alertAt(3), 1, 9, 'Io("x")')],
    deadLetters: [DL(R, 2, 4), DL(C, 0, 6)],
    state: { lastReplayAtMs: 40, preferCapacityEvicted: true },
  };
  const EMIT: WriteIntent = { kind: 'emit', deadLetterBase: 3, archived: [DL(C, 1, 8)], pending: [pendingOf(alertAt(5))] };

  it.each([
    ['a replay move with a state', MOVE],
    ['a replay move without a state', { ...MOVE, state: null }],
    ['an emit intent', EMIT],
  ] as const)('%s round-trips through its file', async (_name, intent) => {
    const store = new FileIntentStore(files(new MemoryFs(), 'hardened'), '/d');
    await store.save(KEY, intent);
    expect(await store.load(KEY)).toEqual(intent);
  });

  it('the in-memory intent store keeps one intent per normalised key until cleared', async () => {
    const store = new InMemoryIntentStore();
    await store.save({ worldId: ' w1 ', nodeId: 'node-a' }, MOVE);
    expect(await store.load(KEY)).toEqual(MOVE);
    expect(await store.load({ worldId: 'w1', nodeId: 'node-b' })).toBeNull();
    await store.clear({ worldId: 'w1', nodeId: ' node-a ' });
    expect(await store.load(KEY)).toBeNull();
  });

  const BAD: ReadonlyArray<[string, Record<string, unknown>, (path: string) => string]> = [
    ['a bad pending element', { kind: 'emit', dead_letter_base: 0, archived: [], pending: [{}] }, (p) => `cannot decode ${p} pending[0]: field alert is missing`],
    [
      'a bad dead-letter element',
      { kind: 'replay_move', pending: [], dead_letters: [encodeDeadLetter(DL(R, 1, 1)), {}], state: null },
      (p) => `cannot decode ${p} dead_letters[1]: field world_id must be a string`,
    ],
    [
      'a bad state',
      { kind: 'replay_move', pending: [], dead_letters: [], state: { prefer_capacity_evicted: 1 } },
      (p) => `cannot decode ${p} (state): field prefer_capacity_evicted must be a boolean`,
    ],
    ['a bad archived element', { kind: 'emit', dead_letter_base: 0, archived: [7], pending: [] }, (p) => `cannot decode ${p} archived[0]: expected an object`],
    ['an unknown kind', { kind: 'undo', pending: [] }, (p) => `cannot decode ${p}: field kind must be one of replay_move, emit`],
  ];

  it.each(BAD)('an intent file with %s is a SerdeError naming the file and the element', async (_name, doc, message) => {
    const fs = new MemoryFs();
    const store = new FileIntentStore(files(fs, 'hardened'), '/d');
    await fs.mkdir('/d');
    await fs.writeFile(store.pathFor(KEY), toJsonText(doc));
    expect((await serdeRejection(store.load(KEY))).message).toBe(message(store.pathFor(KEY)));
  });
});

describe('hardened fenced-lease record files', () => {
  it('a record round-trips with every optional field set', async () => {
    const store = new FileFencedLeaseRecordStore(files(new MemoryFs(), 'hardened'), '/d');
    const record: FencedLeaseRecord = {
      holderNodeId: 'node-a',
      expiresAtMs: 1500,
      fencingToken: 4,
      grantedAtMs: 1000,
      lastWriteSeq: 2,
      grantRequestId: 'node-a@1000#1',
    };
    await store.save('w1', record);
    expect(await store.load('w1')).toEqual(record);
  });

  it('a released record written without the optional fields reads with their defaults', async () => {
    const store = new FileFencedLeaseRecordStore(files(new MemoryFs(), 'hardened'), '/d');
    await store.save('w1', { holderNodeId: null, expiresAtMs: 1500, fencingToken: 4 });
    expect(await store.load('w1')).toEqual({
      holderNodeId: null,
      expiresAtMs: 1500,
      fencingToken: 4,
      grantedAtMs: null,
      lastWriteSeq: 0,
      grantRequestId: null,
    });
  });
});

describe('hardened file names', () => {
  it('escape % before . so every escaped id maps back to one id', () => {
    expect(escapeIdForFile('a%2Eb.c')).toBe('a%252Eb%2Ec');
    expect(escapeIdForFile('plain')).toBe('plain');
  });
});

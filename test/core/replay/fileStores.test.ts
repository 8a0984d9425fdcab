// Every file-backed store of part A against the in-memory fake FileSystem and against a real
// temporary directory (through the production adapter), under both profiles.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createNodeFileSystem } from '../../../adapters/nodeFileSystem';
import { SerdeError, ValidationError } from '../../../core/common/errors';
import { createStoreFiles } from '../../../core/common/storeFiles';
import type { FileSystem, Profile } from '../../../core/ports';
import { FileAlertSink } from '../../../core/replay/alerts/sinks';
import { runReplayScheduleCoordinatedWithStateStore } from '../../../core/replay/coordinated/replay';
import { createReplayStores } from '../../../core/replay/factory';
import { FileDeadLetterStore } from '../../../core/replay/stores/fileDeadLetters';
import { FileRecoveryStore } from '../../../core/replay/stores/fileRecovery';
import { FileLeaseStore, FileReplayStateStore } from '../../../core/replay/stores/fileState';
import { alertAt, C, DL, metrics, pendingOf, R } from './support/fixtures';
import { MemoryFs } from './support/memoryFs';

const tempRoots: string[] = [];
afterAll(() => tempRoots.forEach((d) => rmSync(d, { recursive: true, force: true })));

type FsKind = 'fake' | 'disk';
function newFs(kind: FsKind): { fs: FileSystem; root: string; read: (name: string) => Promise<string | null>; write: (name: string, text: string) => Promise<void> } {
  const fs: FileSystem = kind === 'fake' ? new MemoryFs() : createNodeFileSystem();
  let root = '/data/stores';
  if (kind === 'disk') {
    root = mkdtempSync(join(tmpdir(), 'awsim-replay-'));
    tempRoots.push(root);
  }
  return {
    fs,
    root,
    read: async (name) => fs.readFile(`${root}/${name}`).catch(() => null),
    write: (name, text) => fs.writeFile(`${root}/${name}`, text),
  };
}

const CASES: Array<[FsKind, Profile]> = [['fake', 'original'], ['fake', 'hardened'], ['disk', 'original'], ['disk', 'hardened']];

describe.each(CASES)('file stores on the %s file system, profile %s', (fsKind, profile) => {
  const open = async () => {
    const env = newFs(fsKind);
    const files = createStoreFiles(env.fs, profile);
    return {
      ...env,
      recovery: await FileRecoveryStore.open(files, env.root),
      deadLetters: await FileDeadLetterStore.open(files, env.root),
      state: await FileReplayStateStore.open(files, env.root),
      lease: await FileLeaseStore.open(files, env.root),
      sink: await FileAlertSink.open(files, env.root),
    };
  };

  it('recovery queue: writes compact snake_case JSON in field order, omits a null last_error, reads it back', async () => {
    const s = await open();
    const queue = [pendingOf(alertAt(1000), 1, 1100, 'Io("x")'), pendingOf(alertAt(1001), 0, 1001)];
    await s.recovery.savePending(' w1 ', 'node-a', queue);
    expect(await s.recovery.loadPending('w1', 'node-a')).toEqual(queue);
    const text = await s.read('w1.node-a.revocation-alert-pending.json');
    expect(text).toBe(
      '[{"alert":{"world_id":"w1","node_id":"node-a","detected_at_ms":1000,"severity":"warn","code":"reconcile_diverged","message":"membership revocation reconcile diverged on 1 checkpoint(s)","drained":1,"diverged":1,"rejected":0},"attempt":1,"next_retry_at_ms":1100,"last_error":"Io(\\"x\\")"},' +
        '{"alert":{"world_id":"w1","node_id":"node-a","detected_at_ms":1001,"severity":"warn","code":"reconcile_diverged","message":"membership revocation reconcile diverged on 1 checkpoint(s)","drained":1,"diverged":1,"rejected":0},"attempt":0,"next_retry_at_ms":1001}]',
    );
  });

  it('recovery queue: an empty save deletes the file; a missing or empty file loads as []', async () => {
    const s = await open();
    await s.recovery.savePending('w1', 'node-a', [pendingOf(alertAt(1))]);
    await s.recovery.savePending('w1', 'node-a', []);
    expect(await s.read('w1.node-a.revocation-alert-pending.json')).toBeNull();
    expect(await s.recovery.loadPending('w1', 'node-a')).toEqual([]);
    await s.write('w1.node-a.revocation-alert-pending.json', '');
    expect(await s.recovery.loadPending('w1', 'node-a')).toEqual([]);
  });

  it('recovery queue: missing attempt and next_retry_at_ms default to 0 on read', async () => {
    const s = await open();
    const alert = JSON.parse(await (async () => {
      await s.recovery.savePending('w1', 'n', [pendingOf(alertAt(5))]);
      return (await s.read('w1.n.revocation-alert-pending.json')) as string;
    })())[0].alert;
    await s.write('w1.n.revocation-alert-pending.json', JSON.stringify([{ alert }]));
    expect(await s.recovery.loadPending('w1', 'n')).toEqual([pendingOf(alertAt(5, 'w1', 'node-a'), 0, 0)]);
  });

  it('dead letters: append order, replace overwrites, empty replace deletes the file', async () => {
    const s = await open();
    const [a, b, c] = [DL(R, 3, 1), DL(C, 1, 2), DL(R, 5, 3)];
    for (const r of [a, b, c]) await s.deadLetters.append(r);
    expect(await s.deadLetters.list('w1', 'node-a')).toEqual([a, b, c]);
    await s.deadLetters.replace('w1', 'node-a', [c, a]);
    expect(await s.deadLetters.list('w1', 'node-a')).toEqual([c, a]);
    const text = (await s.read('w1.node-a.revocation-alert-dead-letter.jsonl')) as string;
    expect(text.endsWith('\n')).toBe(true);
    expect(text.split('\n')[0].startsWith('{"world_id":"w1","node_id":"node-a","dropped_at_ms":3,"reason":"retry_limit_exceeded","pending_alert":{')).toBe(true);
    await s.deadLetters.replace('w1', 'node-a', []);
    expect(await s.read('w1.node-a.revocation-alert-dead-letter.jsonl')).toBeNull();
  });

  it('dead letters: blank lines and a trailing \\r are skipped when reading', async () => {
    const s = await open();
    await s.deadLetters.append(DL(R, 1, 1));
    const line = ((await s.read('w1.node-a.revocation-alert-dead-letter.jsonl')) as string).trim();
    await s.write('w1.node-a.revocation-alert-dead-letter.jsonl', `\n${line}\r\n   \n${line}\n`);
    expect(await s.deadLetters.list('w1', 'node-a')).toHaveLength(2);
  });

  it('metrics: lines keep append order and the exact on-disk shape', async () => {
    const s = await open();
    await s.deadLetters.appendDeliveryMetrics('w1', 'node-a', 1300, metrics({ attempted: 1 }));
    await s.deadLetters.appendDeliveryMetrics('w1', 'node-a', 1200, metrics({ failed: 2 }));
    expect((await s.deadLetters.listDeliveryMetrics('w1', 'node-a')).map((l) => l.exportedAtMs)).toEqual([1300, 1200]);
    const first = ((await s.read('w1.node-a.revocation-alert-delivery-metrics.jsonl')) as string).split('\n')[0];
    expect(first).toBe('{"exported_at_ms":1300,"metrics":{"attempted":1,"succeeded":0,"failed":0,"deferred":0,"buffered":0,"dropped_capacity":0,"dropped_retry_limit":0,"dead_lettered":0}}');
  });

  it('metrics: a line missing a counter fails the whole list, naming the file', async () => {
    const s = await open();
    await s.write('w1.node-a.revocation-alert-delivery-metrics.jsonl', '{"exported_at_ms":1,"metrics":{"attempted":1}}\n');
    await expect(s.deadLetters.listDeliveryMetrics('w1', 'node-a')).rejects.toThrow(/revocation-alert-delivery-metrics\.jsonl.*succeeded/);
  });

  it('replay state: default when missing, last_replay_at_ms omitted when null, round trip', async () => {
    const s = await open();
    expect(await s.state.loadState('w1', 'node-a')).toEqual({ lastReplayAtMs: null, preferCapacityEvicted: false });
    await s.state.saveState('w1', 'node-a', { lastReplayAtMs: null, preferCapacityEvicted: true });
    expect(await s.read('w1.node-a.revocation-dead-letter-replay-state.json')).toBe('{"prefer_capacity_evicted":true}');
    await s.state.saveState('w1', 'node-a', { lastReplayAtMs: 2000, preferCapacityEvicted: false });
    expect(await s.read('w1.node-a.revocation-dead-letter-replay-state.json')).toBe('{"last_replay_at_ms":2000,"prefer_capacity_evicted":false}');
    expect(await s.state.loadState('w1', 'node-a')).toEqual({ lastReplayAtMs: 2000, preferCapacityEvicted: false });
  });

  it('lease store: file named by the normalised key, both fields required', async () => {
    const s = await open();
    await s.lease.save(' w1::revocation-dead-letter-replay::t ', { holderNodeId: 'a', expiresAtMs: 7 });
    expect(await s.read('w1::revocation-dead-letter-replay::t.revocation-coordinator-lease.json')).toBe('{"holder_node_id":"a","expires_at_ms":7}');
    await s.write('w1.revocation-coordinator-lease.json', '{"holder_node_id":"a"}');
    await expect(s.lease.load('w1')).rejects.toThrow(SerdeError);
  });

  it('alert sink: one JSON line per alert in <world>.revocation-alerts.jsonl', async () => {
    const s = await open();
    await s.sink.emit(alertAt(1, ' w1 '.trim()));
    await s.sink.emit(alertAt(2));
    expect((await s.sink.list('w1')).map((a) => a.detectedAtMs)).toEqual([1, 2]);
    expect(((await s.read('w1.revocation-alerts.jsonl')) as string).split('\n')).toHaveLength(3);
  });

  it('a corrupt store file gives a SerdeError naming the file and is left unchanged', async () => {
    const s = await open();
    const cases: Array<[string, () => Promise<unknown>]> = [
      ['w1.node-a.revocation-alert-pending.json', () => s.recovery.loadPending('w1', 'node-a')],
      ['w1.node-a.revocation-dead-letter-replay-state.json', () => s.state.loadState('w1', 'node-a')],
      ['w1.revocation-coordinator-lease.json', () => s.lease.load('w1')],
      ['w1.node-a.revocation-alert-dead-letter.jsonl', () => s.deadLetters.list('w1', 'node-a')],
    ];
    for (const [name, load] of cases) {
      const garbage = '{"truncated": [1, 2\n{not json}\n';
      await s.write(name, garbage);
      const error = await load().then(() => null, (e: unknown) => e);
      expect(error).toBeInstanceOf(SerdeError);
      expect((error as Error).message).toContain(name);
      expect(await s.read(name)).toBe(garbage);
    }
  });

  it('a torn current-format pending file is reported with both decode errors', async () => {
    const s = await open();
    await s.write('w1.node-a.revocation-alert-pending.json', '[{"alert":{"world_id":"w1"},"attempt":1}]');
    await expect(s.recovery.loadPending('w1', 'node-a')).rejects.toThrow(/legacy alert.*as pending alerts/);
  });

  it(`a dead-letter file whose last line is torn (no newline) ${profile === 'original' ? 'fails' : 'drops that line'}, and stays unchanged on read`, async () => {
    const s = await open();
    await s.deadLetters.append(DL(R, 1, 1));
    const good = (await s.read('w1.node-a.revocation-alert-dead-letter.jsonl')) as string;
    const torn = `${good}{"world_id":"w1","node_`;
    await s.write('w1.node-a.revocation-alert-dead-letter.jsonl', torn);
    if (profile === 'original') await expect(s.deadLetters.list('w1', 'node-a')).rejects.toThrow(SerdeError);
    else expect(await s.deadLetters.list('w1', 'node-a')).toEqual([DL(R, 1, 1)]);
    expect(await s.read('w1.node-a.revocation-alert-dead-letter.jsonl')).toBe(torn);
  });

  it(`ids with '/', '\\\\', '..', empty or whitespace are rejected before touching a file`, async () => {
    const s = await open();
    const bad = ['a/b', 'a\\b', '..', 'x..y', '', '   ', '\u3000'];
    const before = s.fs instanceof MemoryFs ? s.fs.ops.length : 0;
    for (const id of bad) {
      await expect(s.recovery.loadPending(id, 'node-a')).rejects.toThrow(ValidationError);
      await expect(s.recovery.savePending('w1', id, [pendingOf(alertAt(1))])).rejects.toThrow(ValidationError);
      await expect(s.deadLetters.append(DL(R, 1, 1, id, 'n'))).rejects.toThrow(ValidationError);
      await expect(s.deadLetters.list('w1', id)).rejects.toThrow(ValidationError);
      await expect(s.deadLetters.replace(id, 'n', [])).rejects.toThrow(ValidationError);
      await expect(s.deadLetters.appendDeliveryMetrics('w1', id, 1, metrics({}))).rejects.toThrow(ValidationError);
      await expect(s.state.saveState(id, 'n', { lastReplayAtMs: 1, preferCapacityEvicted: false })).rejects.toThrow(ValidationError);
      await expect(s.lease.save(id, { holderNodeId: 'a', expiresAtMs: 1 })).rejects.toThrow(ValidationError);
      await expect(s.sink.emit(alertAt(1, id))).rejects.toThrow(ValidationError);
    }
    if (s.fs instanceof MemoryFs) expect(s.fs.ops.length).toBe(before);
  });
});

describe('profile differences in file I/O', () => {
  it('original appends a record and its newline as two writes; hardened as one fsynced write', async () => {
    const counts: Record<string, string[]> = {};
    for (const profile of ['original', 'hardened'] as const) {
      const fs = new MemoryFs();
      const store = await FileDeadLetterStore.open(createStoreFiles(fs, profile), '/d');
      await store.append(DL(R, 1, 1));
      const start = fs.ops.length;
      await store.append(DL(R, 1, 2));
      counts[profile] = fs.ops.slice(start).filter((o) => !o.startsWith('readFile') && !o.startsWith('mkdir') && !o.startsWith('stat'));
    }
    expect(counts.original).toEqual(['appendFile /d/w1.node-a.revocation-alert-dead-letter.jsonl', 'appendFile /d/w1.node-a.revocation-alert-dead-letter.jsonl']);
    expect(counts.hardened).toEqual(['appendFile /d/w1.node-a.revocation-alert-dead-letter.jsonl', 'fsync /d/w1.node-a.revocation-alert-dead-letter.jsonl', 'fsync /d']);
  });

  it('original: (world a.b, node c) and (world a, node b.c) share one file (spec §14.18); hardened keeps them apart', async () => {
    for (const profile of ['original', 'hardened'] as const) {
      const store = await FileRecoveryStore.open(createStoreFiles(new MemoryFs(), profile), '/d');
      await store.savePending('a.b', 'c', [pendingOf(alertAt(1))]);
      const other = await store.loadPending('a', 'b.c');
      expect(other.length).toBe(profile === 'original' ? 1 : 0);
    }
  });

  it('hardened rewrites a document through a temp file and rename', async () => {
    const fs = new MemoryFs();
    const store = await FileReplayStateStore.open(createStoreFiles(fs, 'hardened'), '/d');
    const start = fs.ops.length;
    await store.saveState('w1', 'n', { lastReplayAtMs: 1, preferCapacityEvicted: false });
    expect(fs.ops.slice(start).filter((o) => /write|rename|fsync/.test(o))).toEqual([
      'writeFile /d/w1.n.revocation-dead-letter-replay-state.json.tmp',
      'fsync /d/w1.n.revocation-dead-letter-replay-state.json.tmp',
      'rename /d/w1.n.revocation-dead-letter-replay-state.json.tmp',
      'fsync /d',
    ]);
  });
});

describe('the store factory on a real temporary directory', () => {
  for (const profile of ['original', 'hardened'] as const) {
    it(`${profile}: a coordinated fair replay moves dead letters on disk and leaves no temp or intent files`, async () => {
      const { fs, root } = newFs('disk');
      const clock = { nowMs: () => 1000 };
      const stores = await createReplayStores({ profile, fs, root, clock });
      for (const d of [DL(R, 5, 1, 'w1', 't'), DL(C, 1, 2, 'w1', 't')]) await stores.raw.deadLetterStore.append(d);
      const replayed = await runReplayScheduleCoordinatedWithStateStore({
        worldId: 'w1', targetNodeId: 't', coordinatorNodeId: 'node-b', nowMs: 1000, replayIntervalMs: 10,
        policy: { maxReplayPerRun: 8, maxRetryLimitExceededStreak: 1 }, leaseTtlMs: 100, ...stores.forWorker(),
      });
      expect(replayed).toBe(2);
      expect(await stores.raw.deadLetterStore.list('w1', 't')).toEqual([]);
      expect(await stores.raw.recoveryStore.loadPending('w1', 't')).toHaveLength(2);
      const names = await fs.readdir(root);
      expect(names.filter((n) => n.endsWith('.tmp') || n.includes('intent'))).toEqual([]);
      expect(names).toContain('w1.t.revocation-alert-pending.json');
      if (profile === 'hardened') expect(names).toContain('w1.revocation-coordinator-fenced-lease.json');
    });
  }
});

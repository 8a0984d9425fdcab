// Regression for archive-tiering's hardened gap A (seeds 3 and 20 of its HARDENED_GAPS): a failed
// fsync (EIO) was never retried and what came after trusted the page cache. An offload intent
// renamed into place missed its directory fsync, and the next offload rolled that non-durable
// intent forward; or a new cold file's name was not durable and recovery found the records
// "already copied" in the page cache and trimmed hot durably. After a crash: records in both tiers,
// or in neither. Hardened StoreFiles now remembers a failed fsync and redoes it before any later
// read or write through that path (failing while it still fails); recovery re-persists the intent
// it loaded and makes an "already copied" cold tier durable before trimming hot.
import { describe, expect, it } from 'vitest';
import { createStoreFiles } from '../../../core/common/storeFiles';
import { IoError } from '../../../core/common/errors';
import { createEventStores, type EventStores } from '../../../core/events/createEventStores';
import { offloadAuditArchiveTiered } from '../../../core/events/tiering/offloadTiered';
import { recoverPendingOffload } from '../../../core/events/tiering/hardenedOffload';
import type { Profile } from '../../../core/ports';
import { A, rec, W } from './support/fixtures';
import { createSimDisk, type SimDisk } from './support/simDisk';

const ROOT = '/archive';
const TIERING_DIR = `${ROOT}/tiering`;
const COLD_DIR = `${ROOT}/cold`;
const POLICY = { hotMaxRecords: 1, offloadMinAgeMs: 100_000, maxOffloadRecords: 10 };

describe('hardened StoreFiles: a failed fsync is redone before the path is used again', () => {
  it('a document whose directory fsync failed is fsynced again before it is read, and survives a crash', async () => {
    const disk = createSimDisk();
    disk.failFsync((p, n) => p === '/d' && n === 1);
    const files = createStoreFiles(disk.fs(), 'hardened');
    await files.ensureDir('/d');
    await expect(files.writeDocument('/d/a.json', '{"v":1}')).rejects.toThrow(IoError);
    expect(await files.readText('/d/a.json')).toBe('{"v":1}');
    expect(disk.fsyncs.get('/d')).toBe(2);
    disk.crash();
    expect(await createStoreFiles(disk.fs(), 'hardened').readText('/d/a.json')).toBe('{"v":1}');
  });

  it('while the fsync keeps failing, every read and write through the path fails too', async () => {
    const disk = createSimDisk();
    disk.failFsync((p) => p === '/d');
    const files = createStoreFiles(disk.fs(), 'hardened');
    await files.ensureDir('/d');
    await expect(files.writeDocument('/d/a.json', '1')).rejects.toThrow(IoError);
    await expect(files.readText('/d/a.json')).rejects.toThrow(/EIO/);
    await expect(files.readLines('/d/b.jsonl')).rejects.toThrow(/EIO/);
    await expect(files.appendLine('/d/b.jsonl', '{}')).rejects.toThrow(/EIO/);
    await expect(files.removeIfExists('/d/a.json')).rejects.toThrow(/EIO/);
    expect(await files.readText('/elsewhere.json')).toBeNull();
    disk.crash();
    expect(await createStoreFiles(disk.fs(), 'hardened').readText('/d/a.json')).toBeNull();
  });

  it('an appended line whose file fsync failed is made durable before the next read; another StoreFiles on the same FileSystem knows it too', async () => {
    const disk = createSimDisk();
    disk.failFsync((p, n) => p === '/d/log.jsonl' && n === 2);
    const files = createStoreFiles(disk.fs(), 'hardened');
    await files.appendLine('/d/log.jsonl', '{"a":1}');
    await expect(files.appendLine('/d/log.jsonl', '{"a":2}')).rejects.toThrow(IoError);
    expect(await createStoreFiles(disk.fs(), 'hardened').readLines('/d/log.jsonl')).toEqual(['{"a":1}', '{"a":2}']);
    disk.crash();
    expect(await createStoreFiles(disk.fs(), 'hardened').readLines('/d/log.jsonl')).toEqual(['{"a":1}', '{"a":2}']);
  });

  it('a removal whose directory fsync failed is made durable before the name is read again', async () => {
    const disk = createSimDisk();
    const files = createStoreFiles(disk.fs(), 'hardened');
    await files.writeDocument('/d/a.json', '1');
    disk.failFsync((p) => p === '/d' && (disk.fsyncs.get('/d') ?? 0) <= 3);
    await expect(files.removeIfExists('/d/a.json')).rejects.toThrow(IoError);
    disk.failFsync(() => false);
    expect(await files.readText('/d/a.json')).toBeNull();
    disk.crash();
    expect(await createStoreFiles(disk.fs(), 'hardened').readText('/d/a.json')).toBeNull();
  });

  it('original is unchanged: no fsync at all, nothing redone', async () => {
    const disk = createSimDisk();
    disk.failFsync(() => true);
    const files = createStoreFiles(disk.fs(), 'original');
    await files.writeDocument('/d/a.json', '1');
    await files.appendLine('/d/b.jsonl', '{}');
    expect(await files.readText('/d/a.json')).toBe('1');
    expect(disk.fsyncs.size).toBe(0);
  });
});

const uid = (r: { auditedAtMs: number }) => r.auditedAtMs;

async function seededTiers(disk: SimDisk, profile: Profile = 'hardened'): Promise<EventStores> {
  const stores = createEventStores({ fs: disk.fs(), root: ROOT, profile });
  for (const t of [100, 200, 300]) await stores.hotStore.append(W, A, rec(W, A, t));
  return stores;
}

const offload = (s: EventStores, atMs = 1000) =>
  offloadAuditArchiveTiered({ worldId: W, nodeId: A, offloadedAtMs: atMs, policy: POLICY, hotStore: s.hotStore, coldStore: s.coldStore, profile: s.profile, tiering: s.tiering });

/** After a crash and the boot recovery: where each record is. */
async function afterCrash(disk: SimDisk): Promise<{ hot: number[]; cold: number[] }> {
  disk.crash();
  disk.failFsync(() => false);
  const s = createEventStores({ fs: disk.fs(), root: ROOT, profile: 'hardened' });
  await s.tiering.mutex.run('boot', () => recoverPendingOffload({ worldId: W, nodeId: A }, s, s.tiering.intents));
  return { hot: (await s.hotStore.list(W, A)).map(uid), cold: (await s.coldStore.list(W, A)).map(uid) };
}

describe('hardened offload across failed fsyncs and a crash: every record in exactly one tier', () => {
  it('an intent that missed its directory fsync is not rolled forward from the page cache (archive-tiering seed 3)', async () => {
    const disk = createSimDisk();
    const s = await seededTiers(disk);
    const base = disk.fsyncs.get(TIERING_DIR) ?? 0;
    disk.failFsync((p, n) => p === TIERING_DIR && (n === base + 1 || n === base + 2));
    await expect(offload(s)).rejects.toThrow(IoError);
    await expect(offload(s, 1010)).rejects.toThrow(IoError);
    const { hot, cold } = await afterCrash(disk);
    expect([...hot, ...cold].sort((a, b) => a - b)).toEqual([100, 200, 300]);
    expect(hot.filter((t) => cold.includes(t))).toEqual([]);
  });

  it('records found "already copied" in a cold file whose name was not durable are not trimmed from hot (archive-tiering seed 20)', async () => {
    const disk = createSimDisk();
    const s = await seededTiers(disk);
    const base = disk.fsyncs.get(COLD_DIR) ?? 0;
    disk.failFsync((p, n) => p === COLD_DIR && n === base + 1);
    await expect(offload(s)).rejects.toThrow(IoError);
    await offload(s, 1010);
    const { hot, cold } = await afterCrash(disk);
    expect(hot).toEqual([300]);
    expect(cold).toEqual([100, 200]);
  });

  // The two below recover through a FileSystem port that never saw the failure (as a process that
  // did not make the failed call), so only recovery's own re-persisting keeps it right.
  it('recovery re-persists the intent it loaded before acting on it', async () => {
    const disk = createSimDisk();
    const s = await seededTiers(disk);
    const base = disk.fsyncs.get(TIERING_DIR) ?? 0;
    disk.failFsync((p, n) => p === TIERING_DIR && n === base + 1);
    await expect(offload(s)).rejects.toThrow(IoError);
    const coldBase = disk.fsyncs.get(COLD_DIR) ?? 0;
    disk.failFsync((p) => p === TIERING_DIR && (disk.fsyncs.get(COLD_DIR) ?? 0) > coldBase);
    const other = createEventStores({ fs: { ...disk.fs() }, root: ROOT, profile: 'hardened' });
    await expect(other.tiering.mutex.run('x', () => recoverPendingOffload({ worldId: W, nodeId: A }, other, other.tiering.intents))).rejects.toThrow(/EIO/);
    const { hot, cold } = await afterCrash(disk);
    expect([hot, cold]).toEqual([[300], [100, 200]]);
  });

  it('recovery counts records as copied only once the cold tier and its name are durable', async () => {
    const disk = createSimDisk();
    const s = await seededTiers(disk);
    const base = disk.fsyncs.get(COLD_DIR) ?? 0;
    disk.failFsync((p, n) => p === COLD_DIR && n === base + 1);
    await expect(offload(s)).rejects.toThrow(IoError);
    disk.failFsync(() => false);
    const other = createEventStores({ fs: { ...disk.fs() }, root: ROOT, profile: 'hardened' });
    await other.tiering.mutex.run('x', () => recoverPendingOffload({ worldId: W, nodeId: A }, other, other.tiering.intents));
    const { hot, cold } = await afterCrash(disk);
    expect([hot, cold]).toEqual([[300], [100, 200]]);
  });
});

// Regression for the hardened gap fair-replay `duplicated-commit-emit-appends-twice`: a network that
// delivers a copy of a request made the storage host run it twice (a second commitEmit found no
// intent, took the current length as its base and appended the dead letters again). Every fenced
// write now carries its number under the grant and is admitted at most once, in order, and a copy
// of an acquire is refused. The ports below deliver requests twice, or late, as the network may.
import { describe, expect, it } from 'vitest';
import { createReplayStores, bindHardenedWorker, type ReplayStores } from '../../../core/replay/factory';
import { DuplicateRequestError, FenceRejectedError } from '../../../core/replay/hardened/errors';
import type { FencedLeasePort } from '../../../core/replay/hardened/fencedLease';
import type { HardenedStoragePort } from '../../../core/replay/hardened/storage';
import { alertAt, DL, ManualClock, pendingOf, R } from './support/fixtures';
import { MemoryFs } from './support/memoryFs';

const KEY = { worldId: 'w1', nodeId: 'node-a' };

/** Every call runs twice on the server, back to back; the caller sees the first outcome. */
function twice<T extends object>(target: T): T {
  return new Proxy(target, {
    get(t, prop) {
      const v = Reflect.get(t, prop) as unknown;
      if (typeof v !== 'function') return v;
      return async (...args: unknown[]) => {
        const copy = structuredClone(args);
        const first = (v as (...a: unknown[]) => Promise<unknown>).apply(t, args);
        const settled = await first.then(
          (value) => ({ ok: true as const, value }),
          (error: unknown) => ({ ok: false as const, error }),
        );
        await (v as (...a: unknown[]) => Promise<unknown>).apply(t, copy).catch(() => undefined);
        if (!settled.ok) throw settled.error;
        return settled.value;
      };
    },
  });
}

/** Remembers every call so a test can deliver a copy of it later. */
function recording<T extends object>(target: T): { port: T; calls: Array<{ method: string; args: unknown[] }> } {
  const calls: Array<{ method: string; args: unknown[] }> = [];
  const port = new Proxy(target, {
    get(t, prop) {
      const v = Reflect.get(t, prop) as unknown;
      if (typeof v !== 'function' || typeof prop !== 'string') return v;
      return (...args: unknown[]) => {
        calls.push({ method: prop, args: structuredClone(args) });
        return (v as (...a: unknown[]) => Promise<unknown>).apply(t, args);
      };
    },
  });
  return { port, calls };
}

const deliverAgain = (target: object, call: { method: string; args: unknown[] }): Promise<unknown> =>
  (target as Record<string, (...a: unknown[]) => Promise<unknown>>)[call.method](...call.args);

async function hardened(fs = new MemoryFs(), clock = new ManualClock(1000)): Promise<ReplayStores & { hardened: NonNullable<ReplayStores['hardened']> }> {
  const stores = await createReplayStores({ profile: 'hardened', fs, root: '/shared', clock });
  if (stores.hardened === null) throw new Error('hardened stores expected');
  return stores as ReplayStores & { hardened: NonNullable<ReplayStores['hardened']> };
}

describe('hardened gap: duplicated requests are performed at most once', () => {
  it('a commitEmit delivered twice appends its dead letters once (fair-replay seed 2)', async () => {
    const stores = await hardened();
    await stores.raw.deadLetterStore.append(DL(R, 5, 10));
    const w = bindHardenedWorker(twice(stores.hardened.storage), stores.hardened.leases);
    expect(await w.coordinator.acquire('w1', 'node-a', 1000, 500)).toBe(true);
    const emit = w.writer.openEmit(KEY);
    await emit.archive(DL(R, 6, 20));
    await emit.finish([pendingOf(alertAt(30))]);
    const list = await stores.raw.deadLetterStore.list('w1', 'node-a');
    expect(list.map((d) => d.droppedAtMs)).toEqual([10, 20]);
    expect(await stores.raw.recoveryStore.loadPending('w1', 'node-a')).toHaveLength(1);
  });

  it('a commitEmit copy arriving after a replay move in the same lease is refused, not re-appended', async () => {
    const stores = await hardened();
    const { port, calls } = recording(stores.hardened.storage);
    const w = bindHardenedWorker(port, stores.hardened.leases);
    await w.coordinator.acquire('w1', 'node-a', 1000, 500);
    const emit = w.writer.openEmit(KEY);
    await emit.archive(DL(R, 6, 20));
    await emit.finish([]);
    await w.writer.commitMove({ key: KEY, pending: [pendingOf(alertAt(20))], remaining: [] });
    const emitCall = calls.find((c) => c.method === 'commitEmit')!;
    await expect(deliverAgain(stores.hardened.storage, emitCall)).rejects.toThrow(DuplicateRequestError);
    expect(await stores.raw.deadLetterStore.list('w1', 'node-a')).toEqual([]);
    expect(await stores.raw.recoveryStore.loadPending('w1', 'node-a')).toHaveLength(1);
  });

  it('an older whole-content write overtaken by a newer one is refused (no stale overwrite)', async () => {
    const stores = await hardened();
    const { port, calls } = recording(stores.hardened.storage);
    const w = bindHardenedWorker(port, stores.hardened.leases);
    await w.coordinator.acquire('w1', 'node-a', 1000, 500);
    await w.writer.commitMove({ key: KEY, pending: [pendingOf(alertAt(1))], remaining: [DL(R, 1, 2)] });
    await w.writer.commitMove({ key: KEY, pending: [], remaining: [] });
    await w.stateStore.saveState('w1', 'node-a', { lastReplayAtMs: 5, preferCapacityEvicted: true });
    for (const c of calls) await expect(deliverAgain(stores.hardened.storage, c)).rejects.toThrow(DuplicateRequestError);
    expect(await stores.raw.recoveryStore.loadPending('w1', 'node-a')).toEqual([]);
    expect(await stores.raw.deadLetterStore.list('w1', 'node-a')).toEqual([]);
    expect(await stores.raw.stateStore.loadState('w1', 'node-a')).toEqual({ lastReplayAtMs: 5, preferCapacityEvicted: true });
  });

  it('a write admitted before a restart of the storage node stays admitted after it (the number is durable)', async () => {
    const fs = new MemoryFs();
    const clock = new ManualClock(1000);
    const before = await hardened(fs, clock);
    const { port, calls } = recording(before.hardened.storage);
    const w = bindHardenedWorker(port, before.hardened.leases);
    await w.coordinator.acquire('w1', 'node-a', 1000, 500);
    const emit = w.writer.openEmit(KEY);
    await emit.archive(DL(R, 6, 20));
    await emit.finish([]);
    const after = await hardened(fs, clock);
    await expect(deliverAgain(after.hardened.storage, calls[0])).rejects.toThrow(DuplicateRequestError);
    expect(await after.raw.deadLetterStore.list('w1', 'node-a')).toHaveLength(1);
  });

  it('a copy of a released lease\'s acquire is refused: nobody holds a lease no worker knows of', async () => {
    const stores = await hardened();
    const { port, calls } = recording<FencedLeasePort>(stores.hardened.leases);
    const w = bindHardenedWorker(stores.hardened.storage, port);
    expect(await w.coordinator.acquire('w1', 'node-a', 1000, 500)).toBe(true);
    await w.coordinator.release('w1', 'node-a');
    expect(await deliverAgain(stores.hardened.leases, calls[0])).toBeNull();
    expect((await stores.hardened.leases.inspect('w1'))?.holderNodeId).toBeNull();
    const other = stores.forWorker();
    expect(await other.coordinator.acquire('w1', 'node-b', 1000, 500)).toBe(true);
  });

  it('a copy of an acquire is refused after a restart of the lease service too (its grant keeps the request id)', async () => {
    const fs = new MemoryFs();
    const clock = new ManualClock(1000);
    const before = await hardened(fs, clock);
    const { port, calls } = recording<FencedLeasePort>(before.hardened.leases);
    const w = bindHardenedWorker(before.hardened.storage, port);
    await w.coordinator.acquire('w1', 'node-a', 1000, 500);
    await w.coordinator.release('w1', 'node-a');
    const after = await hardened(fs, clock);
    expect(await deliverAgain(after.hardened.leases, calls[0])).toBeNull();
  });

  it('a stale holder is still rejected as stale, and a fence without a number still works (no protection)', async () => {
    const clock = new ManualClock(1000);
    const stores = await hardened(new MemoryFs(), clock);
    const grant = await stores.hardened.leases.acquire('w1', 'node-a', 100);
    const plain = { scope: 'w1', token: grant!.token };
    await stores.hardened.storage.savePending(plain, 'w1', 'node-a', [pendingOf(alertAt(1))]);
    await stores.hardened.storage.savePending(plain, 'w1', 'node-a', [pendingOf(alertAt(2))]);
    clock.now = 1200;
    await stores.hardened.leases.acquire('w1', 'node-b', 100);
    await expect(stores.hardened.storage.savePending({ ...plain, seq: 9 }, 'w1', 'node-a', [])).rejects.toThrow(FenceRejectedError);
    expect(await stores.raw.recoveryStore.loadPending('w1', 'node-a')).toHaveLength(1);
  });
});

describe('hardened gap: a duplicated metrics export is appended once (adaptive-guard seed 3)', () => {
  const M = { attempted: 2, succeeded: 1, failed: 1, deferred: 0, buffered: 1, droppedCapacity: 0, droppedRetryLimit: 0, deadLettered: 0 };

  it('an export delivered twice leaves one line; the next run\'s export (a later time) is a line of its own', async () => {
    const stores = await hardened();
    const w = bindHardenedWorker(twice(stores.hardened.storage), stores.hardened.leases);
    await w.deadLetterStore.appendDeliveryMetrics('w1', 'node-a', 1000, M);
    await w.deadLetterStore.appendDeliveryMetrics(' w1 ', 'node-a', 1100, M);
    const lines = await stores.raw.deadLetterStore.listDeliveryMetrics('w1', 'node-a');
    expect(lines).toEqual([{ exportedAtMs: 1000, metrics: M }, { exportedAtMs: 1100, metrics: M }]);
  });

  it('an export with the same time but other counts is a different line', async () => {
    const stores = await hardened();
    await stores.hardened.storage.appendDeliveryMetrics('w1', 'node-a', 1000, M);
    await stores.hardened.storage.appendDeliveryMetrics('w1', 'node-a', 1000, { ...M, failed: 2 });
    expect(await stores.raw.deadLetterStore.listDeliveryMetrics('w1', 'node-a')).toHaveLength(2);
  });

  it('original appends every copy (the spec\'s blind append)', async () => {
    const stores = await createReplayStores({ profile: 'original', fs: new MemoryFs(), root: '/shared', clock: new ManualClock(1000) });
    const store = twice(stores.raw.deadLetterStore);
    await store.appendDeliveryMetrics('w1', 'node-a', 1000, M);
    expect(await stores.raw.deadLetterStore.listDeliveryMetrics('w1', 'node-a')).toHaveLength(2);
  });
});

// The hardened profile's shell pieces: compare-and-set lease with fencing tokens on the service's
// own clock, fenced shared-store writes, journaled replay and emit writes that a crash can neither
// duplicate nor lose, and the factory that selects all of it by profile. Where the original
// profile has the weakness (spec §14), a companion test shows it.
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../core/common/errors';
import { createStoreFiles } from '../../../core/common/storeFiles';
import { runReplayScheduleCoordinatedWithStateStore } from '../../../core/replay/coordinated/replay';
import { emitWithRecovery } from '../../../core/replay/delivery/emit';
import { createReplayStores, type ReplayStores } from '../../../core/replay/factory';
import { FenceRejectedError } from '../../../core/replay/hardened/errors';
import { FencedLeaseService, FileFencedLeaseRecordStore, InMemoryFencedLeaseRecordStore } from '../../../core/replay/hardened/fencedLease';
import { KeyedMutex } from '../../../core/replay/hardened/mutex';
import { FencedCoordinatorClient, leaseScopeOf } from '../../../core/replay/hardened/worker';
import { StoreBackedScheduleCoordinator } from '../../../core/replay/leases/coordinators';
import { FileLeaseStore } from '../../../core/replay/stores/fileState';
import { alertAt, alwaysFail, C, DL, ManualClock, neverFail, pendingOf, R, ScriptedSink } from './support/fixtures';
import { CrashError, MemoryFs } from './support/memoryFs';

const REPLAY_KEY = 'w1::revocation-dead-letter-replay::node-target';

function leaseService(clock: ManualClock) {
  return new FencedLeaseService(new InMemoryFencedLeaseRecordStore(), clock, new KeyedMutex());
}

describe('hardened lease: compare-and-set with fencing tokens', () => {
  it('two concurrent acquires of a free lease: exactly one wins', async () => {
    const service = leaseService(new ManualClock(1000));
    const [a, b] = await Promise.all([service.acquire('w1', 'node-a', 500), service.acquire('w1', 'node-b', 500)]);
    expect([a, b].filter((g) => g !== null)).toHaveLength(1);
  });

  it('original: two store-backed acquires interleaving load and save both win (spec §14.1)', async () => {
    const store = await FileLeaseStore.open(createStoreFiles(new MemoryFs(), 'original'), '/d');
    const coordinator = new StoreBackedScheduleCoordinator(store);
    const both = await Promise.all([coordinator.acquire('w1', 'node-a', 1000, 500), coordinator.acquire('w1', 'node-b', 1000, 500)]);
    expect(both).toEqual([true, true]);
  });

  it('tokens only grow, across release and across a restart of the service', async () => {
    const fs = new MemoryFs();
    const clock = new ManualClock(1000);
    const open = () => new FencedLeaseService(new FileFencedLeaseRecordStore(createStoreFiles(fs, 'hardened'), '/d'), clock, new KeyedMutex());
    const first = await open().acquire('w1', 'node-a', 500);
    await open().release(first!);
    const second = await open().acquire('w1', 'node-b', 500);
    clock.now = 2000;
    const third = await open().acquire('w1', 'node-a', 500);
    expect([first?.token, second?.token, third?.token]).toEqual([1, 2, 3]);
  });

  it("lease time is the service's clock: a caller whose clock runs ahead cannot steal an active lease (spec §14.3)", async () => {
    const clock = new ManualClock(1000);
    const service = leaseService(clock);
    const [ca, cb] = [new FencedCoordinatorClient(service), new FencedCoordinatorClient(service)];
    expect(await ca.acquire('w1', 'node-a', 1000, 500)).toBe(true);
    expect(await cb.acquire('w1', 'node-b', 99_999, 500)).toBe(false);
    clock.now = 1500;
    expect(await cb.acquire('w1', 'node-b', 0, 500)).toBe(true);
  });

  it('the same node id cannot re-acquire an active lease (spec §14.4), only after expiry or release', async () => {
    const clock = new ManualClock(1000);
    const service = leaseService(clock);
    const [first, restarted] = [new FencedCoordinatorClient(service), new FencedCoordinatorClient(service)];
    expect(await first.acquire('w1', 'node-a', 0, 500)).toBe(true);
    expect(await restarted.acquire('w1', 'node-a', 0, 500)).toBe(false);
    await first.release('w1', 'node-a');
    expect(await restarted.acquire('w1', 'node-a', 0, 500)).toBe(true);
  });

  it("a stale holder's release does not free the newer holder's lease (spec §14.2)", async () => {
    const clock = new ManualClock(1000);
    const service = leaseService(clock);
    const old = await service.acquire('w1', 'node-a', 100);
    clock.now = 1100;
    const fresh = await service.acquire('w1', 'node-a', 500);
    await service.release(old!);
    expect((await service.inspect('w1'))?.holderNodeId).toBe('node-a');
    expect((await service.inspect('w1'))?.fencingToken).toBe(fresh!.token);
    expect(await service.acquire('w1', 'node-b', 500)).toBeNull();
  });

  it('emit (key = world) and replay (replay key) share one fencing scope per world (spec §14.5)', async () => {
    expect(leaseScopeOf(REPLAY_KEY)).toBe('w1');
    expect(leaseScopeOf(' w1 ')).toBe('w1');
    const service = leaseService(new ManualClock(1000));
    const [emitter, replayer] = [new FencedCoordinatorClient(service), new FencedCoordinatorClient(service)];
    expect(await emitter.acquire('w1', 'node-a', 0, 500)).toBe(true);
    expect(await replayer.acquire(REPLAY_KEY, 'node-b', 0, 500)).toBe(false);
  });

  it('the TTL is validated before the service is asked', async () => {
    const client = new FencedCoordinatorClient(leaseService(new ManualClock(0)));
    await expect(client.acquire('w1', 'node-a', 0, 0)).rejects.toThrow(/lease_ttl_ms/);
  });
});

async function hardenedStores(fs: MemoryFs, clock: ManualClock): Promise<ReplayStores> {
  return createReplayStores({ profile: 'hardened', fs, root: '/shared', clock });
}

describe('hardened shared stores: fencing', () => {
  it("rejects a stale holder's write after another node took the expired lease; the data is unchanged", async () => {
    const clock = new ManualClock(1000);
    const stores = await hardenedStores(new MemoryFs(), clock);
    const [a, b] = [stores.forWorker(), stores.forWorker()];
    expect(await a.coordinator.acquire('w1', 'node-a', 1000, 100)).toBe(true);
    await a.recoveryStore.savePending('w1', 'node-a', [pendingOf(alertAt(1))]);
    clock.now = 1200;
    expect(await b.coordinator.acquire('w1', 'node-b', 1200, 100)).toBe(true);
    await expect(a.recoveryStore.savePending('w1', 'node-a', [])).rejects.toThrow(FenceRejectedError);
    await expect(a.deadLetterStore.replace('w1', 'node-a', [])).rejects.toThrow(FenceRejectedError);
    expect(await stores.raw.recoveryStore.loadPending('w1', 'node-a')).toHaveLength(1);
    await b.recoveryStore.savePending('w1', 'node-a', []);
    expect(await stores.raw.recoveryStore.loadPending('w1', 'node-a')).toEqual([]);
  });

  it('rejects writes from a worker that holds no lease, and writes to a world its lease does not cover', async () => {
    const stores = await hardenedStores(new MemoryFs(), new ManualClock(0));
    const w = stores.forWorker();
    await expect(w.stateStore.saveState('w1', 'n', { lastReplayAtMs: 1, preferCapacityEvicted: false })).rejects.toThrow(/holds no lease/);
    await w.coordinator.acquire('w1', 'node-a', 0, 100);
    await expect(w.recoveryStore.savePending('w2', 'n', [pendingOf(alertAt(1))])).rejects.toThrow(FenceRejectedError);
  });

  it('original: a stale holder overwrites the new holder\'s queue unnoticed (spec §14.2)', async () => {
    const stores = await createReplayStores({ profile: 'original', fs: new MemoryFs(), root: '/shared' });
    const w = stores.forWorker();
    expect(await w.coordinator.acquire('w1', 'node-a', 1000, 100)).toBe(true);
    expect(await w.coordinator.acquire('w1', 'node-b', 1200, 100)).toBe(true);
    await w.recoveryStore.savePending('w1', 'node-a', [pendingOf(alertAt(1))]);
    expect(await stores.raw.recoveryStore.loadPending('w1', 'node-a')).toHaveLength(1);
  });

  it('runs spec example 26 under the hardened profile (lease time on the service clock)', async () => {
    const clock = new ManualClock(1000);
    const stores = await hardenedStores(new MemoryFs(), clock);
    await stores.raw.deadLetterStore.append(DL(R, 1, 1000, 'w1', 'node-target'));
    const [a, b] = [stores.forWorker(), stores.forWorker()];
    await a.coordinator.acquire(REPLAY_KEY, 'node-a', 1000, 500);
    const run = (nowMs: number) => {
      clock.now = nowMs;
      return runReplayScheduleCoordinatedWithStateStore({
        worldId: 'w1', targetNodeId: 'node-target', coordinatorNodeId: 'node-b', nowMs, replayIntervalMs: 100,
        policy: { maxReplayPerRun: 2, maxRetryLimitExceededStreak: 2 }, leaseTtlMs: 500, ...b,
      });
    };
    expect(await run(1001)).toBe(0);
    await a.coordinator.release(REPLAY_KEY, 'node-a');
    expect(await run(1105)).toBe(1);
    expect((await stores.raw.stateStore.loadState('w1', 'node-target')).lastReplayAtMs).toBe(1105);
    expect(await stores.raw.deadLetterStore.list('w1', 'node-target')).toEqual([]);
  });
});

const TARGET = 'node-target';
const seedDeadLetters = [DL(R, 5, 1, 'w1', TARGET), DL(C, 1, 2, 'w1', TARGET), DL(R, 5, 3, 'w1', TARGET), DL(C, 1, 4, 'w1', TARGET)];

/** One coordinated fair replay of up to 3 records; `fs` may crash part-way. */
async function replayOnce(stores: ReplayStores, clock: ManualClock, nowMs: number): Promise<number> {
  clock.now = nowMs;
  return runReplayScheduleCoordinatedWithStateStore({
    worldId: 'w1', targetNodeId: TARGET, coordinatorNodeId: 'node-b', nowMs, replayIntervalMs: 10,
    policy: { maxReplayPerRun: 3, maxRetryLimitExceededStreak: 1 }, leaseTtlMs: 100, ...stores.forWorker(),
  });
}

/** Where each seeded dead letter is after recovery: in the dead-letter list, the queue, or both. */
async function placement(stores: ReplayStores, profile: 'original' | 'hardened') {
  const w = stores.forWorker();
  // In hardened, any read through a worker first completes an interrupted move.
  const dls = await (profile === 'hardened' ? w.deadLetterStore : stores.raw.deadLetterStore).list('w1', TARGET);
  const queue = await stores.raw.recoveryStore.loadPending('w1', TARGET);
  return seedDeadLetters.map((d) => {
    const t = d.droppedAtMs;
    return dls.filter((x) => x.droppedAtMs === t).length + queue.filter((p) => p.alert.detectedAtMs === t).length;
  });
}

describe('crash between the replay writes', () => {
  for (const profile of ['original', 'hardened'] as const) {
    it(`${profile}: crash after each write of a replay run, restart, read — ${profile === 'hardened' ? 'every dead letter exactly once' : 'some dead letters end up in both stores (spec §14.6)'}`, async () => {
      const measure = new MemoryFs();
      const clock = new ManualClock(0);
      const open = (fs: MemoryFs) => (profile === 'hardened' ? hardenedStores(fs, clock) : createReplayStores({ profile, fs, root: '/shared' }));
      const base = await open(measure);
      for (const d of seedDeadLetters) await base.raw.deadLetterStore.append(d);
      const start = measure.mutatingOps;
      expect(await replayOnce(base, clock, 1000)).toBe(3);
      const writesPerRun = measure.mutatingOps - start;
      const outcomes: number[][] = [];
      for (let k = 0; k < writesPerRun; k += 1) {
        const fs = new MemoryFs();
        const before = await open(fs);
        for (const d of seedDeadLetters) await before.raw.deadLetterStore.append(d);
        fs.crashAfterWrites(k);
        await expect(replayOnce(before, clock, 1000)).rejects.toThrow(CrashError);
        fs.heal();
        clock.now = 5000; // the crashed holder's lease has expired
        outcomes.push(await placement(await open(fs), profile));
      }
      expect(outcomes.every((o) => o.every((n) => n >= 1))).toBe(true);
      const duplicated = outcomes.some((o) => o.some((n) => n > 1));
      expect(duplicated).toBe(profile === 'original');
    });
  }

  it('hardened: after a crash mid-move the next replay run continues from the rolled-forward state', async () => {
    const fs = new MemoryFs();
    const clock = new ManualClock(0);
    const stores = await hardenedStores(fs, clock);
    for (const d of seedDeadLetters) await stores.raw.deadLetterStore.append(d);
    const start = fs.mutatingOps;
    fs.crashAfterWrites(6);
    await expect(replayOnce(stores, clock, 1000)).rejects.toThrow(CrashError);
    expect(fs.mutatingOps - start).toBe(6);
    fs.heal();
    const restarted = await hardenedStores(fs, clock);
    const left = (await restarted.forWorker().deadLetterStore.list('w1', TARGET)).length;
    expect(await placement(restarted, 'hardened')).toEqual([1, 1, 1, 1]);
    expect(await replayOnce(restarted, clock, 5000)).toBe(Math.min(left, 3));
    expect(await placement(restarted, 'hardened')).toEqual([1, 1, 1, 1]);
    expect(await restarted.raw.deadLetterStore.list('w1', TARGET)).toHaveLength(Math.max(left - 3, 0));
  });
});

describe('crash during an emit run', () => {
  // The new alert (3) exists only in the caller's memory until the run commits, so a crash before
  // the commit loses it (spec §14.8, not removed); the queued alerts (1, 2) are never lost.
  for (const profile of ['original', 'hardened'] as const) {
    it(`${profile}: whatever write the crash hits, no queued alert is lost; ${profile === 'hardened' ? 'none is both dead-lettered and queued' : 'some are both dead-lettered and queued (spec §14.7)'}`, async () => {
      const clock = new ManualClock(0);
      const open = (fs: MemoryFs) => (profile === 'hardened' ? hardenedStores(fs, clock) : createReplayStores({ profile, fs, root: '/shared' }));
      const run = async (fs: MemoryFs, crashAt: number | null) => {
        const w = (await open(fs)).forWorker();
        await w.coordinator.acquire('w1', 'node-a', 0, 100);
        await w.recoveryStore.savePending('w1', 'node-a', [pendingOf(alertAt(1), 3, 0), pendingOf(alertAt(2), 0, 0)]);
        const start = fs.mutatingOps;
        if (crashAt !== null) fs.crashAfterWrites(crashAt);
        const sink = new ScriptedSink((_, a) => a.detectedAtMs === 2);
        const policy = { maxPendingAlerts: 1, maxRetryAttempts: 3, retryBackoffMs: 0 };
        const emit = emitWithRecovery({ worldId: 'w1', nodeId: 'node-a', nowMs: 10, sink, newAlerts: [alertAt(3)], policy, ...w });
        if (crashAt === null) await emit;
        else await expect(emit).rejects.toThrow(CrashError);
        return { writes: fs.mutatingOps - start, sink };
      };
      const { writes } = await run(new MemoryFs(), null);
      let both = 0;
      for (let k = 0; k < writes; k += 1) {
        const fs = new MemoryFs();
        const { sink } = await run(fs, k);
        fs.heal();
        const restarted = await open(fs);
        const queue = await restarted.forWorker().recoveryStore.loadPending('w1', 'node-a');
        const dead = await restarted.raw.deadLetterStore.list('w1', 'node-a');
        for (const t of [1, 2, 3]) {
          const inQueue = queue.filter((p) => p.alert.detectedAtMs === t).length;
          const inDead = dead.filter((d) => d.pendingAlert.alert.detectedAtMs === t).length;
          const delivered = sink.delivered.filter((a) => a.detectedAtMs === t).length;
          if (inQueue + inDead > 1) both += 1;
          if (t !== 3) expect(inQueue + inDead + delivered).toBeGreaterThanOrEqual(1);
        }
      }
      expect(both > 0).toBe(profile === 'original');
    });
  }
});

describe('createReplayStores', () => {
  it('hardened requires a clock; file stores require a root', async () => {
    await expect(createReplayStores({ profile: 'hardened' })).rejects.toThrow(ValidationError);
    await expect(createReplayStores({ profile: 'original', fs: new MemoryFs() })).rejects.toThrow(/root/);
  });

  it('original gives every worker the same spec stores; hardened gives each worker its own fence', async () => {
    const original = await createReplayStores({ profile: 'original' });
    expect(original.forWorker()).toBe(original.forWorker());
    expect(original.hardened).toBeNull();
    const hardened = await createReplayStores({ profile: 'hardened', clock: new ManualClock(0) });
    expect(hardened.forWorker().coordinator).not.toBe(hardened.forWorker().coordinator);
    expect(hardened.hardened).not.toBeNull();
  });

  it('in-memory hardened stores deliver end to end under a held lease', async () => {
    const stores = await createReplayStores({ profile: 'hardened', clock: new ManualClock(0) });
    const w = stores.forWorker();
    await w.coordinator.acquire('w1', 'node-a', 0, 100);
    const report = await emitWithRecovery({
      worldId: 'w1', nodeId: 'node-a', nowMs: 0, sink: alwaysFail(), newAlerts: [alertAt(1), alertAt(2)],
      policy: { maxPendingAlerts: 1, maxRetryAttempts: 1, retryBackoffMs: 0 }, ...w,
    });
    expect(report).toMatchObject({ droppedRetryLimit: 1, droppedCapacity: 0, buffered: 1 });
    expect(await w.deadLetterStore.list('w1', 'node-a')).toHaveLength(1);
    const ok = await emitWithRecovery({ worldId: 'w1', nodeId: 'node-a', nowMs: 1, sink: neverFail(), newAlerts: [], policy: { maxPendingAlerts: 1, maxRetryAttempts: 1, retryBackoffMs: 0 }, ...w });
    expect(ok.recovered).toBe(1);
  });
});

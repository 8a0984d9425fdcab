// Crash-at-every-write of a replay run on the simulator's fake disk (sim/fs): writes are volatile
// until fsync, a crash keeps only durable state, and with torn writes an unsynced file keeps a
// random prefix. The hardened profile must leave every dead letter in exactly one store; the
// original profile (in-place rewrites, no fsync) is shown to end in a loss, a duplicate or a
// corrupt file for some crash point (spec §14.6, §14.17).
import { describe, expect, it } from 'vitest';
import { createStoreFiles } from '../../../core/common/storeFiles';
import type { FileSystem, Profile } from '../../../core/ports';
import { runReplayScheduleCoordinatedWithStateStore } from '../../../core/replay/coordinated/replay';
import { createReplayStores, type ReplayStores } from '../../../core/replay/factory';
import { FileDeadLetterStore } from '../../../core/replay/stores/fileDeadLetters';
import { SimFs, type FsHost } from '../../../sim/fs/simFs';
import { createRng } from '../../../sim/rng';
import { C, DL, ManualClock, R } from './support/fixtures';

const SEED = 'replay-crash-7';
const TARGET = 'node-target';
const ROOT = '/shared';
const seedDeadLetters = [DL(R, 5, 1, 'w1', TARGET), DL(C, 1, 2, 'w1', TARGET), DL(R, 5, 3, 'w1', TARGET), DL(C, 1, 4, 'w1', TARGET)];

/** One storage node's disk; `crashBeforeWrite(n)` kills the incarnation before its n-th write. */
function storageDisk(tornWrites: boolean) {
  let incarnation = { id: 'inc-0', alive: true };
  let crashAt = Number.POSITIVE_INFINITY;
  const host: FsHost = {
    record: () => undefined,
    later: (_delay, _owner, fn) => fn(),
    beforeWrite: (_node, n) => {
      if (n >= crashAt) incarnation.alive = false;
    },
    afterWrite: () => undefined,
  };
  const disk = new SimFs('storage', host, createRng(SEED), { tornWrites });
  return {
    disk,
    port: (): FileSystem => disk.port(incarnation),
    crashBeforeWrite: (n: number) => (crashAt = n),
    restart: () => {
      disk.crash();
      crashAt = Number.POSITIVE_INFINITY;
      incarnation = { id: `inc-${Number(incarnation.id.slice(4)) + 1}`, alive: true };
    },
  };
}

const settle = async () => {
  for (let i = 0; i < 50; i += 1) await new Promise<void>((r) => setImmediate(r));
};

async function placement(stores: ReplayStores, profile: Profile): Promise<number[] | 'corrupt'> {
  try {
    const dls = await (profile === 'hardened' ? stores.forWorker().deadLetterStore : stores.raw.deadLetterStore).list('w1', TARGET);
    const queue = await stores.raw.recoveryStore.loadPending('w1', TARGET);
    return seedDeadLetters.map(
      (d) => dls.filter((x) => x.droppedAtMs === d.droppedAtMs).length + queue.filter((p) => p.alert.detectedAtMs === d.droppedAtMs).length,
    );
  } catch {
    return 'corrupt';
  }
}

async function crashRun(profile: Profile, tornWrites: boolean, k: number): Promise<{ finished: boolean; after: number[] | 'corrupt' }> {
  const d = storageDisk(tornWrites);
  const clock = new ManualClock(1000);
  // Seed durably, whatever the profile under test.
  const seedStore = await FileDeadLetterStore.open(createStoreFiles(d.port(), 'hardened'), ROOT);
  for (const r of seedDeadLetters) await seedStore.append(r);
  const stores = await createReplayStores({ profile, fs: d.port(), root: ROOT, clock });
  d.crashBeforeWrite(d.disk.writeOps + k + 1);
  let finished = false;
  void runReplayScheduleCoordinatedWithStateStore({
    worldId: 'w1', targetNodeId: TARGET, coordinatorNodeId: 'node-b', nowMs: 1000, replayIntervalMs: 10,
    policy: { maxReplayPerRun: 3, maxRetryLimitExceededStreak: 1 }, leaseTtlMs: 100, ...stores.forWorker(),
  }).then(() => (finished = true));
  await settle();
  d.restart();
  clock.now = 5000;
  return { finished, after: await placement(await createReplayStores({ profile, fs: d.port(), root: ROOT, clock }), profile) };
}

async function everyCrashPoint(profile: Profile, tornWrites: boolean): Promise<Array<number[] | 'corrupt'>> {
  const outcomes: Array<number[] | 'corrupt'> = [];
  for (let k = 0; k < 200; k += 1) {
    const { finished, after } = await crashRun(profile, tornWrites, k);
    outcomes.push(after);
    if (finished) return outcomes;
  }
  throw new Error('the replay run never finished');
}

describe(`replay crash on the simulator disk (seed ${SEED})`, () => {
  for (const tornWrites of [false, true]) {
    it(`hardened${tornWrites ? ', torn writes' : ''}: at every crash point each dead letter is in exactly one store`, async () => {
      const outcomes = await everyCrashPoint('hardened', tornWrites);
      expect(outcomes.length).toBeGreaterThan(5);
      for (const o of outcomes) expect(o).toEqual([1, 1, 1, 1]);
    });
  }

  it('original, torn writes: some crash point corrupts, loses or duplicates a dead letter', async () => {
    const outcomes = await everyCrashPoint('original', true);
    expect(outcomes.some((o) => o === 'corrupt' || o.some((n) => n !== 1))).toBe(true);
  });
});

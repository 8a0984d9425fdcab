// P3.33 in both profiles: the scheduled drill re-anchors (hardened) a drill time left in the future,
// the archive orchestration takes the replay lease only in hardened with a lease, a node refused the
// lease reports from reads only, and the hardened prune keeps a floor, writes only when it prunes,
// retries a conflicting rewrite a bounded number of times and never hides other errors.
import { describe, expect, it } from 'vitest';
import { IoError } from '../../../core/common/errors';
import { replayLeaseKey } from '../../../core/common/ids';
import {
  InMemoryDrillScheduleStateStore,
  InMemoryGovernanceAuditRetentionStore,
  SnapshotConflictError,
  pruneGovernanceAuditArchive,
  retainWithFloor,
  runArchiveRetentionAndDrillSchedule,
  runScheduledRecoveryDrill,
  type GovernanceAuditRetentionStore,
} from '../../../core/exports-governance';
import type { Profile } from '../../../core/ports';
import { govAudit } from './support/fixtures';
import { TARGET, W, makeWorld } from './support/harness';
import { spyOn } from './support/spy';

const INTERVAL = 300;
const DRILL = { drillIntervalMs: INTERVAL, recentAuditLimit: 5 };

describe('scheduled drill: a drill time stored in the future', () => {
  async function drillAt(profile: Profile, storedAt: number | null, at: number) {
    const world = await makeWorld(profile);
    if (storedAt !== null) await world.gov.raw.scheduleStateStore.saveState(W, TARGET, { lastDrillAtMs: storedAt });
    const log: string[] = [];
    const scheduleStateStore = spyOn(world.worker.scheduleStateStore, 'schedule', log);
    const report = await runScheduledRecoveryDrill({ worldId: W, nodeId: TARGET, scheduledAtMs: at, policy: DRILL, ...world.worker, scheduleStateStore, profile });
    const saved = (await world.gov.raw.scheduleStateStore.loadState(W, TARGET)).lastDrillAtMs;
    return { report, saved, saves: log.filter((l) => l === 'schedule.saveState').length };
  }

  it('hardened re-anchors it at the scheduled time and saves that: the next drill is one interval away', async () => {
    const { report, saved, saves } = await drillAt('hardened', 50_000, 1000);
    expect(report).toMatchObject({ drillDue: false, drillExecuted: false, nextDueAtMs: 1000 + INTERVAL });
    expect(saved).toBe(1000);
    expect(saves).toBe(1);
  });

  it('original keeps it and waits until the clock passes it', async () => {
    const { report, saved, saves } = await drillAt('original', 50_000, 1000);
    expect(report).toMatchObject({ drillDue: false, nextDueAtMs: 50_000 + INTERVAL });
    expect(saved).toBe(50_000);
    expect(saves).toBe(0);
  });

  it.each([
    ['at the scheduled time', 1000],
    ['in the past, within the interval', 900],
  ])('hardened leaves a drill time %s alone and writes nothing while not due', async (_, storedAt) => {
    const { report, saved, saves } = await drillAt('hardened', storedAt, 1000);
    expect(report).toMatchObject({ drillDue: false, nextDueAtMs: storedAt + INTERVAL });
    expect(saved).toBe(storedAt);
    expect(saves).toBe(0);
  });

  it('hardened drills when none ran yet, also at a negative scheduled time', async () => {
    const { report, saved } = await drillAt('hardened', null, -5);
    expect(report).toMatchObject({ drillDue: true, drillExecuted: true, nextDueAtMs: -5 + INTERVAL });
    expect(saved).toBe(-5);
  });

  it('hardened drills when none ran yet and saves the drill time once', async () => {
    const { report, saved, saves } = await drillAt('hardened', null, 1000);
    expect(report).toMatchObject({ drillDue: true, drillExecuted: true, nextDueAtMs: 1000 + INTERVAL });
    expect(saved).toBe(1000);
    expect(saves).toBe(1);
  });
});

describe('archive retention and drill: the lease (hardened with a lease only)', () => {
  async function setup(profile: Profile, lastDrillAtMs: number | null) {
    const world = await makeWorld(profile);
    for (const t of [700, 900]) await world.gov.raw.governanceAuditStore.append(W, TARGET, govAudit(t));
    if (lastDrillAtMs !== null) await world.gov.raw.scheduleStateStore.saveState(W, TARGET, { lastDrillAtMs });
    const opts = {
      worldId: W,
      nodeId: TARGET,
      scheduledAtMs: 1000,
      retentionPolicy: { maxRecords: 1, maxAgeMs: 10_000 },
      drillSchedulePolicy: DRILL,
      ...world.worker,
      profile,
      lease: { coordinator: world.coordinator, coordinatorNodeId: 'archiver', leaseTtlMs: 500 },
    };
    return { world, opts };
  }
  const archive = async (world: Awaited<ReturnType<typeof makeWorld>>) => (await world.gov.raw.governanceAuditStore.list(W, TARGET)).map((r) => r.auditedAtMs);

  it.each([
    ['never drilled', null, true, null],
    ['drilled recently', 900, false, 900 + INTERVAL],
    ['drilled long ago', 100, true, 100 + INTERVAL],
  ] as const)('hardened, lease held elsewhere (%s): nothing is pruned, drilled or saved; the report comes from reads', async (_, last, due, next) => {
    const { world, opts } = await setup('hardened', last);
    expect(await world.coordinator.acquire(replayLeaseKey(W, TARGET), 'other', 1000, 10_000)).toBe(true);
    const report = await runArchiveRetentionAndDrillSchedule(opts);
    expect(report).toEqual({
      pruneReport: { worldId: W, nodeId: TARGET, prunedAtMs: 1000, before: 2, after: 2, prunedByAge: 0, prunedByCapacity: 0 },
      drillRunReport: { worldId: W, nodeId: TARGET, scheduledAtMs: 1000, drillDue: due, drillExecuted: false, nextDueAtMs: next, drillReport: null },
      leaseRefused: true,
    });
    expect(await archive(world)).toEqual([700, 900]);
    expect((await world.gov.raw.scheduleStateStore.loadState(W, TARGET)).lastDrillAtMs).toBe(last);
  });

  it('hardened with the lease free: prunes, drills, and releases the lease', async () => {
    const { world, opts } = await setup('hardened', null);
    const report = await runArchiveRetentionAndDrillSchedule(opts);
    expect(report.leaseRefused).toBeUndefined();
    expect(report.drillRunReport.drillExecuted).toBe(true);
    expect(await archive(world)).toEqual([900]);
    expect(await world.coordinator.acquire(replayLeaseKey(W, TARGET), 'other', 1000, 500)).toBe(true);
  });

  it('original ignores a lease: it prunes and drills although another node holds it', async () => {
    const { world, opts } = await setup('original', null);
    await world.coordinator.acquire(replayLeaseKey(W, TARGET), 'other', 1000, 10_000);
    const report = await runArchiveRetentionAndDrillSchedule(opts);
    expect(report.leaseRefused).toBeUndefined();
    expect(report.drillRunReport.drillExecuted).toBe(true);
    expect(await archive(world)).toEqual([900]);
  });

  it('hardened without a lease prunes and drills unguarded', async () => {
    const { world, opts } = await setup('hardened', null);
    await world.coordinator.acquire(replayLeaseKey(W, TARGET), 'other', 1000, 10_000);
    const report = await runArchiveRetentionAndDrillSchedule({ ...opts, lease: undefined });
    expect(report.drillRunReport.drillExecuted).toBe(true);
    expect(await archive(world)).toEqual([900]);
  });
});

describe('hardened prune', () => {
  const POLICY = { maxRecords: 10, maxAgeMs: 1000 };

  it('the floor keeps nothing for an empty archive', () => {
    expect(retainWithFloor([], 10_000, POLICY)).toEqual({ kept: [], prunedByAge: 0, prunedByCapacity: 0 });
  });

  it('the floor keeps the newest record when age would drop them all', () => {
    expect(retainWithFloor([govAudit(1), govAudit(2)], 10_000, POLICY)).toEqual({ kept: [govAudit(2)], prunedByAge: 1, prunedByCapacity: 0 });
  });

  it('an empty archive is reported as empty', async () => {
    const store = new InMemoryGovernanceAuditRetentionStore();
    const r = await pruneGovernanceAuditArchive({ worldId: W, nodeId: TARGET, prunedAtMs: 10_000, retentionPolicy: POLICY, retentionStore: store, profile: 'hardened' });
    expect(r).toMatchObject({ before: 0, after: 0, prunedByAge: 0, prunedByCapacity: 0 });
  });

  /** A retention store over memory whose replacePrefix fails as scripted (null: succeed). */
  function scripted(failures: (Error | null)[]) {
    const inner = new InMemoryGovernanceAuditRetentionStore();
    const calls: string[] = [];
    const store: GovernanceAuditRetentionStore = {
      append: (w, n, r) => inner.append(w, n, r),
      list: (w, n) => {
        calls.push('list');
        return inner.list(w, n);
      },
      replace: (w, n, rs) => inner.replace(w, n, rs),
      replacePrefix: async (w, n, s, k) => {
        calls.push('replacePrefix');
        const f = failures.shift();
        if (f) throw f;
        return inner.replacePrefix(w, n, s, k);
      },
    };
    return { inner, store, calls };
  }
  const prune = (store: GovernanceAuditRetentionStore) =>
    pruneGovernanceAuditArchive({ worldId: W, nodeId: TARGET, prunedAtMs: 1000, retentionPolicy: { maxRecords: 1, maxAgeMs: 10_000 }, retentionStore: store, profile: 'hardened' });

  it('nothing to prune: no rewrite at all', async () => {
    const { inner, store, calls } = scripted([]);
    await inner.append(W, TARGET, govAudit(900));
    const r = await pruneGovernanceAuditArchive({ worldId: W, nodeId: TARGET, prunedAtMs: 1000, retentionPolicy: POLICY, retentionStore: store, profile: 'hardened' });
    expect(r).toMatchObject({ before: 1, after: 1 });
    expect(calls).toEqual(['list']);
  });

  it('a rewrite that conflicts is retried on a fresh read', async () => {
    const { inner, store, calls } = scripted([new SnapshotConflictError('x'), null]);
    for (const t of [800, 900]) await inner.append(W, TARGET, govAudit(t));
    const r = await prune(store);
    expect(r).toMatchObject({ before: 2, after: 1, prunedByCapacity: 1 });
    expect(calls).toEqual(['list', 'replacePrefix', 'list', 'replacePrefix']);
    expect((await inner.list(W, TARGET)).map((x) => x.auditedAtMs)).toEqual([900]);
  });

  it('a rewrite that keeps conflicting fails after three attempts, leaving the archive whole', async () => {
    const conflict = () => new SnapshotConflictError('x');
    const { inner, store, calls } = scripted([conflict(), conflict(), conflict(), conflict(), null]);
    for (const t of [800, 900]) await inner.append(W, TARGET, govAudit(t));
    await expect(prune(store)).rejects.toBeInstanceOf(SnapshotConflictError);
    expect(calls.filter((c) => c === 'replacePrefix')).toHaveLength(3);
    expect(await inner.list(W, TARGET)).toHaveLength(2);
  });

  it('any other failure of the rewrite is thrown at once', async () => {
    const disk = new IoError('disk full', '/x');
    const { inner, store, calls } = scripted([disk, null]);
    for (const t of [800, 900]) await inner.append(W, TARGET, govAudit(t));
    await expect(prune(store)).rejects.toBe(disk);
    expect(calls).toEqual(['list', 'replacePrefix']);
  });
});

describe('schedule state store', () => {
  it('a fresh store has no drill yet', async () => {
    expect(await new InMemoryDrillScheduleStateStore().loadState(W, TARGET)).toEqual({ lastDrillAtMs: null });
  });
});

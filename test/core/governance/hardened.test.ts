// What the hardened shell changes (spec B §8): lease-first runs, fenced writes, clock jumps that
// cost at most one cooldown, prunes that keep concurrent appends and never empty the archive — and
// what it deliberately does not change (the decisions, e.g. the streak alternation of D1).
import { describe, expect, it } from 'vitest';
import { createStoreFiles } from '../../../core/common/storeFiles';
import {
  createGovernanceStores,
  fenceSourceOf,
  FileGovernanceIntentStore,
  InMemoryGovernanceAuditRetentionStore,
  pruneGovernanceAuditArchive,
  runReplayWithAuditAndAlert,
  runReplayWithGovernance,
  runReplayWithGovernanceArchive,
  type GovernanceAuditRetentionStore,
  type PolicyAdoptionAuditRecord,
} from '../../../core/exports-governance';
import { FenceRejectedError } from '../../../core/replay/hardened/errors';
import { FencedLeaseService, InMemoryFencedLeaseRecordStore } from '../../../core/replay/hardened/fencedLease';
import { KeyedMutex } from '../../../core/replay/hardened/mutex';
import { FencedCoordinatorClient } from '../../../core/replay/hardened/worker';
import type { Profile } from '../../../core/ports';
import { UNHEALTHY, govAudit, policy, policyState, unstable } from './support/fixtures';
import { TARGET, W, makeWorld, seedUnstableRun } from './support/harness';
import { createMemoryFs } from './support/memoryFs';

const LEASE_KEY = `${W}::revocation-dead-letter-replay::${TARGET}`;

describe('a node without the replay lease (spec B §8.1.6, §8.3, §8.6)', () => {
  for (const profile of ['original', 'hardened'] as const) {
    it(
      profile === 'original'
        ? 'original: still decides, rewrites the policy and appends both audits, with replayed 0'
        : 'hardened: writes nothing and reports the stored policy and level',
      async () => {
        const world = await makeWorld(profile);
        await seedUnstableRun(world, 1000, 1200, unstable);
        await world.leaseStore.save(LEASE_KEY, { holderNodeId: 'coordinator-2', expiresAtMs: 99_999 });
        const r = await runReplayWithGovernanceArchive(world.options({ nowMs: 1200 }));
        const raw = world.gov.raw;
        if (profile === 'original') {
          expect(r).toMatchObject({ replayed: 0, rolledBack: true, policy: policy(4, 2) });
          expect(await raw.policyAuditStore.list(W, TARGET)).toHaveLength(1);
          expect(await raw.governanceAuditStore.list(W, TARGET)).toHaveLength(1);
        } else {
          expect(r).toEqual({ replayed: 0, policy: policy(8, 1), rolledBack: false, alertEmitted: false, level: 'normal' });
          expect(await raw.replayPolicyStore.loadPolicyState(W, TARGET)).toEqual(unstable(1000));
          expect(await raw.policyAuditStore.list(W, TARGET)).toEqual([]);
          expect(await raw.governanceAuditStore.list(W, TARGET)).toEqual([]);
        }
      },
    );
  }
});

describe('hardened: writes are fenced by part A lease grants', () => {
  async function fencedSetup() {
    const clock = { t: 1000, nowMs(): number { return this.t; } };
    const mutex = new KeyedMutex();
    const service = new FencedLeaseService(new InMemoryFencedLeaseRecordStore(), clock, mutex);
    const gov = await createGovernanceStores({ profile: 'hardened', lease: { service, mutex } });
    const c1 = new FencedCoordinatorClient(service);
    const c2 = new FencedCoordinatorClient(service);
    return { clock, gov, c1, c2, w1: gov.forWorker(fenceSourceOf(c1)), w2: gov.forWorker(fenceSourceOf(c2)) };
  }

  it('a worker without a grant cannot write; a stale holder is refused once another node holds the lease', async () => {
    const { clock, gov, c1, c2, w1, w2 } = await fencedSetup();
    await expect(w1.replayPolicyStore.savePolicyState(W, TARGET, unstable(1))).rejects.toBeInstanceOf(FenceRejectedError);
    expect(await c1.acquire(LEASE_KEY, 'n1', 0, 100)).toBe(true);
    await w1.replayPolicyStore.savePolicyState(W, TARGET, unstable(2));
    clock.t = 1200; // n1's lease expires while it is still working
    expect(await c2.acquire(LEASE_KEY, 'n2', 0, 100)).toBe(true);
    await expect(w1.governanceStateStore.saveGovernanceState(W, TARGET, { rollbackStreak: 9, lastLevel: 'emergency', lastLevelUpdatedAtMs: 1 })).rejects.toBeInstanceOf(FenceRejectedError);
    await w2.governanceStateStore.saveGovernanceState(W, TARGET, { rollbackStreak: 1, lastLevel: 'normal', lastLevelUpdatedAtMs: 2 });
    expect(await gov.raw.governanceStateStore.loadGovernanceState(W, TARGET)).toEqual({ rollbackStreak: 1, lastLevel: 'normal', lastLevelUpdatedAtMs: 2 });
    expect((await gov.raw.replayPolicyStore.loadPolicyState(W, TARGET)).lastRollbackAtMs).toBe(2);
  });

  it('a run that loses its lease while emitting commits nothing; the next holder completes it once', async () => {
    const { clock, gov, c1, c2, w1, w2 } = await fencedSetup();
    const world = await makeWorld('hardened');
    await gov.raw.replayPolicyStore.savePolicyState(W, TARGET, unstable(1000));
    await world.addDeadLetter(1200);
    await world.addMetrics(1200, UNHEALTHY);
    const alertPolicy = { rollbackWindowMs: 5000, maxRollbacksPerWindow: 1, minAttempted: 4, alertCooldownMs: 100 };
    const emitted: number[] = [];
    const slowSink = {
      emit: async (a: { detectedAtMs: number }) => {
        emitted.push(a.detectedAtMs);
        clock.t += 1000; // the emit takes longer than the lease
        await c2.acquire(LEASE_KEY, 'n2', 0, 100);
      },
    };
    const opts1 = { ...world.options({ nowMs: 1200, coordinator: c1, coordinatorNodeId: 'n1', rollbackAlertPolicy: alertPolicy, alertSink: slowSink }), ...w1, commitPort: w1.commitPort ?? undefined };
    await expect(runReplayWithGovernanceArchive(opts1)).rejects.toBeInstanceOf(FenceRejectedError);
    expect(await gov.raw.governanceAuditStore.list(W, TARGET)).toEqual([]);
    expect(await gov.raw.replayPolicyStore.loadPolicyState(W, TARGET)).toEqual(unstable(1000));
    await c2.release(LEASE_KEY, 'n2');
    const plainSink = { emit: async (a: { detectedAtMs: number }) => void emitted.push(a.detectedAtMs) };
    const opts2 = { ...world.options({ nowMs: 1300, coordinator: c2, coordinatorNodeId: 'n2', rollbackAlertPolicy: alertPolicy, alertSink: plainSink }), ...w2, commitPort: w2.commitPort ?? undefined };
    await runReplayWithGovernanceArchive(opts2);
    const archive = await gov.raw.governanceAuditStore.list(W, TARGET);
    // n1's decision (re-emitted: at-least-once) and n2's own run, one record each.
    expect(archive.map((r) => [r.auditedAtMs, r.alertEmitted])).toEqual([[1200, true], [1300, false]]);
    expect((await gov.raw.policyAuditStore.list(W, TARGET)).map((r) => r.auditedAtMs)).toEqual([1200, 1300]);
    expect(emitted).toEqual([1200, 1200]);
  });
});

describe('clock jumps (spec B §8.5)', () => {
  const guardOver = { rollbackGuard: { minAttempted: 4, failureRatioPerMille: 500, deadLetterRatioPerMille: 350, rollbackCooldownMs: 100 } };

  it('a rollback time left in the future blocks original until the clock passes it; hardened for one cooldown', async () => {
    for (const profile of ['original', 'hardened'] as Profile[]) {
      const world = await makeWorld(profile);
      await seedUnstableRun(world, 1_000_000, 1000, unstable);
      const first = await runReplayWithGovernance(world.options({ ...guardOver, nowMs: 1000 }));
      expect(first.rolledBack).toBe(false);
      const cur = await world.gov.raw.replayPolicyStore.loadPolicyState(W, TARGET);
      await world.seedPolicy({ ...cur, activePolicy: policy(8, 1), lastStablePolicy: policy(4, 2) });
      await world.addMetrics(1100, UNHEALTHY);
      const second = await runReplayWithGovernance(world.options({ ...guardOver, nowMs: 1100 }));
      expect(second.rolledBack).toBe(profile === 'hardened');
    }
  });

  it('an alert time left in the future suppresses original alerts; hardened alerts again after one cooldown', async () => {
    for (const profile of ['original', 'hardened'] as Profile[]) {
      const world = await makeWorld(profile);
      const over = { rollbackAlertPolicy: { rollbackWindowMs: 5000, maxRollbacksPerWindow: 1, minAttempted: 4, alertCooldownMs: 200 } };
      await world.gov.raw.alertStateStore.saveAlertState(W, TARGET, { lastAlertAtMs: 1_000_000 });
      await seedUnstableRun(world, 1000, 1200, unstable);
      expect((await runReplayWithGovernance(world.options({ ...over, nowMs: 1200 }))).alertEmitted).toBe(false);
      await seedUnstableRun(world, 1200, 1400, unstable);
      expect((await runReplayWithGovernance(world.options({ ...over, nowMs: 1400 }))).alertEmitted).toBe(profile === 'hardened');
    }
  });

  it('a rollback audit dated far ahead counts in original (spurious alert) but not in hardened', async () => {
    for (const profile of ['original', 'hardened'] as Profile[]) {
      const world = await makeWorld(profile);
      const future: PolicyAdoptionAuditRecord = {
        worldId: W, nodeId: TARGET, auditedAtMs: 1200 + 10_000, decision: 'rolled_back_to_stable', recommendedPolicy: policy(8, 1),
        appliedPolicy: policy(4, 2), stablePolicy: policy(4, 2), backlogDeadLetters: 0, backlogPending: 0, metrics: UNHEALTHY, rollbackTriggered: true,
      };
      await world.gov.raw.policyAuditStore.append(W, TARGET, future);
      await seedUnstableRun(world, 1000, 1200, unstable);
      const r = await runReplayWithAuditAndAlert(world.options({ nowMs: 1200 }), { lastAlertAtMs: null });
      expect(r.alertEmitted).toBe(profile === 'original');
    }
  });
});

describe('prune safety (spec B §8.1.3, §8.6, §8.5)', () => {
  /** A store where another writer appends right after the prune has read the archive. */
  function racingStore(inner: GovernanceAuditRetentionStore): GovernanceAuditRetentionStore {
    let raced = false;
    return {
      append: (w, n, r) => inner.append(w, n, r),
      replace: (w, n, rs) => inner.replace(w, n, rs),
      replacePrefix: (w, n, s, k) => inner.replacePrefix(w, n, s, k),
      list: async (w, n) => {
        const records = await inner.list(w, n);
        if (!raced) {
          raced = true;
          await inner.append(w, n, govAudit(5000, 'emergency', 2));
        }
        return records;
      },
    };
  }

  for (const profile of ['original', 'hardened'] as Profile[]) {
    it(`${profile}: a record appended between the prune's read and its rewrite ${profile === 'original' ? 'is lost' : 'survives'}`, async () => {
      const inner = new InMemoryGovernanceAuditRetentionStore();
      for (const t of [100, 200, 300]) await inner.append(W, TARGET, govAudit(t));
      await pruneGovernanceAuditArchive({ worldId: W, nodeId: TARGET, prunedAtMs: 400, retentionPolicy: { maxRecords: 2, maxAgeMs: 10_000 }, retentionStore: racingStore(inner), profile });
      const kept = (await inner.list(W, TARGET)).map((r) => r.auditedAtMs);
      expect(kept).toEqual(profile === 'original' ? [200, 300] : [200, 300, 5000]);
    });

    it(`${profile}: a prune clock jumped far ahead ${profile === 'original' ? 'deletes the whole archive' : 'keeps the newest record'}`, async () => {
      const store = new InMemoryGovernanceAuditRetentionStore();
      for (const t of [100, 200]) await store.append(W, TARGET, govAudit(t, t === 100 ? 'emergency' : 'normal'));
      const report = await pruneGovernanceAuditArchive({ worldId: W, nodeId: TARGET, prunedAtMs: 10_000_000, retentionPolicy: { maxRecords: 10, maxAgeMs: 1000 }, retentionStore: store, profile });
      expect((await store.list(W, TARGET)).map((r) => r.auditedAtMs)).toEqual(profile === 'original' ? [] : [200]);
      expect(report.before).toBe(report.after + report.prunedByAge + report.prunedByCapacity);
    });
  }

  it('hardened: the archive is not pruned while a crashed run still awaits its alert', async () => {
    const gov = await createGovernanceStores({ profile: 'hardened' });
    const worker = gov.forWorker();
    for (const t of [100, 200]) await gov.raw.governanceAuditStore.append(W, TARGET, govAudit(t));
    await worker.commitPort!.stage(W, TARGET, {
      phase: 'await_alert', plannedAtMs: 300, policyState: policyState({}), adoptionAudit: null, alert: null,
      alertState: null, alertStateWithoutAlert: null, governanceState: null, governanceAudit: { base: 0, record: govAudit(300) },
    });
    const report = await pruneGovernanceAuditArchive({ worldId: W, nodeId: TARGET, prunedAtMs: 300, retentionPolicy: { maxRecords: 1, maxAgeMs: 10_000 }, retentionStore: worker.retentionStore, profile: 'hardened' });
    expect(report).toMatchObject({ before: 2, after: 2, prunedByCapacity: 0 });
    expect(await gov.raw.governanceAuditStore.list(W, TARGET)).toHaveLength(2);
  });
});

describe('properties of the original design that hardened keeps (decisions are not changed)', () => {
  for (const profile of ['original', 'hardened'] as Profile[]) {
    it(`D1 (${profile}): under persistently unhealthy metrics the streak goes 1, 0, 0, ... and the default governance never leaves normal`, async () => {
      const world = await makeWorld(profile);
      await world.seedPolicy(unstable(null));
      const levels: string[] = [];
      const streaks: number[] = [];
      for (let i = 0; i < 6; i += 1) {
        const now = 2000 + i * 1000; // past the rollback cooldown every time
        await world.addDeadLetter(now);
        await world.addMetrics(now, UNHEALTHY);
        const r = await runReplayWithGovernanceArchive(world.options({ nowMs: now }));
        levels.push(r.level);
        streaks.push((await world.gov.raw.governanceStateStore.loadGovernanceState(W, TARGET)).rollbackStreak);
      }
      expect(streaks).toEqual([1, 0, 0, 0, 0, 0]);
      expect(new Set(levels)).toEqual(new Set(['normal']));
    });
  }
});

describe('hardened commit intent file', () => {
  it('round-trips an intent with every part through the file store, and a corrupt one is named', async () => {
    const fs = createMemoryFs();
    const store = new FileGovernanceIntentStore(createStoreFiles(fs, 'hardened'), '/d');
    const intent = {
      phase: 'await_alert' as const,
      plannedAtMs: 1200,
      policyState: unstable(1200),
      adoptionAudit: {
        base: 3,
        record: {
          worldId: W, nodeId: TARGET, auditedAtMs: 1200, decision: 'rolled_back_to_stable' as const, recommendedPolicy: policy(8, 1),
          appliedPolicy: policy(4, 2), stablePolicy: policy(4, 2), backlogDeadLetters: 0, backlogPending: 1, metrics: UNHEALTHY, rollbackTriggered: true,
        },
      },
      alert: {
        worldId: W, nodeId: TARGET, detectedAtMs: 1200, severity: 'critical' as const, code: 'dead_letter_replay_policy_rollback_anomaly',
        message: 'm', drained: 1, diverged: 2, rejected: 4,
      },
      alertState: { lastAlertAtMs: 1200 },
      alertStateWithoutAlert: { lastAlertAtMs: null },
      governanceState: { rollbackStreak: 2, lastLevel: 'emergency' as const, lastLevelUpdatedAtMs: 1200 },
      governanceAudit: { base: 5, record: govAudit(1200, 'emergency', 2) },
    };
    await store.save(W, TARGET, intent);
    expect(await store.load(W, TARGET)).toEqual(intent);
    await store.clear(W, TARGET);
    expect(await store.load(W, TARGET)).toBeNull();
    const path = '/d/w1.node-a.revocation-dead-letter-replay-governance-commit-intent.json';
    fs.files.set(path, '{"phase":"apply"');
    await expect(store.load(W, TARGET)).rejects.toThrow(path);
  });
});

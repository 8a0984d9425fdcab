// Bad input (spec B §7 E5, E9, E15, E18, E22 and §8.2): invalid policies fail with a
// ValidationError naming the field before any store is touched; where the spec validates after a
// side effect, `original` keeps that order and `hardened` validates first. Corrupt files are
// named and left intact.
import { describe, expect, it } from 'vitest';
import { ValidationError, SerdeError } from '../../../core/common/errors';
import {
  createGovernanceStores,
  pruneGovernanceAuditArchive,
  recommendPolicyPersisted,
  runArchiveRetentionAndDrillSchedule,
  runGovernanceRecoveryDrill,
  runPersistedGuardedReplay,
  runReplayWithAuditAndAlert,
  runReplayWithGovernance,
  runReplayWithGovernanceArchive,
  runScheduledRecoveryDrill,
  type GovernanceArchiveRunOptions,
} from '../../../core/exports-governance';
import type { Profile } from '../../../core/ports';
import { govAudit, policy, unstable } from './support/fixtures';
import { TARGET, W, makeWorld, seedUnstableRun, type World } from './support/harness';
import { createMemoryFs } from './support/memoryFs';
import { spyOn } from './support/spy';

const PROFILES: readonly Profile[] = ['original', 'hardened'];

/** The world's options with every store wrapped by a call recorder. */
function spiedOptions(world: World, log: string[], over: Partial<GovernanceArchiveRunOptions> = {}): GovernanceArchiveRunOptions {
  const o = world.options(over);
  return {
    ...o,
    stateStore: spyOn(o.stateStore, 'state', log),
    recoveryStore: spyOn(o.recoveryStore, 'recovery', log),
    deadLetterStore: spyOn(o.deadLetterStore, 'deadLetters', log),
    coordinator: spyOn(o.coordinator, 'coordinator', log),
    replayPolicyStore: spyOn(o.replayPolicyStore, 'policy', log),
    policyAuditStore: spyOn(o.policyAuditStore, 'policyAudit', log),
    alertStateStore: spyOn(o.alertStateStore, 'alertState', log),
    governanceStateStore: spyOn(o.governanceStateStore, 'governance', log),
    governanceAuditStore: spyOn(o.governanceAuditStore, 'archive', log),
    alertSink: spyOn(o.alertSink, 'sink', log),
    commitPort: o.commitPort && spyOn(o.commitPort, 'commit', log),
  };
}

for (const profile of PROFILES) {
  describe(`invalid policies touch no store, profile ${profile}`, () => {
    it('E5: a guard with min_attempted 0 fails naming min_attempted; nothing is read or written', async () => {
      const world = await makeWorld(profile);
      const log: string[] = [];
      const opts = spiedOptions(world, log, { rollbackGuard: { minAttempted: 0, failureRatioPerMille: 500, deadLetterRatioPerMille: 350, rollbackCooldownMs: 100 } });
      await expect(runPersistedGuardedReplay(opts)).rejects.toThrow(ValidationError);
      await expect(recommendPolicyPersisted({ ...opts, nodeId: TARGET })).rejects.toThrow(/min_attempted must be positive/);
      expect(log).toEqual([]);
    });

    it('E9: rollback_window_ms 0 fails naming it; no store is touched', async () => {
      const world = await makeWorld(profile);
      const log: string[] = [];
      const opts = spiedOptions(world, log, { rollbackAlertPolicy: { rollbackWindowMs: 0, maxRollbacksPerWindow: 1, minAttempted: 4, alertCooldownMs: 1 } });
      await expect(runReplayWithAuditAndAlert(opts, { lastAlertAtMs: null })).rejects.toThrow(/rollback_window_ms must be positive, got 0/);
      expect(log).toEqual([]);
    });

    it('E18: governance thresholds {2, 1} fail with "thresholds are invalid"; no store is touched', async () => {
      const world = await makeWorld(profile);
      const log: string[] = [];
      const opts = spiedOptions(world, log, { governancePolicy: { levelOneRollbackStreak: 2, levelTwoRollbackStreak: 1, levelTwoEmergencyPolicy: policy(1, 1) } });
      await expect(runReplayWithGovernance(opts)).rejects.toThrow(/thresholds are invalid/);
      await expect(runReplayWithGovernanceArchive(opts)).rejects.toThrow(/thresholds are invalid/);
      expect(log).toEqual([]);
    });

    it('E15 and E22: a drill limit of 0 and a schedule interval of 0 fail before any read', async () => {
      const world = await makeWorld(profile);
      const log: string[] = [];
      const stores = {
        alertStateStore: spyOn(world.worker.alertStateStore, 'alertState', log),
        governanceStateStore: spyOn(world.worker.governanceStateStore, 'governance', log),
        governanceAuditStore: spyOn(world.worker.governanceAuditStore, 'archive', log),
        scheduleStateStore: spyOn(world.worker.scheduleStateStore, 'schedule', log),
      };
      await expect(runGovernanceRecoveryDrill({ worldId: W, nodeId: TARGET, drillAtMs: 1, recentAuditLimit: 0, ...stores })).rejects.toThrow(/recent_audit_limit must be positive/);
      await expect(
        runScheduledRecoveryDrill({ worldId: W, nodeId: TARGET, scheduledAtMs: 1, policy: { drillIntervalMs: 0, recentAuditLimit: 1 }, ...stores, profile }),
      ).rejects.toThrow(/drill_interval_ms must be positive, got 0/);
      expect(log).toEqual([]);
    });

    it('an invalid retention policy fails naming the field before the archive is read', async () => {
      const world = await makeWorld(profile);
      const log: string[] = [];
      const retentionStore = spyOn(world.worker.retentionStore, 'archive', log);
      await expect(pruneGovernanceAuditArchive({ worldId: W, nodeId: TARGET, prunedAtMs: 1, retentionPolicy: { maxRecords: 0, maxAgeMs: 1 }, retentionStore, profile })).rejects.toThrow(/max_records must be positive/);
      await expect(pruneGovernanceAuditArchive({ worldId: W, nodeId: TARGET, prunedAtMs: 1, retentionPolicy: { maxRecords: 1, maxAgeMs: -5 }, retentionStore, profile })).rejects.toThrow(/max_age_ms must be positive, got -5/);
      expect(log).toEqual([]);
    });

    it('file-backed: an invalid governance policy leaves the store directory without any file', async () => {
      const fs = createMemoryFs();
      const gov = await createGovernanceStores({ profile, fs, root: '/gov' });
      const world = await makeWorld(profile);
      const opts = { ...world.options(), ...gov.forWorker(), commitPort: gov.forWorker().commitPort ?? undefined };
      await expect(runReplayWithGovernanceArchive({ ...opts, governancePolicy: { ...opts.governancePolicy, levelOneRollbackStreak: 0 } })).rejects.toThrow(/level_one_rollback_streak/);
      expect([...fs.files.keys()]).toEqual([]);
    });
  });
}

describe('validation after side effects (spec B §8.2): original keeps it, hardened validates first', () => {
  it('original: an invalid lease TTL fails only after W1 saved the policy state', async () => {
    const world = await makeWorld('original');
    await seedUnstableRun(world, 1000, 1200, unstable);
    await expect(runPersistedGuardedReplay(world.options({ leaseTtlMs: 0 }))).rejects.toThrow(/lease_ttl_ms must be positive, got 0/);
    expect((await world.gov.raw.replayPolicyStore.loadPolicyState(W, TARGET)).lastRollbackAtMs).toBe(1200);
  });

  it('hardened: an invalid lease TTL or replay interval fails before anything is written', async () => {
    const world = await makeWorld('hardened');
    await seedUnstableRun(world, 1000, 1200, unstable);
    await expect(runPersistedGuardedReplay(world.options({ leaseTtlMs: 0 }))).rejects.toThrow(/lease_ttl_ms must be positive/);
    await expect(runPersistedGuardedReplay(world.options({ replayIntervalMs: 0 }))).rejects.toThrow(/replay_interval_ms must be positive/);
    expect((await world.gov.raw.replayPolicyStore.loadPolicyState(W, TARGET)).lastRollbackAtMs).toBe(1000);
    expect(await world.leaseStore.load(`${W}::revocation-dead-letter-replay::${TARGET}`)).toBeNull();
  });

  it('original: an invalid drill policy fails after the prune already rewrote the archive; hardened prunes nothing', async () => {
    for (const profile of PROFILES) {
      const world = await makeWorld(profile);
      for (const t of [700, 900]) await world.gov.raw.governanceAuditStore.append(W, TARGET, govAudit(t));
      const run = runArchiveRetentionAndDrillSchedule({
        worldId: W,
        nodeId: TARGET,
        scheduledAtMs: 1000,
        retentionPolicy: { maxRecords: 1, maxAgeMs: 10_000 },
        drillSchedulePolicy: { drillIntervalMs: 0, recentAuditLimit: 5 },
        ...world.worker,
        profile,
      });
      await expect(run).rejects.toThrow(/drill_interval_ms must be positive/);
      expect(await world.gov.raw.governanceAuditStore.list(W, TARGET)).toHaveLength(profile === 'original' ? 1 : 2);
    }
  });
});

describe('corrupt state files', () => {
  for (const profile of PROFILES) {
    it(`profile ${profile}: a corrupt governance state fails the governed run naming the file, which stays intact`, async () => {
      const fs = createMemoryFs();
      const gov = await createGovernanceStores({ profile, fs, root: '/gov' });
      const world = await makeWorld(profile);
      const worker = gov.forWorker();
      await gov.raw.replayPolicyStore.savePolicyState(W, TARGET, unstable(1000));
      await world.addDeadLetter(1200);
      const path = [...fs.files.keys()].find((k) => k.includes('policy-state'))!.replace('policy-state', 'rollback-governance-state');
      fs.files.set(path, '{"rollback_streak":"x"}');
      const opts = { ...world.options(), ...worker, commitPort: worker.commitPort ?? undefined };
      const err = await runReplayWithGovernance(opts).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(SerdeError);
      expect((err as Error).message).toContain(path);
      expect(fs.files.get(path)).toBe('{"rollback_streak":"x"}');
      // Hardened reads every state before the replay: the dead letter is still there.
      expect(await world.deadLetterStore.list(W, TARGET)).toHaveLength(profile === 'original' ? 0 : 1);
    });
  }
});

// Spec B §7: every example of the original unit tests that runs the entry points, in both
// profiles (the hardened shell must not change any of these outcomes).
import { describe, expect, it } from 'vitest';
import {
  recommendPolicyPersisted,
  runArchiveRetentionAndDrillSchedule,
  runGovernanceRecoveryDrill,
  runPersistedGuardedReplay,
  runReplayWithAuditAndAlert,
  runReplayWithGovernance,
  runReplayWithGovernanceArchive,
  runScheduledRecoveryDrill,
  type RollbackAlertStateCell,
} from '../../../core/exports-governance';
import type { Profile } from '../../../core/ports';
import { govAudit, metrics, policy, policyState, unstable } from './support/fixtures';
import { TARGET, W, makeWorld, seedUnstableRun } from './support/harness';

const PROFILES: readonly Profile[] = ['original', 'hardened'];

for (const profile of PROFILES) {
  describe(`spec B §7 examples, profile ${profile}`, () => {
    it('E2: a healthy run from a virgin state adopts {3,3} and promotes it to stable', async () => {
      const world = await makeWorld(profile);
      await world.addMetrics(1000, metrics({ attempted: 6, succeeded: 6 }));
      const opts = world.options({
        nowMs: 1500,
        metricsLookback: 8,
        minReplayPerRun: 1,
        maxReplayPerRun: 16,
        maxRetryLimitExceededStreak: 8,
        policyCooldownMs: 100,
        maxReplayStepChange: 3,
        maxRetryStreakStepChange: 2,
        fallbackPolicy: policy(4, 3),
        rollbackGuard: { minAttempted: 4, failureRatioPerMille: 500, deadLetterRatioPerMille: 500, rollbackCooldownMs: 200 },
      });
      const run =
        profile === 'original'
          ? await recommendPolicyPersisted({ ...opts, nodeId: TARGET })
          : await runPersistedGuardedReplay(opts);
      expect({ applied: run.applied, rolledBack: run.rolledBack }).toEqual({ applied: policy(3, 3), rolledBack: false });
      expect(await world.gov.raw.replayPolicyStore.loadPolicyState(W, TARGET)).toEqual(
        policyState({ activePolicy: policy(3, 3), lastStablePolicy: policy(3, 3), lastPolicyUpdateAtMs: 1500, lastStableAtMs: 1500 }),
      );
    });

    it('E3: 666 per mille failures roll {9,1} back to {3,3} and record the rollback at 1300', async () => {
      const world = await makeWorld(profile);
      await world.seedPolicy(policyState({ activePolicy: policy(9, 1), lastStablePolicy: policy(3, 3), lastPolicyUpdateAtMs: 1000, lastStableAtMs: 900 }));
      await world.addMetrics(1000, metrics({ attempted: 12, failed: 8, deadLettered: 2 }));
      const opts = world.options({ nowMs: 1300, rollbackGuard: { minAttempted: 8, failureRatioPerMille: 500, deadLetterRatioPerMille: 120, rollbackCooldownMs: 100 } });
      const run = profile === 'original' ? await recommendPolicyPersisted({ ...opts, nodeId: TARGET }) : await runPersistedGuardedReplay(opts);
      expect({ applied: run.applied, rolledBack: run.rolledBack }).toEqual({ applied: policy(3, 3), rolledBack: true });
      const stored = await world.gov.raw.replayPolicyStore.loadPolicyState(W, TARGET);
      expect(stored.activePolicy).toEqual(policy(3, 3));
      expect(stored.lastRollbackAtMs).toBe(1300);
    });

    it('E4: a combined run replays 2 under the rolled-back {2,3}, leaving 2 dead letters', async () => {
      const world = await makeWorld(profile);
      await world.seedPolicy(policyState({ activePolicy: policy(6, 1), lastStablePolicy: policy(2, 3), lastPolicyUpdateAtMs: 1000, lastStableAtMs: 900 }));
      await world.addMetrics(1000, metrics({ attempted: 10, failed: 6, deadLettered: 2 }));
      for (const t of [10, 20, 30, 40]) await world.addDeadLetter(t, 1);
      const run = await runPersistedGuardedReplay(
        world.options({
          nowMs: 2100,
          replayIntervalMs: 50,
          coordinatorNodeId: 'node-runner',
          rollbackGuard: { minAttempted: 8, failureRatioPerMille: 500, deadLetterRatioPerMille: 150, rollbackCooldownMs: 100 },
        }),
      );
      expect(run).toEqual({ replayed: 2, applied: policy(2, 3), rolledBack: true });
      expect(await world.deadLetterStore.list(W, TARGET)).toHaveLength(2);
    });

    it('E7: a rollback below the alert threshold is audited but not alerted', async () => {
      const world = await makeWorld(profile);
      await seedUnstableRun(world, 900, 1000, unstable);
      const cell: RollbackAlertStateCell = { lastAlertAtMs: null };
      const run = await runReplayWithAuditAndAlert(world.options({ nowMs: 1200 }), cell);
      expect(run).toEqual({ replayed: 1, applied: policy(4, 2), rolledBack: true, alertEmitted: false });
      const audits = await world.gov.raw.policyAuditStore.list(W, TARGET);
      expect(audits).toHaveLength(1);
      expect(audits[0]).toMatchObject({
        decision: 'rolled_back_to_stable',
        recommendedPolicy: policy(8, 1),
        stablePolicy: policy(4, 2),
        backlogDeadLetters: 0,
        backlogPending: 1,
        rollbackTriggered: true,
      });
      expect(audits[0].metrics.attempted).toBe(10);
      expect(cell.lastAlertAtMs).toBeNull();
      expect(world.sink.list()).toEqual([]);
    });

    it('E8a-c: the alert fires, is held by its 200 ms cooldown, then fires again', async () => {
      const world = await makeWorld(profile);
      const cell: RollbackAlertStateCell = { lastAlertAtMs: null };
      const alertPolicy = { rollbackWindowMs: 5000, maxRollbacksPerWindow: 1, minAttempted: 4, alertCooldownMs: 200 };
      const step = async (now: number, r: number) => {
        await seedUnstableRun(world, r, now, unstable);
        return runReplayWithAuditAndAlert(world.options({ nowMs: now, rollbackAlertPolicy: alertPolicy }), cell);
      };
      expect(await step(1200, 1000)).toMatchObject({ rolledBack: true, alertEmitted: true });
      expect(cell.lastAlertAtMs).toBe(1200);
      expect(await step(1300, 1100)).toMatchObject({ rolledBack: true, alertEmitted: false });
      expect(cell.lastAlertAtMs).toBe(1200);
      expect(await step(1500, 1300)).toMatchObject({ rolledBack: true, alertEmitted: true });
      expect(cell.lastAlertAtMs).toBe(1500);
      expect(world.sink.list().map((a) => a.code)).toEqual(['dead_letter_replay_policy_rollback_anomaly', 'dead_letter_replay_policy_rollback_anomaly']);
      const audits = await world.gov.raw.policyAuditStore.list(W, TARGET);
      expect(audits.map((a) => a.decision)).toEqual(['rolled_back_to_stable', 'rolled_back_to_stable', 'rolled_back_to_stable']);
    });

    it('E13: the archive run reports level stable and archives exactly one record (streak 1, no W10)', async () => {
      const world = await makeWorld(profile);
      await seedUnstableRun(world, 1000, 1200, unstable);
      const run = await runReplayWithGovernanceArchive(
        world.options({
          nowMs: 1200,
          rollbackAlertPolicy: { rollbackWindowMs: 5000, maxRollbacksPerWindow: 10, minAttempted: 4, alertCooldownMs: 500 },
          governancePolicy: { levelOneRollbackStreak: 1, levelTwoRollbackStreak: 3, levelTwoEmergencyPolicy: policy(1, 1) },
        }),
      );
      expect(run).toEqual({ replayed: 1, policy: policy(4, 2), rolledBack: true, alertEmitted: false, level: 'stable' });
      const archive = await world.gov.raw.governanceAuditStore.list(W, TARGET);
      expect(archive).toEqual([
        { worldId: W, nodeId: TARGET, auditedAtMs: 1200, governanceLevel: 'stable', rollbackStreak: 1, rolledBack: true, appliedPolicy: policy(4, 2), alertEmitted: false },
      ]);
      expect((await world.gov.raw.replayPolicyStore.loadPolicyState(W, TARGET)).activePolicy).toEqual(policy(4, 2));
    });

    it('E14: the drill echoes both states and reports the last 2 audits and the emergency history', async () => {
      const world = await makeWorld(profile);
      const raw = world.gov.raw;
      await raw.alertStateStore.saveAlertState(W, TARGET, { lastAlertAtMs: 1400 });
      await raw.governanceStateStore.saveGovernanceState(W, TARGET, { rollbackStreak: 3, lastLevel: 'emergency', lastLevelUpdatedAtMs: 1500 });
      const audits = [govAudit(1200, 'normal', 0), govAudit(1300, 'emergency', 2), govAudit(1400, 'stable', 1)];
      for (const a of audits) await raw.governanceAuditStore.append(W, TARGET, a);
      const report = await runGovernanceRecoveryDrill({ worldId: W, nodeId: TARGET, drillAtMs: 1600, recentAuditLimit: 2, ...world.worker });
      expect(report).toEqual({
        worldId: W,
        nodeId: TARGET,
        drillAtMs: 1600,
        alertState: { lastAlertAtMs: 1400 },
        governanceState: { rollbackStreak: 3, lastLevel: 'emergency', lastLevelUpdatedAtMs: 1500 },
        recentAudits: [audits[1], audits[2]],
        hasEmergencyHistory: true,
      });
    });

    it('E16a-b: the alert cooldown persists in the alert state store across runs', async () => {
      const world = await makeWorld(profile);
      const over = {
        governancePolicy: { levelOneRollbackStreak: 10, levelTwoRollbackStreak: 20, levelTwoEmergencyPolicy: policy(1, 1) },
        rollbackAlertPolicy: { rollbackWindowMs: 5000, maxRollbacksPerWindow: 1, minAttempted: 4, alertCooldownMs: 500 },
      };
      await seedUnstableRun(world, 1000, 1200, unstable);
      expect(await runReplayWithGovernance(world.options({ ...over, nowMs: 1200 }))).toMatchObject({ rolledBack: true, alertEmitted: true });
      await seedUnstableRun(world, 1100, 1300, unstable);
      expect(await runReplayWithGovernance(world.options({ ...over, nowMs: 1300 }))).toMatchObject({ rolledBack: true, alertEmitted: false });
      expect(await world.gov.raw.alertStateStore.loadAlertState(W, TARGET)).toEqual({ lastAlertAtMs: 1200 });
    });

    it('E17a-b: two rollback runs in a row escalate to emergency and make {1,1} the active policy', async () => {
      const world = await makeWorld(profile);
      const over = {
        governancePolicy: { levelOneRollbackStreak: 1, levelTwoRollbackStreak: 2, levelTwoEmergencyPolicy: policy(1, 1) },
        rollbackAlertPolicy: { rollbackWindowMs: 5000, maxRollbacksPerWindow: 10, minAttempted: 4, alertCooldownMs: 500 },
      };
      await seedUnstableRun(world, 1000, 1200, unstable);
      expect(await runReplayWithGovernance(world.options({ ...over, nowMs: 1200 }))).toMatchObject({ policy: policy(4, 2), level: 'stable' });
      await seedUnstableRun(world, 1200, 1400, unstable);
      expect(await runReplayWithGovernance(world.options({ ...over, nowMs: 1400 }))).toMatchObject({ policy: policy(1, 1), level: 'emergency' });
      expect((await world.gov.raw.replayPolicyStore.loadPolicyState(W, TARGET)).activePolicy).toEqual(policy(1, 1));
      expect(await world.gov.raw.governanceStateStore.loadGovernanceState(W, TARGET)).toMatchObject({ rollbackStreak: 2, lastLevel: 'emergency' });
    });

    it('E21a-b: the scheduled drill runs at 1100, is not due at 1150, and next is due at 1200', async () => {
      const world = await makeWorld(profile);
      const raw = world.gov.raw;
      await raw.alertStateStore.saveAlertState(W, TARGET, { lastAlertAtMs: 900 });
      await raw.governanceStateStore.saveGovernanceState(W, TARGET, { rollbackStreak: 2, lastLevel: 'emergency', lastLevelUpdatedAtMs: 900 });
      for (const t of [800, 900, 1000]) await raw.governanceAuditStore.append(W, TARGET, govAudit(t));
      const run = (at: number) =>
        runScheduledRecoveryDrill({ worldId: W, nodeId: TARGET, scheduledAtMs: at, policy: { drillIntervalMs: 100, recentAuditLimit: 2 }, ...world.worker, profile });
      const a = await run(1100);
      expect(a).toMatchObject({ drillDue: true, drillExecuted: true, nextDueAtMs: 1200 });
      expect(a.drillReport?.recentAudits).toHaveLength(2);
      const b = await run(1150);
      expect(b).toEqual({ worldId: W, nodeId: TARGET, scheduledAtMs: 1150, drillDue: false, drillExecuted: false, nextDueAtMs: 1200, drillReport: null });
      expect(await raw.scheduleStateStore.loadState(W, TARGET)).toEqual({ lastDrillAtMs: 1100 });
    });

    it('E23: one store in both roles: the prune drops 700 by capacity, then the drill sees 1 audit', async () => {
      const world = await makeWorld(profile);
      for (const t of [700, 900]) await world.gov.raw.governanceAuditStore.append(W, TARGET, govAudit(t));
      const report = await runArchiveRetentionAndDrillSchedule({
        worldId: W,
        nodeId: TARGET,
        scheduledAtMs: 1000,
        retentionPolicy: { maxRecords: 1, maxAgeMs: 10_000 },
        drillSchedulePolicy: { drillIntervalMs: 100, recentAuditLimit: 5 },
        ...world.worker,
        profile,
      });
      expect(report.pruneReport).toEqual({ worldId: W, nodeId: TARGET, prunedAtMs: 1000, before: 2, after: 1, prunedByAge: 0, prunedByCapacity: 1 });
      expect(report.drillRunReport.drillExecuted).toBe(true);
      expect(report.drillRunReport.drillReport?.recentAudits.map((r) => r.auditedAtMs)).toEqual([900]);
    });
  });
}

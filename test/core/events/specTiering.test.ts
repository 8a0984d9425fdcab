// Spec C §12 examples 1–9, 11, 33, 34: offload, compensation, drill alerts, orchestrations, and
// the hot/cold aggregate query, each as its own test, in both profiles where both apply.
import { describe, expect, it } from 'vitest';
import { InMemoryGovernanceAuditRetentionStore, type GovernanceAuditRecord } from '../../../core/governance/archive/governanceAudit';
import type { DrillScheduledRunReport } from '../../../core/governance/schedule/drillSchedule';
import { InMemoryAlertSink } from '../../../core/replay/alerts/sinks';
import { InMemoryDrillAlertStateStore } from '../../../core/events/alerts/drillAlertStateStore';
import { emitDrillAlertIfNeeded } from '../../../core/events/alerts/emitDrillAlert';
import { runTieredOffloadWithDrillAlertAndEventBus, runTieredOffloadWithDrillAndAlert } from '../../../core/events/alerts/orchestration';
import { queryAuditArchiveAggregated, validateAuditAggregateQueryPolicy } from '../../../core/events/tiering/aggregateQuery';
import { InMemoryOffloadIntentStore } from '../../../core/events/tiering/offloadIntent';
import { planTieredOffload } from '../../../core/events/tiering/offloadPlan';
import { validateTieredOffloadPolicy } from '../../../core/events/tiering/offloadPolicy';
import { offloadAuditArchiveTiered } from '../../../core/events/tiering/offloadTiered';
import { KeyedMutex } from '../../../core/replay/hardened/mutex';
import type { Profile } from '../../../core/ports';
import { A, B, rec, scheduledDrillRun, W } from './support/fixtures';
import { example5World } from './support/world';

const PROFILES: readonly Profile[] = ['original', 'hardened'];
const at = (rs: readonly GovernanceAuditRecord[]) => rs.map((r) => r.auditedAtMs);

async function tiers(hot: readonly GovernanceAuditRecord[], cold: readonly GovernanceAuditRecord[] = []) {
  const hotStore = new InMemoryGovernanceAuditRetentionStore();
  const coldStore = new InMemoryGovernanceAuditRetentionStore();
  await hotStore.replace(W, A, hot);
  await coldStore.replace(W, A, cold);
  return { hotStore, coldStore, tiering: { intents: new InMemoryOffloadIntentStore(), mutex: new KeyedMutex() } };
}

describe.each(PROFILES)('spec C §12 tiered offload (%s)', (profile) => {
  it('example 1: offloads by age with >= (age 700 counts)', async () => {
    const t = await tiers([100, 200, 300, 900, 950].map((x, i) => rec(W, A, x, 'normal', i)));
    const r = await offloadAuditArchiveTiered({ ...t, worldId: W, nodeId: A, offloadedAtMs: 1000, policy: { hotMaxRecords: 2, offloadMinAgeMs: 700, maxOffloadRecords: 20 }, profile });
    expect([r.offloaded, r.offloadedByAge, r.offloadedByCapacity, r.keptDueToRateLimit]).toEqual([3, 3, 0, 0]);
    expect(at(await t.hotStore.list(W, A))).toEqual([900, 950]);
    expect(at(await t.coldStore.list(W, A))).toEqual([100, 200, 300]);
  });

  it('example 2: the rate limit keeps capacity-selected records in hot', async () => {
    const t = await tiers([900, 910, 920, 930, 940].map((x) => rec(W, A, x)));
    const r = await offloadAuditArchiveTiered({ ...t, worldId: W, nodeId: A, offloadedAtMs: 1000, policy: { hotMaxRecords: 2, offloadMinAgeMs: 10_000, maxOffloadRecords: 1 }, profile });
    expect([r.offloaded, r.offloadedByAge, r.offloadedByCapacity, r.keptDueToRateLimit]).toEqual([1, 0, 1, 2]);
    expect(await t.hotStore.list(W, A)).toHaveLength(4);
    expect(at(await t.coldStore.list(W, A))).toEqual([900]);
  });

  it('example 6: hot_max_records 0 is rejected', async () => {
    expect(() => validateTieredOffloadPolicy({ hotMaxRecords: 0, offloadMinAgeMs: 1, maxOffloadRecords: 1 })).toThrow('hot_max_records must be positive');
    const t = await tiers([]);
    await expect(
      offloadAuditArchiveTiered({ ...t, worldId: W, nodeId: A, offloadedAtMs: 1, policy: { hotMaxRecords: 0, offloadMinAgeMs: 1, maxOffloadRecords: 1 }, profile }),
    ).rejects.toThrow('hot_max_records must be positive');
  });
});

describe('spec C §12 offload compensation', () => {
  it('example 3: a failing hot replace rolls the cold layer back (original)', async () => {
    const t = await tiers([rec(W, A, 100, 'emergency')], [rec(W, A, 50)]);
    const failingHot = Object.assign(Object.create(t.hotStore) as InMemoryGovernanceAuditRetentionStore, {
      replace: async () => {
        throw new Error('simulated hot failure');
      },
    });
    const run = offloadAuditArchiveTiered({ ...t, hotStore: failingHot, worldId: W, nodeId: A, offloadedAtMs: 1000, policy: { hotMaxRecords: 1, offloadMinAgeMs: 10, maxOffloadRecords: 10 } });
    await expect(run).rejects.toThrow('cold layer rolled back');
    expect(at(await t.coldStore.list(W, A))).toEqual([50]);
  });

  it('example 3 (hardened): a failing hot write is finished by the next run, the record ends in cold only', async () => {
    const t = await tiers([rec(W, A, 100, 'emergency')], [rec(W, A, 50)]);
    let fail = true;
    const flakyHot = Object.assign(Object.create(t.hotStore) as InMemoryGovernanceAuditRetentionStore, {
      replacePrefix: async (...args: Parameters<InMemoryGovernanceAuditRetentionStore['replacePrefix']>) => {
        if (fail) throw new Error('simulated hot failure');
        return t.hotStore.replacePrefix(...args);
      },
    });
    const opts = { ...t, hotStore: flakyHot, worldId: W, nodeId: A, offloadedAtMs: 1000, policy: { hotMaxRecords: 1, offloadMinAgeMs: 10, maxOffloadRecords: 10 }, profile: 'hardened' as const };
    await expect(offloadAuditArchiveTiered(opts)).rejects.toThrow('simulated hot failure');
    fail = false;
    const again = await offloadAuditArchiveTiered(opts);
    expect(again.offloaded).toBe(0);
    expect(at(await t.hotStore.list(W, A))).toEqual([]);
    expect(at(await t.coldStore.list(W, A))).toEqual([50, 100]);
  });
});

const drillRun = (over: Partial<DrillScheduledRunReport> = {}): DrillScheduledRunReport =>
  scheduledDrillRun(
    {
      worldId: W,
      nodeId: A,
      drillAtMs: 1000,
      alertState: { lastAlertAtMs: null },
      governanceState: { rollbackStreak: 3, lastLevel: 'emergency', lastLevelUpdatedAtMs: 900 },
      recentAudits: [rec(W, A, 900, 'emergency', 3)],
      hasEmergencyHistory: true,
    },
    over,
  );

describe('spec C §12 drill alerts', () => {
  it('example 4: emits once, then the cooldown blocks (50 < 200)', async () => {
    const store = new InMemoryDrillAlertStateStore();
    const sink = new InMemoryAlertSink();
    const policy = { maxAlertSilenceMs: 100, rollbackStreakThreshold: 2, alertCooldownMs: 200 };
    const base = { worldId: W, nodeId: A, drillRunReport: drillRun(), policy, alertStateStore: store, alertSink: sink };
    const first = await emitDrillAlertIfNeeded({ ...base, evaluatedAtMs: 1000 });
    expect(first).toMatchObject({ anomalyDetected: true, alertEmitted: true, cooldownBlocked: false });
    expect(first.reasons).toEqual(['alert_state_silence_exceeded', 'rollback_streak_threshold_exceeded', 'emergency_history_detected']);
    const second = await emitDrillAlertIfNeeded({ ...base, evaluatedAtMs: 1050 });
    expect(second).toMatchObject({ anomalyDetected: true, alertEmitted: false, cooldownBlocked: true });
    expect(sink.list()).toHaveLength(1);
    expect(sink.list()[0]).toMatchObject({ code: 'rollback_governance_recovery_drill_anomaly', severity: 'critical' });
  });

  it('example 7: the policy error wins even when no drill ran', async () => {
    const run = emitDrillAlertIfNeeded({
      worldId: W,
      nodeId: A,
      evaluatedAtMs: 1000,
      drillRunReport: drillRun({ drillExecuted: false, drillReport: null }),
      policy: { maxAlertSilenceMs: 100, rollbackStreakThreshold: 0, alertCooldownMs: 200 },
      alertStateStore: new InMemoryDrillAlertStateStore(),
      alertSink: new InMemoryAlertSink(),
    });
    await expect(run).rejects.toThrow('rollback_streak_threshold must be positive');
  });
});

describe.each(PROFILES)('spec C §12 orchestrations (%s)', (profile) => {
  it('example 5: prune, offload by age, drill on the hot tier, critical alert', async () => {
    const w = await example5World([rec(W, A, 700), rec(W, A, 900, 'emergency', 3)], { rollbackStreak: 3, lastLevel: 'emergency', lastLevelUpdatedAtMs: null }, profile);
    const r = await runTieredOffloadWithDrillAndAlert(w.options);
    expect([r.pruneReport.before, r.pruneReport.after]).toEqual(profile === 'original' ? [2, 2] : [1, 1]);
    expect(r.offloadReport.offloaded).toBe(1);
    expect(at(await w.hotStore.list(W, A))).toEqual([900]);
    expect(at(await w.coldStore.list(W, A))).toEqual([700]);
    expect(r.drillRunReport.drillExecuted).toBe(true);
    expect(at(r.drillRunReport.drillReport!.recentAudits)).toEqual([900]);
    expect(r.drillRunReport.drillReport!.hasEmergencyHistory).toBe(true);
    expect(w.alertSink.list()).toHaveLength(1);
    expect(w.alertSink.list()[0]).toMatchObject({ severity: 'critical', drained: 1, diverged: 3, rejected: 1 });
  });

  it('example 11: the event-bus run publishes one emitted, critical event at 1000', async () => {
    const w = await example5World([rec(W, A, 900, 'emergency', 3)], { rollbackStreak: 3, lastLevel: 'emergency', lastLevelUpdatedAtMs: null }, profile);
    const r = await runTieredOffloadWithDrillAlertAndEventBus({ ...w.options, eventBus: w.eventBus });
    expect(r.runReport.offloadReport.offloaded).toBe(0);
    expect(r.runReport.drillRunReport.drillExecuted).toBe(true);
    expect(r.runReport.drillAlertReport.alertEmitted).toBe(true);
    expect(r.alertEvent).toMatchObject({ outcome: 'emitted', severity: 'critical', eventAtMs: 1000 });
    const listed = await w.eventBus.list(W, A);
    expect(listed.map((e) => e.outcome)).toEqual(['emitted']);
  });
});

describe('spec C §12 aggregate audit query', () => {
  async function data() {
    const hotStore = new InMemoryGovernanceAuditRetentionStore();
    const coldStore = new InMemoryGovernanceAuditRetentionStore();
    await hotStore.replace(W, A, [rec(W, A, 700, 'normal'), rec(W, A, 980, 'emergency')]);
    await hotStore.replace(W, B, [rec(W, B, 960, 'stable')]);
    await coldStore.replace(W, A, [rec(W, A, 940, 'emergency')]);
    await coldStore.replace(W, B, [rec(W, B, 910, 'normal')]);
    return { hotStore, coldStore };
  }

  it('example 8: filters by time and level, newest first, counts what it scanned', async () => {
    const policy = { includeHot: true, includeCold: true, maxRecords: 10, minAuditedAtMs: 930, levels: ['stable', 'emergency'] as const };
    const r = await queryAuditArchiveAggregated({ ...(await data()), worldId: W, nodeIds: [A, B], policy: { ...policy, levels: [...policy.levels] } });
    expect([r.worldId, r.queriedNodeCount, r.scannedHot, r.scannedCold, r.returned]).toEqual([W, 2, 3, 2, 3]);
    expect(r.records.map((x) => `${x.nodeId}@${x.audit.auditedAtMs}:${x.tier}`)).toEqual([`${A}@980:hot`, `${B}@960:hot`, `${A}@940:cold`]);
  });

  it('example 9: include_hot = include_cold = false is rejected', () => {
    expect(() =>
      validateAuditAggregateQueryPolicy({ includeHot: false, includeCold: false, maxRecords: 1, minAuditedAtMs: null, levels: [] }),
    ).toThrow('requires include_hot or include_cold');
  });

  it('example 34: equal times tie-break by node, then hot before cold', async () => {
    const hotStore = new InMemoryGovernanceAuditRetentionStore();
    const coldStore = new InMemoryGovernanceAuditRetentionStore();
    await hotStore.replace(W, B, [rec(W, B, 500)]);
    await coldStore.replace(W, A, [rec(W, A, 500)]);
    await hotStore.replace(W, A, [rec(W, A, 500)]);
    const policy = { includeHot: true, includeCold: true, maxRecords: 10, minAuditedAtMs: null, levels: [] };
    const r = await queryAuditArchiveAggregated({ hotStore, coldStore, worldId: W, nodeIds: [B, A], policy });
    expect(r.records.map((x) => `${x.nodeId}:${x.tier}`)).toEqual([`${A}:hot`, `${A}:cold`, `${B}:hot`]);
  });
});

describe('spec C §12 derived offload example', () => {
  it('example 33: age and capacity selections share the rate limit by list position', () => {
    const plan = planTieredOffload([0, 990, 995, 999].map((t) => rec(W, A, t)), 1000, { hotMaxRecords: 1, offloadMinAgeMs: 500, maxOffloadRecords: 2 });
    expect([plan.offloadedByAge, plan.offloadedByCapacity, plan.keptDueToRateLimit]).toEqual([1, 1, 1]);
    expect(at(plan.hotRecordsAfter)).toEqual([995, 999]);
    expect(at(plan.offloadedRecords)).toEqual([0, 990]);
  });
});

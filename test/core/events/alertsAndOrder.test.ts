// Spec C §0.3–§0.4 string order and §2.5–§2.8 drill alerts beyond the worked examples: code-point
// order of strings and optional strings, the drill alert policy's defaults and messages, the exact
// alert and run reports, and the hardened run's ordering (schedule committed last, one event per run).
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../core/common/errors';
import type { DrillScheduledRunReport } from '../../../core/governance/schedule/drillSchedule';
import { InMemoryAlertSink } from '../../../core/replay/alerts/sinks';
import {
  buildDrillAlert,
  defaultDrillAlertPolicy,
  evaluateDrillAlertReasons,
  validateDrillAlertPolicy,
} from '../../../core/events/alerts/drillAlertPolicy';
import { InMemoryDrillAlertStateStore } from '../../../core/events/alerts/drillAlertStateStore';
import { emitDrillAlertIfNeeded } from '../../../core/events/alerts/emitDrillAlert';
import { runTieredOffloadWithDrillAlertAndEventBus, runTieredOffloadWithDrillAndAlert } from '../../../core/events/alerts/orchestration';
import { cmpOptStr, cmpStr } from '../../../core/events/common/order';
import { A, rec, scheduledDrillRun, W } from './support/fixtures';
import { example5World } from './support/world';

describe('string order is code-point order (Rust str order)', () => {
  it.each([
    ['a', 'b', -1],
    ['b', 'a', 1],
    ['ab', 'abc', -1],
    ['abc', 'ab', 1],
    ['', 'a', -1],
    ['same', 'same', 0],
    ['\uE000', '\u{10000}', -1], // BMP private use before an astral character, unlike UTF-16 unit order
    ['\u{10000}', '\uFFFF', 1],
    ['\uFFFF', '\u{10000}', -1],
    ['\uDFFF', '\uFFFF', 1], // a lone low surrogate still sorts with the surrogates, after the BMP
    ['\uE000', '\uE001', -1],
    ['\uE001', '\uE000', 1],
    ['\uD7FF', '\uE000', -1],
  ])('cmpStr(%j, %j) = %i', (a, b, expected) => {
    expect(cmpStr(a, b)).toBe(expected);
  });

  it('None sorts before every Some, Somes by code point', () => {
    expect(cmpOptStr(null, null)).toBe(0);
    expect(cmpOptStr(null, '')).toBe(-1);
    expect(cmpOptStr('', null)).toBe(1);
    expect(cmpOptStr('b', 'a')).toBe(1);
    expect(cmpOptStr('a', 'b')).toBe(-1);
  });
});

const DRILL_ALERT = 'membership revocation rollback governance recovery drill alert policy';

describe('drill alert policy', () => {
  it('defaults to silence 900_000, streak 3, cooldown 300_000', () => {
    expect(defaultDrillAlertPolicy()).toEqual({ maxAlertSilenceMs: 900_000, rollbackStreakThreshold: 3, alertCooldownMs: 300_000 });
  });

  it.each([
    [{ maxAlertSilenceMs: 0 }, `${DRILL_ALERT} max_alert_silence_ms must be positive, got 0`],
    [{ maxAlertSilenceMs: Number.NaN }, `${DRILL_ALERT} max_alert_silence_ms must be positive, got NaN`],
    [{ alertCooldownMs: 0 }, `${DRILL_ALERT} alert_cooldown_ms must be positive, got 0`],
    [{ alertCooldownMs: -1 }, `${DRILL_ALERT} alert_cooldown_ms must be positive, got -1`],
  ])('rejects %o', (bad, message) => {
    expect(() => validateDrillAlertPolicy({ ...defaultDrillAlertPolicy(), ...bad })).toThrow(new ValidationError(message));
  });

  it('accepts the smallest positive values', () => {
    expect(() => validateDrillAlertPolicy({ maxAlertSilenceMs: 1, rollbackStreakThreshold: 1, alertCooldownMs: 1 })).not.toThrow();
  });
});

const drillReport = (over: { lastAlertAtMs?: number | null; streak?: number; emergency?: boolean } = {}) => ({
  worldId: W,
  nodeId: A,
  drillAtMs: 1000,
  alertState: { lastAlertAtMs: over.lastAlertAtMs ?? null },
  governanceState: { rollbackStreak: over.streak ?? 0, lastLevel: 'normal' as const, lastLevelUpdatedAtMs: null },
  recentAudits: [rec(W, A, 900), rec(W, A, 950)],
  hasEmergencyHistory: over.emergency ?? false,
});

describe('drill alert reasons and alert', () => {
  const policy = { maxAlertSilenceMs: 100, rollbackStreakThreshold: 2, alertCooldownMs: 50 };

  it('a rollback alert never sent is a silence anomaly, however early', () => {
    expect(evaluateDrillAlertReasons(drillReport(), 5, policy)).toEqual(['alert_state_silence_exceeded']);
    expect(evaluateDrillAlertReasons(drillReport({ lastAlertAtMs: 0 }), 5, policy)).toEqual([]);
  });

  it('without emergency history the alert is a warning with the spec message and counts', () => {
    const alert = buildDrillAlert({ worldId: W, nodeId: A }, 1000, drillReport({ streak: 4 }), ['rollback_streak_threshold_exceeded', 'x']);
    expect(alert).toEqual({
      worldId: W,
      nodeId: A,
      detectedAtMs: 1000,
      severity: 'warn',
      code: 'rollback_governance_recovery_drill_anomaly',
      message: 'membership revocation rollback governance recovery drill detected anomalies: rollback_streak_threshold_exceeded,x',
      drained: 2,
      diverged: 4,
      rejected: 0,
    });
  });
});

const scheduled = (over: Partial<DrillScheduledRunReport>): DrillScheduledRunReport => scheduledDrillRun(drillReport({ lastAlertAtMs: 990 }), over);

describe('emitDrillAlertIfNeeded reports', () => {
  const run = (drillRunReport: DrillScheduledRunReport) => {
    const sink = new InMemoryAlertSink();
    const result = emitDrillAlertIfNeeded({
      worldId: ' w1',
      nodeId: 'node-a ',
      evaluatedAtMs: 1000,
      drillRunReport,
      policy: { maxAlertSilenceMs: 100, rollbackStreakThreshold: 2, alertCooldownMs: 50 },
      alertStateStore: new InMemoryDrillAlertStateStore(),
      alertSink: sink,
    });
    return { sink, result };
  };
  const quiet = { worldId: W, nodeId: A, evaluatedAtMs: 1000, anomalyDetected: false, alertEmitted: false, cooldownBlocked: false, reasons: [] };

  it('no drill: a quiet report with drill_executed false', async () => {
    const { sink, result } = run(scheduled({ drillDue: false, drillExecuted: false, drillReport: null }));
    expect(await result).toEqual({ ...quiet, drillExecuted: false });
    expect(sink.list()).toEqual([]);
  });

  it('a drill without anomalies: a quiet report with drill_executed true and no alert', async () => {
    const { sink, result } = run(scheduled({}));
    expect(await result).toEqual({ ...quiet, drillExecuted: true });
    expect(sink.list()).toEqual([]);
  });

  it('drill_executed without a drill report is a validation error', async () => {
    const { result } = run(scheduled({ drillReport: null }));
    await expect(result).rejects.toThrow(
      new ValidationError('membership revocation rollback governance recovery drill alert requires drill_report when drill_executed is true'),
    );
  });
});

describe('hardened orchestration', () => {
  const governance = { rollbackStreak: 3, lastLevel: 'emergency' as const, lastLevelUpdatedAtMs: null };

  it('commits the drill schedule when the drill ran, and a later run that is not due leaves it', async () => {
    const w = await example5World([rec(W, A, 900, 'emergency', 3)], governance, 'hardened');
    await runTieredOffloadWithDrillAndAlert(w.options);
    expect(await w.options.drillScheduleStateStore.loadState(W, A)).toEqual({ lastDrillAtMs: 1000 });
    const notDue = await runTieredOffloadWithDrillAndAlert({ ...w.options, scheduledAtMs: 1050 });
    expect(notDue.drillRunReport.drillExecuted).toBe(false);
    expect(await w.options.drillScheduleStateStore.loadState(W, A)).toEqual({ lastDrillAtMs: 1000 });
  });

  it('a drill schedule from the future (a clock that went back) is pulled back to now and committed', async () => {
    const w = await example5World([rec(W, A, 900, 'emergency', 3)], governance, 'hardened');
    await w.options.drillScheduleStateStore.saveState(W, A, { lastDrillAtMs: 5000 });
    const r = await runTieredOffloadWithDrillAndAlert(w.options);
    expect([r.drillRunReport.drillExecuted, r.drillRunReport.nextDueAtMs]).toEqual([false, 1100]);
    expect(await w.options.drillScheduleStateStore.loadState(W, A)).toEqual({ lastDrillAtMs: 1000 });
  });

  it('publishes exactly one event per run: emitted, then suppressed by the cooldown', async () => {
    const w = await example5World([rec(W, A, 900, 'emergency', 3)], governance, 'hardened');
    await runTieredOffloadWithDrillAlertAndEventBus({ ...w.options, eventBus: w.eventBus });
    const second = await runTieredOffloadWithDrillAlertAndEventBus({ ...w.options, scheduledAtMs: 1100, eventBus: w.eventBus });
    expect(second.alertEvent.outcome).toBe('suppressed_cooldown');
    expect((await w.eventBus.list(W, A)).map((e) => `${e.eventAtMs}:${e.outcome}:${e.severity}`)).toEqual([
      '1000:emitted:critical',
      '1100:suppressed_cooldown:critical',
    ]);
    expect(w.alertSink.list()).toHaveLength(1);
  });

  it.each([
    ['a bad retention policy', { retentionPolicy: { maxRecords: 0, maxAgeMs: 10 } }, 'max_records must be positive'],
    ['a bad drill alert policy', { drillAlertPolicy: { maxAlertSilenceMs: 0, rollbackStreakThreshold: 1, alertCooldownMs: 1 } }, 'max_alert_silence_ms must be positive'],
    ['no tiering', { tiering: undefined }, 'hardened tiered offload requires tiering (offload intents and lock)'],
  ])('refuses %s before writing anything', async (_name, over, message) => {
    const w = await example5World([rec(W, A, 700), rec(W, A, 900, 'emergency', 3)], governance, 'hardened');
    await expect(runTieredOffloadWithDrillAndAlert({ ...w.options, ...over })).rejects.toThrow(message);
    expect((await w.hotStore.list(W, A)).map((r) => r.auditedAtMs)).toEqual([700, 900]);
    expect(await w.coldStore.list(W, A)).toEqual([]);
  });

  it('refuses one store as both tiers', async () => {
    const w = await example5World([rec(W, A, 700)], governance, 'hardened');
    await expect(runTieredOffloadWithDrillAndAlert({ ...w.options, coldStore: w.hotStore })).rejects.toThrow(
      'tiered offload hot_store and cold_store must be different stores',
    );
  });
});

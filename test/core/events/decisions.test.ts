// Part C's pure decisions at their edges: code-point order, stable ties, node-list handling, the
// run-report → event mapping, reasons and cooldown boundaries, and the hardened pull's merge.
import { describe, expect, it } from 'vitest';
import { cmpStr } from '../../../core/events/common/order';
import { normalizeNodeList } from '../../../core/events/common/nodeList';
import { alertEventFromRunReport } from '../../../core/events/bus/drillAlertEvent';
import { evaluateDrillAlertReasons, isDrillAlertCooldownBlocked } from '../../../core/events/alerts/drillAlertPolicy';
import { pageEventsNewestFirst } from '../../../core/events/query/pagination';
import { selectEventsSince } from '../../../core/events/query/watermark';
import { assignNodeEventOffsets } from '../../../core/events/query/sequenceCursor';
import { compareSequenceCursor } from '../../../core/events/cursors/sequenceCursorState';
import { pullAfterNodeSequences } from '../../../core/events/hardened/nodeSequenceCursor';
import { withSequence } from '../../../core/events/bus/eventBus';
import { filterCollectedEvents } from '../../../core/events/query/collection';
import type { RecoveryDrillReport } from '../../../core/governance/drill/recoveryDrill';
import { A, B, ev, W } from './support/fixtures';

describe('ordering', () => {
  it('orders strings by code point, not UTF-16 unit (a non-BMP char sorts after U+FFFF)', () => {
    expect(cmpStr('\u{1F600}', '\uFFFF')).toBe(1);
    expect('\u{1F600}' < '\uFFFF').toBe(true); // what raw UTF-16 `<` would say
    expect(cmpStr('node-a', 'node-b')).toBe(-1);
    expect(cmpStr('node', 'node-a')).toBe(-1);
  });

  it('keeps append order for same-node same-millisecond events (stable sorts)', () => {
    const events = [ev(W, A, 1000, 'emitted'), ev(W, A, 1000, 'suppressed_cooldown'), ev(W, B, 1000, 'skipped_no_drill')];
    expect(pageEventsNewestFirst(events, 0, 10).map((e) => e.outcome)).toEqual(['emitted', 'suppressed_cooldown', 'skipped_no_drill']);
    expect(selectEventsSince([...events].reverse(), 999, 10).map((e) => e.outcome)).toEqual(['suppressed_cooldown', 'emitted', 'skipped_no_drill']);
  });

  it('compares cursors by time, then node with null first, then offset', () => {
    const c = (t: number, n: string | null, o: number) => ({ sinceEventAtMs: t, sinceNodeId: n, sinceNodeEventOffset: o });
    expect(compareSequenceCursor(c(1, null, 9), c(1, 'a', 0))).toBe(-1);
    expect(compareSequenceCursor(c(1, null, 5), c(1, null, 0))).toBe(1);
    expect(compareSequenceCursor(c(2, null, 0), c(1, 'z', 9))).toBe(1);
  });
});

describe('node lists and collection', () => {
  it('trims, de-duplicates and sorts node ids', () => {
    expect(normalizeNodeList(' w1 ', [' node-b', 'node-a', 'node-b '], 'q')).toEqual({ worldId: W, nodeIds: [A, B] });
  });

  it('drops rows whose own ids differ from the key before offsets are counted (W-D3)', () => {
    const nodes = { worldId: W, nodeIds: [A] };
    const kept = filterCollectedEvents(nodes, new Map([[A, [ev(W, ' node-a', 1, 'emitted'), ev(W, A, 2, 'emitted')]]]), null, []);
    expect(assignNodeEventOffsets(kept).map((r) => [r.event.eventAtMs, r.nodeEventOffset])).toEqual([[2, 0]]);
  });
});

describe('drill alert decisions', () => {
  const report = (last: number | null, streak: number, level: 'normal' | 'emergency', history: boolean): RecoveryDrillReport => ({
    worldId: W,
    nodeId: A,
    drillAtMs: 0,
    alertState: { lastAlertAtMs: last },
    governanceState: { rollbackStreak: streak, lastLevel: level, lastLevelUpdatedAtMs: null },
    recentAudits: [],
    hasEmergencyHistory: history,
  });
  const policy = { maxAlertSilenceMs: 100, rollbackStreakThreshold: 2, alertCooldownMs: 200 };

  it('silence is strictly greater, the streak threshold inclusive, and last_level emergency counts', () => {
    expect(evaluateDrillAlertReasons(report(900, 1, 'normal', false), 1000, policy)).toEqual([]);
    expect(evaluateDrillAlertReasons(report(899, 2, 'emergency', false), 1000, policy)).toEqual([
      'alert_state_silence_exceeded',
      'rollback_streak_threshold_exceeded',
      'emergency_history_detected',
    ]);
  });

  it('the cooldown blocks strictly below it and when the clock went backwards', () => {
    expect(isDrillAlertCooldownBlocked(1000, 1199, policy)).toBe(true);
    expect(isDrillAlertCooldownBlocked(1000, 1200, policy)).toBe(false);
    expect(isDrillAlertCooldownBlocked(1000, 900, policy)).toBe(true);
    expect(isDrillAlertCooldownBlocked(null, 0, policy)).toBe(false);
  });

  it('maps run reports to outcomes and severities', () => {
    const base = { worldId: W, nodeId: A, drillExecuted: true, anomalyDetected: true, alertEmitted: false, cooldownBlocked: true, reasons: ['x'] };
    expect(alertEventFromRunReport(5, base)).toMatchObject({ outcome: 'suppressed_cooldown', severity: 'warn', eventAtMs: 5 });
    expect(alertEventFromRunReport(5, { ...base, drillExecuted: false })).toMatchObject({ outcome: 'skipped_no_drill' });
    expect(alertEventFromRunReport(5, { ...base, anomalyDetected: false })).toMatchObject({ outcome: 'suppressed_no_anomaly', severity: null });
    expect(alertEventFromRunReport(5, { ...base, alertEmitted: true, reasons: ['emergency_history_detected'] })).toMatchObject({ outcome: 'emitted', severity: 'critical' });
  });
});

describe('hardened node-sequence pull', () => {
  it('merges oldest first but takes each node in sequence order, and passes filtered events', () => {
    const nodes = { worldId: W, nodeIds: [A, B] };
    const lists = new Map([
      [A, withSequence([ev(W, A, 2000, 'emitted'), ev(W, A, 1000, 'emitted')])], // late second event
      [B, withSequence([ev(W, B, 1500, 'skipped_no_drill'), ev(W, B, 1500, 'emitted')])],
    ]);
    const pull = pullAfterNodeSequences({ nodes, lists, positions: new Map(), outcomes: ['emitted'], maxRecords: 2 });
    expect(pull.deliveries.map((d) => `${d.nodeId}#${d.seq}`)).toEqual([`${B}#1`, `${A}#0`]);
    expect([...pull.positions]).toEqual([
      [A, 1],
      [B, 2],
    ]);
  });
});

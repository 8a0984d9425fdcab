// The drill-alert event model (spec C §3.5, §3.7) and its JSON form. In memory the fields are
// camelCase; on disk the keys are the spec's snake_case, in spec order.
import { JsonReader } from '../common/json';
import { parseJson } from '../../common/storeFiles';

export type DrillAlertEventOutcome = 'emitted' | 'suppressed_cooldown' | 'suppressed_no_anomaly' | 'skipped_no_drill';
export type DrillAlertSeverity = 'warn' | 'critical';

export const DRILL_ALERT_EVENT_OUTCOMES: readonly DrillAlertEventOutcome[] = [
  'emitted',
  'suppressed_cooldown',
  'suppressed_no_anomaly',
  'skipped_no_drill',
];

/** An event has no id and no sequence number; its key on the bus is the (world, node) it was published under. */
export interface DrillAlertEvent {
  readonly worldId: string;
  readonly nodeId: string;
  readonly eventAtMs: number;
  readonly outcome: DrillAlertEventOutcome;
  readonly reasons: readonly string[];
  readonly severity: DrillAlertSeverity | null;
}

/** `governance_recovery_drill_alert_event_outcome_label`: the snake_case outcome itself. */
export const outcomeLabel = (outcome: DrillAlertEventOutcome): string => outcome;

/** The fields of a drill-alert run report that an event is derived from. */
export interface DrillAlertOutcomeFields {
  readonly worldId: string;
  readonly nodeId: string;
  readonly drillExecuted: boolean;
  readonly anomalyDetected: boolean;
  readonly alertEmitted: boolean;
  readonly cooldownBlocked: boolean;
  readonly reasons: readonly string[];
}

export const EMERGENCY_HISTORY_REASON = 'emergency_history_detected';

function outcomeOf(report: DrillAlertOutcomeFields): DrillAlertEventOutcome {
  if (!report.drillExecuted) return 'skipped_no_drill';
  if (!report.anomalyDetected) return 'suppressed_no_anomaly';
  if (report.alertEmitted) return 'emitted';
  if (report.cooldownBlocked) return 'suppressed_cooldown';
  return 'suppressed_no_anomaly'; // unreachable in the spec; kept for parity
}

/** `alert_event_from_run_report`: the event time is the caller's argument, not a clock reading. */
export function alertEventFromRunReport(eventAtMs: number, report: DrillAlertOutcomeFields): DrillAlertEvent {
  const severity: DrillAlertSeverity | null = !report.anomalyDetected
    ? null
    : report.reasons.includes(EMERGENCY_HISTORY_REASON)
      ? 'critical'
      : 'warn';
  return {
    worldId: report.worldId,
    nodeId: report.nodeId,
    eventAtMs,
    outcome: outcomeOf(report),
    reasons: [...report.reasons],
    severity,
  };
}

/** Compact JSON, keys in spec order; `reasons` omitted when empty, `severity` when null. */
export function encodeDrillAlertEvent(event: DrillAlertEvent): string {
  const out: Record<string, unknown> = {
    world_id: event.worldId,
    node_id: event.nodeId,
    event_at_ms: event.eventAtMs,
    outcome: event.outcome,
  };
  if (event.reasons.length > 0) out.reasons = [...event.reasons];
  if (event.severity !== null) out.severity = event.severity;
  return JSON.stringify(out);
}

/** Decodes one JSON line; unknown keys are ignored, missing `reasons`/`severity` default. */
export function decodeDrillAlertEvent(line: string, file: string): DrillAlertEvent {
  const r = new JsonReader(file, 'drill alert event');
  const o = r.object(parseJson(line, file));
  const severity = o.severity === undefined || o.severity === null ? null : r.oneOf(o, 'severity', ['warn', 'critical'] as const);
  return {
    worldId: r.string(o, 'world_id'),
    nodeId: r.string(o, 'node_id'),
    eventAtMs: r.i64(o, 'event_at_ms'),
    outcome: r.oneOf(o, 'outcome', DRILL_ALERT_EVENT_OUTCOMES),
    reasons: r.stringArray(o, 'reasons'),
    severity,
  };
}

export const copyDrillAlertEvent = (e: DrillAlertEvent): DrillAlertEvent => ({ ...e, reasons: [...e.reasons] });

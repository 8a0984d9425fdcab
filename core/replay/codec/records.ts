// On-disk JSON of part A's records: snake_case keys in the spec's field order, compact output,
// the spec's read defaults. Encoders return plain objects (JSON.stringify keeps insertion order).
import type {
  DeadLetterRecord,
  DeliveryMetrics,
  DeliveryMetricsLine,
  LeaseState,
  PendingAlert,
  ReplayPolicy,
  ReplayScheduleState,
  RevocationAlert,
} from '../types';
import { FieldReader, type Json } from './fields';

export const encodeAlert = (a: RevocationAlert): Json => ({
  world_id: a.worldId,
  node_id: a.nodeId,
  detected_at_ms: a.detectedAtMs,
  severity: a.severity,
  code: a.code,
  message: a.message,
  drained: a.drained,
  diverged: a.diverged,
  rejected: a.rejected,
});

/** All fields required. */
export function decodeAlert(value: unknown, where: string): RevocationAlert {
  const r = FieldReader.of(value, where);
  return {
    worldId: r.str('world_id'),
    nodeId: r.str('node_id'),
    detectedAtMs: r.int('detected_at_ms'),
    severity: r.oneOf('severity', ['warn', 'critical'] as const),
    code: r.str('code'),
    message: r.str('message'),
    drained: r.count('drained'),
    diverged: r.count('diverged'),
    rejected: r.count('rejected'),
  };
}

/** `last_error` is omitted when null. */
export function encodePending(p: PendingAlert): Json {
  const out: Json = { alert: encodeAlert(p.alert), attempt: p.attempt, next_retry_at_ms: p.nextRetryAtMs };
  if (p.lastError !== null) out.last_error = p.lastError;
  return out;
}

/** `alert` required; `attempt` and `next_retry_at_ms` default to 0, `last_error` to null. */
export function decodePending(value: unknown, where: string): PendingAlert {
  const r = FieldReader.of(value, where);
  return {
    alert: decodeAlert(r.raw('alert'), `${where} (alert)`),
    attempt: r.count('attempt', 0),
    nextRetryAtMs: r.int('next_retry_at_ms', 0),
    lastError: r.optStr('last_error'),
  };
}

export const encodeMetrics = (m: DeliveryMetrics): Json => ({
  attempted: m.attempted,
  succeeded: m.succeeded,
  failed: m.failed,
  deferred: m.deferred,
  buffered: m.buffered,
  dropped_capacity: m.droppedCapacity,
  dropped_retry_limit: m.droppedRetryLimit,
  dead_lettered: m.deadLettered,
});

/** All eight counters are required. */
export function decodeMetrics(value: unknown, where: string): DeliveryMetrics {
  const r = FieldReader.of(value, where);
  return {
    attempted: r.count('attempted'),
    succeeded: r.count('succeeded'),
    failed: r.count('failed'),
    deferred: r.count('deferred'),
    buffered: r.count('buffered'),
    droppedCapacity: r.count('dropped_capacity'),
    droppedRetryLimit: r.count('dropped_retry_limit'),
    deadLettered: r.count('dead_lettered'),
  };
}

export const encodeMetricsLine = (l: DeliveryMetricsLine): Json => ({
  exported_at_ms: l.exportedAtMs,
  metrics: encodeMetrics(l.metrics),
});

export function decodeMetricsLine(value: unknown, where: string): DeliveryMetricsLine {
  const r = FieldReader.of(value, where);
  return { exportedAtMs: r.int('exported_at_ms'), metrics: decodeMetrics(r.raw('metrics'), `${where} (metrics)`) };
}

export const encodeDeadLetter = (d: DeadLetterRecord): Json => ({
  world_id: d.worldId,
  node_id: d.nodeId,
  dropped_at_ms: d.droppedAtMs,
  reason: d.reason,
  pending_alert: encodePending(d.pendingAlert),
});

export function decodeDeadLetter(value: unknown, where: string): DeadLetterRecord {
  const r = FieldReader.of(value, where);
  return {
    worldId: r.str('world_id'),
    nodeId: r.str('node_id'),
    droppedAtMs: r.int('dropped_at_ms'),
    reason: r.oneOf('reason', ['retry_limit_exceeded', 'capacity_evicted'] as const),
    pendingAlert: decodePending(r.raw('pending_alert'), `${where} (pending_alert)`),
  };
}

export const encodeLease = (l: LeaseState): Json => ({ holder_node_id: l.holderNodeId, expires_at_ms: l.expiresAtMs });

export function decodeLease(value: unknown, where: string): LeaseState {
  const r = FieldReader.of(value, where);
  return { holderNodeId: r.str('holder_node_id'), expiresAtMs: r.int('expires_at_ms') };
}

/** `last_replay_at_ms` is omitted when null. */
export function encodeReplayState(s: ReplayScheduleState): Json {
  const out: Json = {};
  if (s.lastReplayAtMs !== null) out.last_replay_at_ms = s.lastReplayAtMs;
  out.prefer_capacity_evicted = s.preferCapacityEvicted;
  return out;
}

export function decodeReplayState(value: unknown, where: string): ReplayScheduleState {
  const r = FieldReader.of(value, where);
  return { lastReplayAtMs: r.optInt('last_replay_at_ms'), preferCapacityEvicted: r.bool('prefer_capacity_evicted', false) };
}

export const encodeReplayPolicy = (p: ReplayPolicy): Json => ({
  max_replay_per_run: p.maxReplayPerRun,
  max_retry_limit_exceeded_streak: p.maxRetryLimitExceededStreak,
});

/** Both keys required. */
export function decodeReplayPolicy(value: unknown, where: string): ReplayPolicy {
  const r = FieldReader.of(value, where);
  return { maxReplayPerRun: r.count('max_replay_per_run'), maxRetryLimitExceededStreak: r.count('max_retry_limit_exceeded_streak') };
}

/** Compact JSON text of an encoded value. */
export const toJsonText = (value: unknown): string => JSON.stringify(value);

// Builders of the spec's test notation (A §13): DL(reason, attempt, dropped_at) is a dead letter
// whose alert has detected_at_ms = dropped_at; FailOnce and AlwaysFail sinks.
import { IoError } from '../../../../core/common/errors';
import type {
  AlertSink,
  DeadLetterReason,
  DeadLetterRecord,
  DeliveryMetrics,
  PendingAlert,
  RevocationAlert,
} from '../../../../core/replay/types';
import { ZERO_DELIVERY_METRICS } from '../../../../core/replay/types';

export function alertAt(detectedAtMs: number, worldId = 'w1', nodeId = 'node-a', code = 'reconcile_diverged'): RevocationAlert {
  return {
    worldId,
    nodeId,
    detectedAtMs,
    severity: code === 'reconcile_rejected' ? 'critical' : 'warn',
    code,
    message: `membership revocation reconcile diverged on 1 checkpoint(s)`,
    drained: 1,
    diverged: 1,
    rejected: 0,
  };
}

export const pendingOf = (alert: RevocationAlert, attempt = 0, nextRetryAtMs = 0, lastError: string | null = null): PendingAlert => ({
  alert,
  attempt,
  nextRetryAtMs,
  lastError,
});

export const R: DeadLetterReason = 'retry_limit_exceeded';
export const C: DeadLetterReason = 'capacity_evicted';

export function DL(reason: DeadLetterReason, attempt: number, droppedAtMs: number, worldId = 'w1', nodeId = 'node-a'): DeadLetterRecord {
  return { worldId, nodeId, droppedAtMs, reason, pendingAlert: pendingOf(alertAt(droppedAtMs, worldId, nodeId), attempt, droppedAtMs) };
}

export const detected = (items: readonly PendingAlert[]): number[] => items.map((p) => p.alert.detectedAtMs);

/** Records every alert it is asked to emit; `fail(n)` decides whether the n-th call (0-based) fails. */
export class ScriptedSink implements AlertSink {
  readonly attempts: RevocationAlert[] = [];
  readonly delivered: RevocationAlert[] = [];
  constructor(private readonly fail: (n: number, alert: RevocationAlert) => boolean) {}
  async emit(alert: RevocationAlert): Promise<void> {
    const n = this.attempts.length;
    this.attempts.push(alert);
    if (this.fail(n, alert)) throw new IoError('simulated alert sink failure');
    this.delivered.push(alert);
  }
}

export const failOnce = (): ScriptedSink => new ScriptedSink((n) => n === 0);
export const alwaysFail = (): ScriptedSink => new ScriptedSink(() => true);
export const neverFail = (): ScriptedSink => new ScriptedSink(() => false);

export const metrics = (m: Partial<DeliveryMetrics>): DeliveryMetrics => ({ ...ZERO_DELIVERY_METRICS, ...m });

/** A metrics line with `n` attempted and succeeded ("n ok"). */
export const okLine = (exportedAtMs: number, n: number) => ({ exportedAtMs, metrics: metrics({ attempted: n, succeeded: n }) });

/** A Clock whose time the test sets. */
export class ManualClock {
  constructor(public now = 0) {}
  nowMs(): number {
    return this.now;
  }
}

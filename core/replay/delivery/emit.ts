// Delivery with recovery, ACK retry and dead letters (spec A §6). The decisions per item are pure
// (`classifyPending`, `splitOverCapacity`); the orchestration interleaves sink calls and archive
// writes in processing order and saves the queue last, through a `PipelineWriter`.
import { normalizeKey, type ScheduleKey } from '../../common/ids';
import { satAdd } from '../../common/saturating';
import {
  LEGACY_ACK_RETRY_POLICY,
  type AckRetryPolicy,
  type AlertSink,
  type DeadLetterReason,
  type DeadLetterRecord,
  type DeadLetterStore,
  type DeliveryMetrics,
  type PendingAlert,
  type RecoveryReport,
  type RecoveryStore,
  type RevocationAlert,
} from '../types';
import { validateAckRetryPolicy } from '../validation';
import { directPipelineWriter, type EmitWrites, type PipelineWriter } from '../writer';
import { NoopDeadLetterStore } from '../stores/memory';
import { newPendingAlert, renderSinkError, withRetryFailure } from './pending';

/** What step 3 of §6 does with one queued item, before any send. */
export type PendingDecision = 'dead_letter' | 'defer' | 'hold' | 'send';

/** Rules 3.1–3.4 in order; `transportFailed` is set by an earlier failure in the same run. */
export function classifyPending(item: PendingAlert, nowMs: number, policy: AckRetryPolicy, transportFailed: boolean): PendingDecision {
  if (item.attempt >= policy.maxRetryAttempts) return 'dead_letter';
  if (item.nextRetryAtMs > nowMs) return 'defer';
  if (transportFailed) return 'hold';
  return 'send';
}

/** Step 5: keep the first `maxPendingAlerts`, evict the tail (the newest). */
export function splitOverCapacity<T>(buffered: readonly T[], maxPendingAlerts: number): { kept: T[]; evicted: T[] } {
  return { kept: buffered.slice(0, maxPendingAlerts), evicted: buffered.slice(maxPendingAlerts) };
}

type Counters = { -readonly [K in keyof DeliveryMetrics]: DeliveryMetrics[K] } & { recovered: number; emittedNew: number };

export interface EmitWithRecoveryInput {
  readonly worldId: string;
  readonly nodeId: string;
  readonly nowMs: number;
  readonly sink: AlertSink;
  readonly recoveryStore: RecoveryStore;
  readonly newAlerts: readonly RevocationAlert[];
  readonly policy: AckRetryPolicy;
  readonly deadLetterStore: DeadLetterStore;
  /** How the dead-letter appends and the queue save reach the stores; default: directly (spec). */
  readonly writer?: PipelineWriter;
}

/** `emit_revocation_reconcile_alerts_with_recovery_and_ack_retry_with_dead_letter`. */
export async function emitWithRecovery(input: EmitWithRecoveryInput): Promise<RecoveryReport> {
  const { nowMs, policy, sink } = input;
  validateAckRetryPolicy(policy);
  const key = normalizeKey(input.worldId, input.nodeId);
  const writer = input.writer ?? directPipelineWriter(input.recoveryStore, input.deadLetterStore);
  const pending = await input.recoveryStore.loadPending(key.worldId, key.nodeId);
  const writes = writer.openEmit(key);
  const c: Counters = { ...zeroCounters() };
  const buffered: PendingAlert[] = [];
  let transportFailed = false;
  const archive = (reason: DeadLetterReason, item: PendingAlert): Promise<void> =>
    archiveInto(writes, key, nowMs, reason, item, c);
  const attempt = async (item: PendingAlert, onSuccess: () => void): Promise<void> => {
    c.attempted = satAdd(c.attempted, 1);
    try {
      await sink.emit(item.alert);
    } catch (error) {
      transportFailed = true;
      c.failed = satAdd(c.failed, 1);
      const failedItem = withRetryFailure(item, nowMs, policy.retryBackoffMs, renderSinkError(error));
      if (failedItem.attempt >= policy.maxRetryAttempts) {
        c.droppedRetryLimit = satAdd(c.droppedRetryLimit, 1);
        await archive('retry_limit_exceeded', failedItem);
      } else buffered.push(failedItem);
      return;
    }
    c.succeeded = satAdd(c.succeeded, 1);
    onSuccess();
  };
  for (const item of pending) {
    const decision = classifyPending(item, nowMs, policy, transportFailed);
    if (decision === 'dead_letter') {
      c.droppedRetryLimit = satAdd(c.droppedRetryLimit, 1);
      await archive('retry_limit_exceeded', item);
    } else if (decision === 'defer') {
      c.deferred = satAdd(c.deferred, 1);
      buffered.push(item);
    } else if (decision === 'hold') buffered.push(item);
    else await attempt(item, () => void (c.recovered = satAdd(c.recovered, 1)));
  }
  for (const alert of input.newAlerts) {
    const item = newPendingAlert(alert, nowMs);
    if (transportFailed) buffered.push(item);
    else await attempt(item, () => void (c.emittedNew = satAdd(c.emittedNew, 1)));
  }
  const { kept, evicted } = splitOverCapacity(buffered, policy.maxPendingAlerts);
  c.droppedCapacity = evicted.length;
  for (const item of evicted) await archive('capacity_evicted', item);
  c.buffered = kept.length;
  await writes.finish(kept);
  return toReport(c);
}

function zeroCounters(): Counters {
  return {
    attempted: 0, succeeded: 0, failed: 0, deferred: 0, buffered: 0,
    droppedCapacity: 0, droppedRetryLimit: 0, deadLettered: 0, recovered: 0, emittedNew: 0,
  };
}

function toReport(c: Counters): RecoveryReport {
  return {
    recovered: c.recovered,
    emittedNew: c.emittedNew,
    buffered: c.buffered,
    deferred: c.deferred,
    droppedCapacity: c.droppedCapacity,
    droppedRetryLimit: c.droppedRetryLimit,
    deliveryMetrics: {
      attempted: c.attempted,
      succeeded: c.succeeded,
      failed: c.failed,
      deferred: c.deferred,
      buffered: c.buffered,
      droppedCapacity: c.droppedCapacity,
      droppedRetryLimit: c.droppedRetryLimit,
      deadLettered: c.deadLettered,
    },
  };
}

/** The record `archive_dead_letter` appends. */
export const deadLetterRecord = (key: ScheduleKey, nowMs: number, reason: DeadLetterReason, item: PendingAlert): DeadLetterRecord => ({
  worldId: key.worldId,
  nodeId: key.nodeId,
  droppedAtMs: nowMs,
  reason,
  pendingAlert: item,
});

async function archiveInto(
  writes: EmitWrites,
  key: ScheduleKey,
  nowMs: number,
  reason: DeadLetterReason,
  item: PendingAlert,
  c: Counters,
): Promise<void> {
  await writes.archive(deadLetterRecord(key, nowMs, reason, item));
  c.deadLettered = satAdd(c.deadLettered, 1);
}

/**
 * `archive_dead_letter`: append the record; only if that succeeds, count it (also for the no-op
 * store). Returns the updated metrics.
 */
export async function archiveDeadLetter(
  store: DeadLetterStore,
  worldId: string,
  nodeId: string,
  nowMs: number,
  reason: DeadLetterReason,
  item: PendingAlert,
  metrics: DeliveryMetrics,
): Promise<DeliveryMetrics> {
  await store.append({ worldId, nodeId, droppedAtMs: nowMs, reason, pendingAlert: item });
  return { ...metrics, deadLettered: satAdd(metrics.deadLettered, 1) };
}

/** `emit_revocation_reconcile_alerts_with_recovery`: now 0, legacy policy, no-op dead letters. */
export function emitWithRecoveryLegacy(
  worldId: string,
  nodeId: string,
  sink: AlertSink,
  recoveryStore: RecoveryStore,
  newAlerts: readonly RevocationAlert[],
): Promise<RecoveryReport> {
  return emitWithRecovery({
    worldId, nodeId, nowMs: 0, sink, recoveryStore, newAlerts,
    policy: LEGACY_ACK_RETRY_POLICY, deadLetterStore: new NoopDeadLetterStore(),
  });
}

/** `..._with_recovery_and_ack_retry`: the no-op dead-letter store. */
export function emitWithRecoveryAndAckRetry(
  input: Omit<EmitWithRecoveryInput, 'deadLetterStore' | 'writer'>,
): Promise<RecoveryReport> {
  return emitWithRecovery({ ...input, deadLetterStore: new NoopDeadLetterStore() });
}

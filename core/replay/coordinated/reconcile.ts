// Coordinated reconcile run with recovery (spec A §7.1): lease key = world alone; schedule state
// saved before any delivery; dedup only when a report was produced; delivery through §6; always
// release. The reconcile schedule itself belongs to another spec and is injected.
import { ValidationError } from '../../common/errors';
import { normalizeKey, pairKey } from '../../common/ids';
import { dedupAlerts, evaluateReconcileAlerts } from '../alerts/evaluate';
import { emitWithRecovery } from '../delivery/emit';
import { withLease } from '../leases/withLease';
import {
  LEGACY_ACK_RETRY_POLICY,
  ZERO_DELIVERY_METRICS,
  type AckRetryPolicy,
  type AlertDedupPolicy,
  type AlertDedupState,
  type AlertPolicy,
  type AlertSink,
  type DeadLetterStore,
  type DeliveryMetrics,
  type ReconcileReport,
  type RecoveryStore,
  type ScheduleCoordinator,
} from '../types';
import type { PipelineWriter } from '../writer';
import { NoopDeadLetterStore } from '../stores/memory';

/** Persists the reconcile schedule's state (opaque to part A). */
export interface ReconcileScheduleStore<S> {
  load(worldId: string, nodeId: string): Promise<S>;
  save(worldId: string, nodeId: string, state: S): Promise<void>;
}

/**
 * One step of the reconcile schedule: validates its policy, publishes and/or reconciles when due
 * (destructively draining its subscription) and returns the new state and a report if it reconciled.
 */
export type ReconcileStep<S> = (state: S, nowMs: number) => Promise<{ state: S; report: ReconcileReport | null }>;

export class InMemoryReconcileScheduleStore<S> implements ReconcileScheduleStore<S> {
  private readonly states = new Map<string, S>();
  constructor(private readonly initial: () => S) {}
  async load(worldId: string, nodeId: string): Promise<S> {
    return this.states.get(pairKey(normalizeKey(worldId, nodeId))) ?? this.initial();
  }
  async save(worldId: string, nodeId: string, state: S): Promise<void> {
    this.states.set(pairKey(normalizeKey(worldId, nodeId)), state);
  }
}

export interface CoordinatedReconcileInput<S> {
  readonly worldId: string;
  readonly nodeId: string;
  readonly nowMs: number;
  readonly reconcile: ReconcileStep<S>;
  readonly scheduleStore: ReconcileScheduleStore<S>;
  readonly alertPolicy: AlertPolicy;
  readonly dedupPolicy?: AlertDedupPolicy;
  readonly dedupState?: AlertDedupState;
  readonly sink: AlertSink;
  readonly recoveryStore: RecoveryStore;
  readonly retryPolicy: AckRetryPolicy;
  readonly deadLetterStore: DeadLetterStore;
  readonly coordinator: ScheduleCoordinator;
  readonly leaseTtlMs: number;
  readonly writer?: PipelineWriter;
}

export interface CoordinatedReconcileReport {
  readonly acquired: boolean;
  readonly recoveredAlerts: number;
  readonly emittedAlerts: number;
  readonly bufferedAlerts: number;
  readonly deferredAlerts: number;
  readonly droppedAlertsCapacity: number;
  readonly droppedAlertsRetryLimit: number;
  readonly deliveryMetrics: DeliveryMetrics;
  readonly runReport: ReconcileReport | null;
}

const NOT_ACQUIRED: CoordinatedReconcileReport = Object.freeze({
  acquired: false, recoveredAlerts: 0, emittedAlerts: 0, bufferedAlerts: 0, deferredAlerts: 0,
  droppedAlertsCapacity: 0, droppedAlertsRetryLimit: 0, deliveryMetrics: ZERO_DELIVERY_METRICS, runReport: null,
});

async function reconcileBody<S>(input: CoordinatedReconcileInput<S>): Promise<CoordinatedReconcileReport> {
  const { worldId, nodeId, nowMs } = input;
  const before = await input.scheduleStore.load(worldId, nodeId);
  const { state, report } = await input.reconcile(before, nowMs);
  await input.scheduleStore.save(worldId, nodeId, state);
  let alerts = report ? evaluateReconcileAlerts(worldId, nodeId, nowMs, report, input.alertPolicy) : [];
  if (report && input.dedupPolicy) {
    if (!input.dedupState) throw new ValidationError('dedup_state is required when dedup_policy is configured');
    alerts = dedupAlerts(alerts, nowMs, input.dedupPolicy, input.dedupState);
  }
  const r = await emitWithRecovery({
    worldId, nodeId, nowMs, sink: input.sink, recoveryStore: input.recoveryStore, newAlerts: alerts,
    policy: input.retryPolicy, deadLetterStore: input.deadLetterStore, writer: input.writer,
  });
  return {
    acquired: true,
    recoveredAlerts: r.recovered,
    emittedAlerts: r.emittedNew,
    bufferedAlerts: r.buffered,
    deferredAlerts: r.deferred,
    droppedAlertsCapacity: r.droppedCapacity,
    droppedAlertsRetryLimit: r.droppedRetryLimit,
    deliveryMetrics: r.deliveryMetrics,
    runReport: report,
  };
}

/** `run_revocation_reconcile_coordinated_with_recovery_and_ack_retry_with_dead_letter`. */
export async function runCoordinatedReconcileWithRecovery<S>(input: CoordinatedReconcileInput<S>): Promise<CoordinatedReconcileReport> {
  const outcome = await withLease(input.coordinator, input.worldId, input.nodeId, input.nowMs, input.leaseTtlMs, () =>
    reconcileBody(input),
  );
  return outcome.acquired ? outcome.value : NOT_ACQUIRED;
}

/** `export_revocation_alert_delivery_metrics`: normalise, then append one metrics line. */
export async function exportDeliveryMetrics(
  worldId: string,
  nodeId: string,
  nowMs: number,
  metrics: DeliveryMetrics,
  store: DeadLetterStore,
): Promise<void> {
  const key = normalizeKey(worldId, nodeId);
  await store.appendDeliveryMetrics(key.worldId, key.nodeId, nowMs, metrics);
}

/** `..._and_metrics_export`: the export runs after the release, only when acquired. */
export async function runCoordinatedReconcileWithRecoveryAndExport<S>(
  input: CoordinatedReconcileInput<S>,
): Promise<CoordinatedReconcileReport> {
  const report = await runCoordinatedReconcileWithRecovery(input);
  if (report.acquired) await exportDeliveryMetrics(input.worldId, input.nodeId, input.nowMs, report.deliveryMetrics, input.deadLetterStore);
  return report;
}

/** `run_revocation_reconcile_coordinated_with_recovery`: legacy policy, no-op dead letters. */
export function runCoordinatedReconcileLegacy<S>(
  input: Omit<CoordinatedReconcileInput<S>, 'retryPolicy' | 'deadLetterStore' | 'writer'>,
): Promise<CoordinatedReconcileReport> {
  return runCoordinatedReconcileWithRecovery({ ...input, retryPolicy: LEGACY_ACK_RETRY_POLICY, deadLetterStore: new NoopDeadLetterStore() });
}

/** `..._with_recovery_and_ack_retry`: the no-op dead-letter store. */
export function runCoordinatedReconcileWithAckRetry<S>(
  input: Omit<CoordinatedReconcileInput<S>, 'deadLetterStore' | 'writer'>,
): Promise<CoordinatedReconcileReport> {
  return runCoordinatedReconcileWithRecovery({ ...input, deadLetterStore: new NoopDeadLetterStore() });
}

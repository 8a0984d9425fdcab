// Data types and store interfaces of spec part A (alerts, delivery, dead letters, leases, replay).
// In memory the fields are camelCase; on disk the codecs (`codec/`) keep the spec's snake_case keys
// and field order. Every count is a usize-like non-negative integer, every time an i64-like integer
// in milliseconds (spec A §0).

/** `MembershipRevocationAlertSeverity`, on disk `"warn"` / `"critical"`. */
export type AlertSeverity = 'warn' | 'critical';

/** `MembershipRevocationAnomalyAlert` (A §2.1). */
export interface RevocationAlert {
  readonly worldId: string;
  readonly nodeId: string;
  readonly detectedAtMs: number;
  readonly severity: AlertSeverity;
  /** `"reconcile_rejected"` or `"reconcile_diverged"`. */
  readonly code: string;
  readonly message: string;
  readonly drained: number;
  readonly diverged: number;
  readonly rejected: number;
}

/** `MembershipRevocationReconcileReport`: produced by the (injected) reconcile schedule. */
export interface ReconcileReport {
  readonly drained: number;
  readonly inSync: number;
  readonly diverged: number;
  readonly merged: number;
  readonly rejected: number;
}

/** `MembershipRevocationAlertPolicy`; a threshold of 0 disables that alert. Default {1, 1}. */
export interface AlertPolicy {
  readonly warnDivergedThreshold: number;
  readonly criticalRejectedThreshold: number;
}

/** `MembershipRevocationAlertDedupPolicy`. Default {60000}. */
export interface AlertDedupPolicy {
  readonly suppressWindowMs: number;
}

/** `MembershipRevocationAlertDedupState`: caller-owned, memory only, mutated by `dedupAlerts`. */
export interface AlertDedupState {
  readonly lastEmittedAtByKey: Map<string, number>;
}

/** `MembershipRevocationAlertSink`: a rejected promise means "not acknowledged". */
export interface AlertSink {
  emit(alert: RevocationAlert): Promise<void>;
}

/** `MembershipRevocationPendingAlert` (A §3). */
export interface PendingAlert {
  readonly alert: RevocationAlert;
  /** Failed delivery attempts so far. */
  readonly attempt: number;
  /** Earliest time a retry is allowed. */
  readonly nextRetryAtMs: number;
  /** Rendering of the last sink error; omitted on disk when null. */
  readonly lastError: string | null;
}

/** `MembershipRevocationAlertAckRetryPolicy`. Default {256, 5, 5000}; legacy {MAX, MAX, 0}. */
export interface AckRetryPolicy {
  readonly maxPendingAlerts: number;
  readonly maxRetryAttempts: number;
  readonly retryBackoffMs: number;
}

/** `MembershipRevocationAlertDeliveryMetrics` (A §4); on disk in this field order. */
export interface DeliveryMetrics {
  readonly attempted: number;
  readonly succeeded: number;
  readonly failed: number;
  readonly deferred: number;
  readonly buffered: number;
  readonly droppedCapacity: number;
  readonly droppedRetryLimit: number;
  readonly deadLettered: number;
}

/** One line of the metrics log: `{"exported_at_ms":N,"metrics":{…}}`. */
export interface DeliveryMetricsLine {
  readonly exportedAtMs: number;
  readonly metrics: DeliveryMetrics;
}

/** `MembershipRevocationAlertDeadLetterReason`. */
export type DeadLetterReason = 'retry_limit_exceeded' | 'capacity_evicted';

/** `MembershipRevocationAlertDeadLetterRecord` (A §5); `pendingAlert` is stored unchanged. */
export interface DeadLetterRecord {
  readonly worldId: string;
  readonly nodeId: string;
  readonly droppedAtMs: number;
  readonly reason: DeadLetterReason;
  readonly pendingAlert: PendingAlert;
}

/** `MembershipRevocationAlertRecoveryReport` (A §6). */
export interface RecoveryReport {
  readonly recovered: number;
  readonly emittedNew: number;
  readonly buffered: number;
  readonly deferred: number;
  readonly droppedCapacity: number;
  readonly droppedRetryLimit: number;
  readonly deliveryMetrics: DeliveryMetrics;
}

/** `MembershipRevocationCoordinatorLeaseState` (A §7); both fields required on disk. */
export interface LeaseState {
  readonly holderNodeId: string;
  readonly expiresAtMs: number;
}

/** `MembershipRevocationDeadLetterReplayScheduleState` (A §9.1). Default {null, false}. */
export interface ReplayScheduleState {
  readonly lastReplayAtMs: number | null;
  readonly preferCapacityEvicted: boolean;
}

/** `MembershipRevocationDeadLetterReplayPolicy` (A §9.1). Default {64, 3}. */
export interface ReplayPolicy {
  readonly maxReplayPerRun: number;
  readonly maxRetryLimitExceededStreak: number;
}

// ---- Store interfaces. Every store normalises the (world, node) key it receives (A §1). ----

/** `MembershipRevocationAlertRecoveryStore` (A §3): the pending (ACK retry) queue. */
export interface RecoveryStore {
  /** A missing entry gives `[]`. */
  loadPending(worldId: string, nodeId: string): Promise<PendingAlert[]>;
  /** Overwrites the queue; an empty list deletes the entry (or file). */
  savePending(worldId: string, nodeId: string, pending: readonly PendingAlert[]): Promise<void>;
}

/** `MembershipRevocationAlertDeadLetterStore` (A §5): dead letters plus the delivery metrics log. */
export interface DeadLetterStore {
  /** Keyed by `normalizeKey(record.worldId, record.nodeId)`; the record is stored as given. */
  append(record: DeadLetterRecord): Promise<void>;
  /** Records in append order; missing gives `[]`. */
  list(worldId: string, nodeId: string): Promise<DeadLetterRecord[]>;
  /** Overwrites the whole list; empty deletes. */
  replace(worldId: string, nodeId: string, records: readonly DeadLetterRecord[]): Promise<void>;
  appendDeliveryMetrics(worldId: string, nodeId: string, exportedAtMs: number, metrics: DeliveryMetrics): Promise<void>;
  /** Lines in append order. */
  listDeliveryMetrics(worldId: string, nodeId: string): Promise<DeliveryMetricsLine[]>;
}

/** `MembershipRevocationDeadLetterReplayStateStore` (A §9.1). */
export interface ReplayStateStore {
  /** A missing entry gives the default state `{null, false}`. */
  loadState(worldId: string, nodeId: string): Promise<ReplayScheduleState>;
  saveState(worldId: string, nodeId: string, state: ReplayScheduleState): Promise<void>;
}

/** `MembershipRevocationCoordinatorStateStore` (A §7): keyed by a lease key (a world id). */
export interface LeaseStore {
  load(key: string): Promise<LeaseState | null>;
  save(key: string, state: LeaseState): Promise<void>;
  clear(key: string): Promise<void>;
}

/** `MembershipRevocationScheduleCoordinator` (A §7). */
export interface ScheduleCoordinator {
  acquire(key: string, nodeId: string, nowMs: number, ttlMs: number): Promise<boolean>;
  release(key: string, nodeId: string): Promise<void>;
}

// ---- Defaults ----

export const DEFAULT_REPLAY_POLICY: ReplayPolicy = Object.freeze({ maxReplayPerRun: 64, maxRetryLimitExceededStreak: 3 });

export const DEFAULT_REPLAY_SCHEDULE_STATE: ReplayScheduleState = Object.freeze({
  lastReplayAtMs: null,
  preferCapacityEvicted: false,
});

export const ZERO_DELIVERY_METRICS: DeliveryMetrics = Object.freeze({
  attempted: 0,
  succeeded: 0,
  failed: 0,
  deferred: 0,
  buffered: 0,
  droppedCapacity: 0,
  droppedRetryLimit: 0,
  deadLettered: 0,
});

export const DEFAULT_ALERT_POLICY: AlertPolicy = Object.freeze({ warnDivergedThreshold: 1, criticalRejectedThreshold: 1 });

export const DEFAULT_DEDUP_POLICY: AlertDedupPolicy = Object.freeze({ suppressWindowMs: 60_000 });

export const DEFAULT_ACK_RETRY_POLICY: AckRetryPolicy = Object.freeze({
  maxPendingAlerts: 256,
  maxRetryAttempts: 5,
  retryBackoffMs: 5000,
});

/** Never evicts for capacity, never hits the retry limit (`usize::MAX` → MAX_SAFE_INTEGER). */
export const LEGACY_ACK_RETRY_POLICY: AckRetryPolicy = Object.freeze({
  maxPendingAlerts: Number.MAX_SAFE_INTEGER,
  maxRetryAttempts: Number.MAX_SAFE_INTEGER,
  retryBackoffMs: 0,
});

export const newDedupState = (): AlertDedupState => ({ lastEmittedAtByKey: new Map() });

// In-memory stores (spec A §3, §5, §7, §9.1): maps keyed by the normalised key. Each call is
// atomic on its own; sequences of calls are not (that is the point of spec §14.1 and §14.5).
import { normalizeKey, normalizeWorldId, pairKey } from '../../common/ids';
import {
  DEFAULT_REPLAY_SCHEDULE_STATE,
  type DeadLetterRecord,
  type DeadLetterStore,
  type DeliveryMetrics,
  type DeliveryMetricsLine,
  type LeaseState,
  type LeaseStore,
  type PendingAlert,
  type RecoveryStore,
  type ReplayScheduleState,
  type ReplayStateStore,
} from '../types';

const keyOf = (worldId: string, nodeId: string): string => pairKey(normalizeKey(worldId, nodeId));

/** Every write succeeds and does nothing; every list is empty. Used by the legacy entry points. */
export class NoopDeadLetterStore implements DeadLetterStore {
  async append(): Promise<void> {}
  async list(): Promise<DeadLetterRecord[]> {
    return [];
  }
  async replace(): Promise<void> {}
  async appendDeliveryMetrics(): Promise<void> {}
  async listDeliveryMetrics(): Promise<DeliveryMetricsLine[]> {
    return [];
  }
}

export class InMemoryDeadLetterStore implements DeadLetterStore {
  private readonly deadLetters = new Map<string, DeadLetterRecord[]>();
  private readonly metrics = new Map<string, DeliveryMetricsLine[]>();

  async append(record: DeadLetterRecord): Promise<void> {
    const k = keyOf(record.worldId, record.nodeId);
    this.deadLetters.set(k, [...(this.deadLetters.get(k) ?? []), record]);
  }

  async list(worldId: string, nodeId: string): Promise<DeadLetterRecord[]> {
    return [...(this.deadLetters.get(keyOf(worldId, nodeId)) ?? [])];
  }

  async replace(worldId: string, nodeId: string, records: readonly DeadLetterRecord[]): Promise<void> {
    const k = keyOf(worldId, nodeId);
    if (records.length === 0) this.deadLetters.delete(k);
    else this.deadLetters.set(k, [...records]);
  }

  async appendDeliveryMetrics(worldId: string, nodeId: string, exportedAtMs: number, metrics: DeliveryMetrics): Promise<void> {
    const k = keyOf(worldId, nodeId);
    this.metrics.set(k, [...(this.metrics.get(k) ?? []), { exportedAtMs, metrics: { ...metrics } }]);
  }

  async listDeliveryMetrics(worldId: string, nodeId: string): Promise<DeliveryMetricsLine[]> {
    return [...(this.metrics.get(keyOf(worldId, nodeId)) ?? [])];
  }
}

export class InMemoryRecoveryStore implements RecoveryStore {
  private readonly queues = new Map<string, PendingAlert[]>();

  async loadPending(worldId: string, nodeId: string): Promise<PendingAlert[]> {
    return [...(this.queues.get(keyOf(worldId, nodeId)) ?? [])];
  }

  async savePending(worldId: string, nodeId: string, pending: readonly PendingAlert[]): Promise<void> {
    const k = keyOf(worldId, nodeId);
    if (pending.length === 0) this.queues.delete(k);
    else this.queues.set(k, [...pending]);
  }
}

export class InMemoryReplayStateStore implements ReplayStateStore {
  private readonly states = new Map<string, ReplayScheduleState>();

  async loadState(worldId: string, nodeId: string): Promise<ReplayScheduleState> {
    return { ...(this.states.get(keyOf(worldId, nodeId)) ?? DEFAULT_REPLAY_SCHEDULE_STATE) };
  }

  async saveState(worldId: string, nodeId: string, state: ReplayScheduleState): Promise<void> {
    this.states.set(keyOf(worldId, nodeId), { lastReplayAtMs: state.lastReplayAtMs, preferCapacityEvicted: state.preferCapacityEvicted });
  }
}

/** The lease store of `StoreBackedScheduleCoordinator`, keyed by a normalised lease key. */
export class InMemoryLeaseStore implements LeaseStore {
  private readonly leases = new Map<string, LeaseState>();

  async load(key: string): Promise<LeaseState | null> {
    const lease = this.leases.get(normalizeWorldId(key));
    return lease ? { ...lease } : null;
  }

  async save(key: string, state: LeaseState): Promise<void> {
    this.leases.set(normalizeWorldId(key), { holderNodeId: state.holderNodeId, expiresAtMs: state.expiresAtMs });
  }

  async clear(key: string): Promise<void> {
    this.leases.delete(normalizeWorldId(key));
  }
}

// Hardened shared storage for one node's stores (spec §14.5, §14.6, §14.7, §14.20). It lives on
// the node that owns the files, next to the FencedLeaseService, and serves workers through
// `HardenedStoragePort` (every write carries the writer's fence). Per world, one mutex orders:
//   reads:  roll forward any intent of the key, then read;
//   writes: check the fence is the world's current grant, roll forward, then write;
//   moves:  write the intent, the writes, then delete the intent (see `hardened/intent.ts`).
// How a replay move recovers: the intent holds the whole new queue, dead-letter list and state.
// If a crash cuts the sequence after the intent is durable, the next read or write of that
// (world, node) — by any worker, before it sees the data — rewrites all three from the intent and
// deletes it. Full-content rewrites are idempotent, so a crash during recovery is recovered again;
// if the intent never became durable, none of the writes happened. So a dead letter is never in
// both stores (no duplicate delivery) and never in neither (no loss).
import { normalizeKey, type ScheduleKey } from '../../common/ids';
import type {
  DeadLetterRecord,
  DeadLetterStore,
  DeliveryMetrics,
  DeliveryMetricsLine,
  PendingAlert,
  RecoveryStore,
  ReplayScheduleState,
  ReplayStateStore,
} from '../types';
import { encodeMetricsLine } from '../codec/records';
import type { ReplayMove } from '../writer';
import type { Fence, FencedLeaseService } from './fencedLease';
import type { IntentStore, WriteIntent } from './intent';
import type { KeyedMutex } from './mutex';

/** What a worker calls on the shared storage (possibly remotely). Writes carry a fence. */
export interface HardenedStoragePort {
  loadPending(worldId: string, nodeId: string): Promise<PendingAlert[]>;
  listDeadLetters(worldId: string, nodeId: string): Promise<DeadLetterRecord[]>;
  loadState(worldId: string, nodeId: string): Promise<ReplayScheduleState>;
  listDeliveryMetrics(worldId: string, nodeId: string): Promise<DeliveryMetricsLine[]>;
  /** Not fenced (the spec exports it after release); a duplicated request appends nothing. */
  appendDeliveryMetrics(worldId: string, nodeId: string, exportedAtMs: number, metrics: DeliveryMetrics): Promise<void>;
  savePending(fence: Fence | null, worldId: string, nodeId: string, pending: readonly PendingAlert[]): Promise<void>;
  appendDeadLetter(fence: Fence | null, record: DeadLetterRecord): Promise<void>;
  replaceDeadLetters(fence: Fence | null, worldId: string, nodeId: string, records: readonly DeadLetterRecord[]): Promise<void>;
  saveState(fence: Fence | null, worldId: string, nodeId: string, state: ReplayScheduleState): Promise<void>;
  commitMove(fence: Fence | null, move: ReplayMove): Promise<void>;
  commitEmit(fence: Fence | null, key: ScheduleKey, archived: readonly DeadLetterRecord[], pending: readonly PendingAlert[]): Promise<void>;
}

export interface HardenedStorageParts {
  readonly recoveryStore: RecoveryStore;
  readonly deadLetterStore: DeadLetterStore;
  readonly stateStore: ReplayStateStore;
  readonly intents: IntentStore;
  readonly mutex: KeyedMutex;
  /** The lease service whose grants fence the writes; null = journal only, no fencing. */
  readonly leases: FencedLeaseService | null;
}

const metricsLineText = (l: DeliveryMetricsLine): string => JSON.stringify(encodeMetricsLine(l));

export class HardenedReplayStorage implements HardenedStoragePort {
  constructor(private readonly parts: HardenedStorageParts) {}

  private async rollForward(key: ScheduleKey): Promise<void> {
    const intent = await this.parts.intents.load(key);
    if (intent === null) return;
    await this.apply(key, intent, true);
  }

  /** Performs an intent's writes and deletes it; `recovering` makes the appends idempotent. */
  private async apply(key: ScheduleKey, intent: WriteIntent, recovering: boolean): Promise<void> {
    const { recoveryStore, deadLetterStore, stateStore, intents } = this.parts;
    if (intent.kind === 'replay_move') {
      await recoveryStore.savePending(key.worldId, key.nodeId, intent.pending);
      await deadLetterStore.replace(key.worldId, key.nodeId, intent.deadLetters);
      if (intent.state) await stateStore.saveState(key.worldId, key.nodeId, intent.state);
    } else {
      const present = recovering ? (await deadLetterStore.list(key.worldId, key.nodeId)).length : intent.deadLetterBase;
      const done = Math.min(Math.max(present - intent.deadLetterBase, 0), intent.archived.length);
      for (const record of intent.archived.slice(done)) await deadLetterStore.append(record);
      await recoveryStore.savePending(key.worldId, key.nodeId, intent.pending);
    }
    await intents.clear(key);
  }

  private async read<T>(worldId: string, nodeId: string, fn: (key: ScheduleKey) => Promise<T>): Promise<T> {
    const key = normalizeKey(worldId, nodeId);
    return this.parts.mutex.run(key.worldId, async () => {
      await this.rollForward(key);
      return fn(key);
    });
  }

  private async write(fence: Fence | null, worldId: string, nodeId: string, fn: (key: ScheduleKey) => Promise<void>): Promise<void> {
    const key = normalizeKey(worldId, nodeId);
    return this.parts.mutex.run(key.worldId, async () => {
      await this.checkFence(fence, key.worldId);
      await this.rollForward(key);
      await fn(key);
    });
  }

  /** Fence current and this request not seen before (see `FencedLeaseService.admitWrite`). */
  private async checkFence(fence: Fence | null, worldId: string): Promise<void> {
    if (this.parts.leases !== null) await this.parts.leases.admitWrite(fence, worldId);
  }

  loadPending(worldId: string, nodeId: string): Promise<PendingAlert[]> {
    return this.read(worldId, nodeId, (k) => this.parts.recoveryStore.loadPending(k.worldId, k.nodeId));
  }
  listDeadLetters(worldId: string, nodeId: string): Promise<DeadLetterRecord[]> {
    return this.read(worldId, nodeId, (k) => this.parts.deadLetterStore.list(k.worldId, k.nodeId));
  }
  loadState(worldId: string, nodeId: string): Promise<ReplayScheduleState> {
    return this.read(worldId, nodeId, (k) => this.parts.stateStore.loadState(k.worldId, k.nodeId));
  }
  listDeliveryMetrics(worldId: string, nodeId: string): Promise<DeliveryMetricsLine[]> {
    return this.parts.deadLetterStore.listDeliveryMetrics(worldId, nodeId);
  }
  /**
   * Idempotent: a line equal to one already in the log (same export time, same counts) is a
   * duplicated request, not a second run, so it is not appended again. A run's metrics counted
   * twice would skew every adaptive ratio that reads them (spec A §10.1).
   */
  appendDeliveryMetrics(worldId: string, nodeId: string, exportedAtMs: number, metrics: DeliveryMetrics): Promise<void> {
    const key = normalizeKey(worldId, nodeId);
    const line = metricsLineText({ exportedAtMs, metrics });
    return this.parts.mutex.run(key.worldId, async () => {
      const present = await this.parts.deadLetterStore.listDeliveryMetrics(key.worldId, key.nodeId);
      if (present.some((l) => metricsLineText(l) === line)) return;
      await this.parts.deadLetterStore.appendDeliveryMetrics(key.worldId, key.nodeId, exportedAtMs, metrics);
    });
  }
  savePending(fence: Fence | null, worldId: string, nodeId: string, pending: readonly PendingAlert[]): Promise<void> {
    return this.write(fence, worldId, nodeId, (k) => this.parts.recoveryStore.savePending(k.worldId, k.nodeId, pending));
  }
  appendDeadLetter(fence: Fence | null, record: DeadLetterRecord): Promise<void> {
    return this.write(fence, record.worldId, record.nodeId, () => this.parts.deadLetterStore.append(record));
  }
  replaceDeadLetters(fence: Fence | null, worldId: string, nodeId: string, records: readonly DeadLetterRecord[]): Promise<void> {
    return this.write(fence, worldId, nodeId, (k) => this.parts.deadLetterStore.replace(k.worldId, k.nodeId, records));
  }
  saveState(fence: Fence | null, worldId: string, nodeId: string, state: ReplayScheduleState): Promise<void> {
    return this.write(fence, worldId, nodeId, (k) => this.parts.stateStore.saveState(k.worldId, k.nodeId, state));
  }

  commitMove(fence: Fence | null, move: ReplayMove): Promise<void> {
    return this.write(fence, move.key.worldId, move.key.nodeId, async (key) => {
      const intent: WriteIntent = { kind: 'replay_move', pending: move.pending, deadLetters: move.remaining, state: move.state ?? null };
      await this.parts.intents.save(key, intent);
      // Stryker disable next-line BooleanLiteral: equivalent, `recovering` only matters for emit intents
      await this.apply(key, intent, false);
    });
  }

  commitEmit(fence: Fence | null, key: ScheduleKey, archived: readonly DeadLetterRecord[], pending: readonly PendingAlert[]): Promise<void> {
    return this.write(fence, key.worldId, key.nodeId, async (k) => {
      if (archived.length === 0) {
        await this.parts.recoveryStore.savePending(k.worldId, k.nodeId, pending);
        return;
      }
      const base = (await this.parts.deadLetterStore.list(k.worldId, k.nodeId)).length;
      const intent: WriteIntent = { kind: 'emit', deadLetterBase: base, archived, pending };
      await this.parts.intents.save(k, intent);
      // Stryker disable next-line BooleanLiteral: equivalent, recounting under the same mutex finds deadLetterBase again
      await this.apply(k, intent, false);
    });
  }
}

// The worker side of the hardened profile: a ScheduleCoordinator that obtains fenced grants from
// the lease service, and views of the shared storage that implement the ordinary store interfaces
// and attach the worker's current fence to every write. The orchestrations run unchanged on them.
import { normalizeKey, normalizeNodeId, normalizeWorldId } from '../../common/ids';
import type {
  DeadLetterRecord,
  DeadLetterStore,
  RecoveryStore,
  ReplayStateStore,
  ScheduleCoordinator,
} from '../types';
import { validateLeaseTtl } from '../validation';
import type { PipelineWriter } from '../writer';
import type { Fence, FencedLeasePort, LeaseGrant } from './fencedLease';
import type { HardenedStoragePort } from './storage';

const REPLAY_MARK = '::revocation-dead-letter-replay::';

/**
 * The fencing scope of a lease key: the world. Emit (key = world) and replay (key =
 * `world::revocation-dead-letter-replay::target`) write the same queues, so in the hardened
 * profile they share one lease per world (spec §14.5).
 */
export function leaseScopeOf(key: string): string {
  const k = normalizeWorldId(key);
  const i = k.indexOf(REPLAY_MARK);
  return i > 0 ? k.slice(0, i) : k;
}

/** A grant this worker holds, and how many writes it has numbered under it. */
interface HeldGrant {
  readonly grant: LeaseGrant;
  writes: number;
}

export class FencedCoordinatorClient implements ScheduleCoordinator {
  private readonly grants = new Map<string, HeldGrant>();
  private acquires = 0;

  constructor(private readonly leases: FencedLeasePort) {}

  /**
   * `nowMs` is not lease time: the lease service judges time by its own clock (spec §14.3). It only
   * helps make the request id unique across restarts of this worker (with the node id and a count),
   * so a copy of this request delivered later is refused by the service. The key itself goes along
   * so the service's fair acquire keeps emit and each replay target of this node in separate lines.
   */
  async acquire(key: string, nodeId: string, nowMs: number, ttlMs: number): Promise<boolean> {
    validateLeaseTtl(ttlMs);
    const scope = leaseScopeOf(key);
    const node = normalizeNodeId(nodeId);
    // Stryker disable next-line UpdateOperator: equivalent, counting down keeps every id of this client unique too
    const requestId = `${node}@${nowMs}#${++this.acquires}`;
    const grant = await this.leases.acquire(scope, node, ttlMs, requestId, normalizeWorldId(key));
    if (grant === null) return false;
    this.grants.set(scope, { grant, writes: 0 });
    return true;
  }

  async release(key: string, nodeId: string): Promise<void> {
    const scope = leaseScopeOf(key);
    const held = this.grants.get(scope);
    if (!held || held.grant.holderNodeId !== normalizeNodeId(nodeId)) return;
    this.grants.delete(scope);
    await this.leases.release(held.grant);
  }

  /**
   * The fence for this worker's next write to a world, if it holds the world's lease. Each call
   * numbers one write (`seq`), so the storage performs each request at most once and in order.
   */
  fenceFor(worldId: string): Fence | null {
    const held = this.grants.get(normalizeWorldId(worldId));
    if (!held) return null;
    held.writes += 1;
    return { scope: held.grant.scope, token: held.grant.token, seq: held.writes };
  }
}

export interface BoundWorkerStores {
  readonly recoveryStore: RecoveryStore;
  readonly deadLetterStore: DeadLetterStore;
  readonly stateStore: ReplayStateStore;
  readonly writer: PipelineWriter;
}

/** Store views over the shared storage whose writes carry `fenceFor(world)`. */
export function bindHardenedStores(port: HardenedStoragePort, fenceFor: (worldId: string) => Fence | null): BoundWorkerStores {
  const fence = (worldId: string): Fence | null => fenceFor(normalizeWorldId(worldId));
  const recoveryStore: RecoveryStore = {
    loadPending: (w, n) => port.loadPending(w, n),
    savePending: (w, n, pending) => port.savePending(fence(w), w, n, pending),
  };
  const deadLetterStore: DeadLetterStore = {
    append: (record) => port.appendDeadLetter(fence(record.worldId), record),
    list: (w, n) => port.listDeadLetters(w, n),
    replace: (w, n, records) => port.replaceDeadLetters(fence(w), w, n, records),
    appendDeliveryMetrics: (w, n, t, m) => port.appendDeliveryMetrics(w, n, t, m),
    listDeliveryMetrics: (w, n) => port.listDeliveryMetrics(w, n),
  };
  const stateStore: ReplayStateStore = {
    loadState: (w, n) => port.loadState(w, n),
    saveState: (w, n, state) => port.saveState(fence(w), w, n, state),
  };
  const writer: PipelineWriter = {
    openEmit: (key) => {
      // Staged until `finish`, then committed with the queue as one journaled sequence (§14.7).
      const archived: DeadLetterRecord[] = [];
      return {
        archive: async (record) => {
          normalizeKey(record.worldId, record.nodeId);
          archived.push(record);
        },
        finish: (pending) => port.commitEmit(fence(key.worldId), key, archived, pending),
      };
    },
    commitMove: (move) => port.commitMove(fence(move.key.worldId), move),
    saveState: (key, state) => port.saveState(fence(key.worldId), key.worldId, key.nodeId, state),
  };
  return { recoveryStore, deadLetterStore, stateStore, writer };
}

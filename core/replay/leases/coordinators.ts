// Schedule coordinators (spec A §7). Both validate the TTL, normalise the key as a world id and
// the node as a node id, then apply `decideAcquire` / `decideRelease`.
import { normalizeNodeId, normalizeWorldId } from '../../common/ids';
import type { LeaseState, LeaseStore, ScheduleCoordinator } from '../types';
import { validateLeaseTtl } from '../validation';
import { decideAcquire, decideRelease } from './decide';

/** Check and write in one synchronous step, so acquire is atomic — but only within this process. */
export class InMemoryScheduleCoordinator implements ScheduleCoordinator {
  private readonly leases = new Map<string, LeaseState>();

  async acquire(key: string, nodeId: string, nowMs: number, ttlMs: number): Promise<boolean> {
    validateLeaseTtl(ttlMs);
    const k = normalizeWorldId(key);
    const node = normalizeNodeId(nodeId);
    const next = decideAcquire(this.leases.get(k) ?? null, node, nowMs, ttlMs);
    if (next === null) return false;
    this.leases.set(k, next);
    return true;
  }

  async release(key: string, nodeId: string): Promise<void> {
    const k = normalizeWorldId(key);
    const node = normalizeNodeId(nodeId);
    if (decideRelease(this.leases.get(k) ?? null, node)) this.leases.delete(k);
  }

  /** `holder_node`: the recorded holder, even if the lease has expired. */
  holderNode(key: string): string | null {
    return this.leases.get(normalizeWorldId(key))?.holderNodeId ?? null;
  }
}

/**
 * The same logic over a LeaseStore. Acquire is a separate load then save (not a compare-and-swap)
 * and release a load then clear: two nodes interleaving them can both win (spec §14.1).
 */
export class StoreBackedScheduleCoordinator implements ScheduleCoordinator {
  constructor(private readonly store: LeaseStore) {}

  async acquire(key: string, nodeId: string, nowMs: number, ttlMs: number): Promise<boolean> {
    validateLeaseTtl(ttlMs);
    const k = normalizeWorldId(key);
    const node = normalizeNodeId(nodeId);
    const next = decideAcquire(await this.store.load(k), node, nowMs, ttlMs);
    if (next === null) return false;
    await this.store.save(k, next);
    return true;
  }

  async release(key: string, nodeId: string): Promise<void> {
    const k = normalizeWorldId(key);
    const node = normalizeNodeId(nodeId);
    if (decideRelease(await this.store.load(k), node)) await this.store.clear(k);
  }
}

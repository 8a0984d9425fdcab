// A hardened worker's view of the shared storage (spec §14.5–§14.7 hardening): the lease scope of
// a key, release only of a grant this client holds for that node, fenced state and dead-letter
// writes through the bound stores, and an emit run without dead letters that needs no intent.
import { describe, expect, it } from 'vitest';
import { createReplayStores } from '../../../core/replay/factory';
import type { FencedLeasePort, LeaseGrant } from '../../../core/replay/hardened/fencedLease';
import { FencedCoordinatorClient, leaseScopeOf } from '../../../core/replay/hardened/worker';
import { C, DL, ManualClock, pendingOf, R, alertAt } from './support/fixtures';
import { MemoryFs } from './support/memoryFs';

/** A lease port that grants every acquire and records every release. */
class GrantingPort implements FencedLeasePort {
  readonly released: LeaseGrant[] = [];
  private token = 0;
  async acquire(scope: string, nodeId: string, ttlMs: number): Promise<LeaseGrant | null> {
    this.token += 1;
    return { scope, token: this.token, holderNodeId: nodeId, expiresAtMs: ttlMs };
  }
  async release(grant: LeaseGrant): Promise<void> {
    this.released.push(grant);
  }
}

describe('leaseScopeOf', () => {
  it('a replay key maps to its world; a key that starts with the replay mark is its own scope', () => {
    expect(leaseScopeOf(' w1::revocation-dead-letter-replay::node-t ')).toBe('w1');
    expect(leaseScopeOf('::revocation-dead-letter-replay::node-t')).toBe('::revocation-dead-letter-replay::node-t');
    expect(leaseScopeOf('w1')).toBe('w1');
  });
});

describe('FencedCoordinatorClient.release', () => {
  it('releases nothing for a scope it holds no grant of', async () => {
    const port = new GrantingPort();
    await new FencedCoordinatorClient(port).release('w1', 'node-a');
    expect(port.released).toEqual([]);
  });

  it('releases nothing when asked by another node, and the grant once by its holder', async () => {
    const port = new GrantingPort();
    const client = new FencedCoordinatorClient(port);
    expect(await client.acquire('w1', 'node-a', 0, 100)).toBe(true);
    await client.release('w1', 'node-b');
    expect(port.released).toEqual([]);
    expect(client.fenceFor('w1')).toEqual({ scope: 'w1', token: 1, seq: 1 });
    await client.release('w1', ' node-a ');
    await client.release('w1', 'node-a');
    expect(port.released.map((g) => g.token)).toEqual([1]);
    expect(client.fenceFor('w1')).toBeNull();
  });
});

describe('bound hardened stores write through the fence', () => {
  async function worker(fs?: MemoryFs) {
    const stores = await createReplayStores({ profile: 'hardened', clock: new ManualClock(0), ...(fs ? { fs, root: '/d' } : {}) });
    const w = stores.forWorker();
    expect(await w.coordinator.acquire('w1', 'node-a', 0, 100)).toBe(true);
    return { stores, w };
  }

  it('the writer saves replay state alone', async () => {
    const { stores, w } = await worker();
    const state = { lastReplayAtMs: 7, preferCapacityEvicted: true };
    await w.writer.saveState({ worldId: 'w1', nodeId: 'node-a' }, state);
    expect(await stores.raw.stateStore.loadState('w1', 'node-a')).toEqual(state);
  });

  it('the dead-letter view replaces the whole list', async () => {
    const { stores, w } = await worker();
    await w.deadLetterStore.append(DL(R, 1, 1));
    await w.deadLetterStore.replace('w1', 'node-a', [DL(C, 0, 5), DL(R, 2, 6)]);
    expect(await stores.raw.deadLetterStore.list('w1', 'node-a')).toEqual([DL(C, 0, 5), DL(R, 2, 6)]);
  });

  it('an emit run that archived nothing saves the queue without writing an intent', async () => {
    const fs = new MemoryFs();
    const { stores, w } = await worker(fs);
    const before = fs.ops.length;
    await w.writer.openEmit({ worldId: 'w1', nodeId: 'node-a' }).finish([pendingOf(alertAt(1))]);
    const intentWrites = fs.ops.slice(before).filter((op) => op.includes('revocation-replay-intent') && !op.startsWith('readFile'));
    expect(intentWrites).toEqual([]);
    expect(await stores.raw.recoveryStore.loadPending('w1', 'node-a')).toEqual([pendingOf(alertAt(1))]);
  });
});

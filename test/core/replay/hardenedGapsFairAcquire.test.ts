// Regression for the hardened gap adaptive-guard `one-world-scope-starves-an-emit-under-a-slow-disk`
// (seed 999985): all emits and replays of a world share one fenced scope and acquire was a bare
// compare-and-set, so under a slow store-host disk n2's requests always arrived while someone held
// the scope, or just after another node took it, and n2 lost every emit attempt to the end. A
// refused requester (node id and lease key) now waits in line per scope; once one has waited
// STARVING_AFTER_TTLS of its TTLs, the next free lease is kept for the oldest such waiter. A place
// lapses one TTL after the requester's last ask.
import { describe, expect, it } from 'vitest';
import { AcquireQueue, STARVING_AFTER_TTLS } from '../../../core/replay/hardened/acquireQueue';
import { FencedLeaseService, InMemoryFencedLeaseRecordStore, type LeaseGrant } from '../../../core/replay/hardened/fencedLease';
import { KeyedMutex } from '../../../core/replay/hardened/mutex';
import { adaptiveGuard } from '../../../scenarios/adaptive-guard/index';
import { FIXED_HARDENED_GAPS } from '../../../scenarios/adaptive-guard/findings';
import { ManualClock } from './support/fixtures';

const TTL = 400;
/** How long a requester must keep being refused before the next free lease is kept for it. */
const STARVING = STARVING_AFTER_TTLS * TTL;

function leaseService(at = 1000): { leases: FencedLeaseService; clock: ManualClock } {
  const clock = new ManualClock(at);
  return { leases: new FencedLeaseService(new InMemoryFencedLeaseRecordStore(), clock, new KeyedMutex()), clock };
}

/** `nodes` ask every 200 ms (within their TTL) from the clock's time until `untilMs`, all refused. */
async function keepAsking(leases: FencedLeaseService, clock: ManualClock, nodes: readonly string[], untilMs: number, key?: string): Promise<void> {
  for (; clock.now <= untilMs; clock.now += 200) {
    for (const n of nodes) expect(await leases.acquire('w1', n, TTL, undefined, key)).toBeNull();
  }
  clock.now = untilMs;
}

describe('hardened gap: fenced lease acquire is fair (adaptive-guard seed 999985)', () => {
  it('a node refused long enough gets the next free lease, before nodes that ask first', async () => {
    const { leases, clock } = leaseService();
    await leases.acquire('w1', 'n1', STARVING);
    await keepAsking(leases, clock, ['n2'], 1000 + STARVING - 1);
    clock.now = 1000 + STARVING; // n1's lease has expired; n2 is starving
    expect(await leases.acquire('w1', 'n3', TTL)).toBeNull();
    expect(await leases.acquire('w1', 'n1', TTL)).toBeNull();
    expect((await leases.acquire('w1', 'n2', TTL))?.holderNodeId).toBe('n2');
  });

  it('while nobody starves, a free lease goes to whoever asks (the scope is not left idle)', async () => {
    const { leases, clock } = leaseService();
    const n1 = (await leases.acquire('w1', 'n1', 10 * STARVING))!;
    await keepAsking(leases, clock, ['n2'], 1000 + STARVING - 1);
    await leases.release(n1);
    expect((await leases.acquire('w1', 'n3', TTL))?.holderNodeId).toBe('n3');
  });

  it('starving requesters are served in the order they were first refused', async () => {
    const { leases, clock } = leaseService();
    let held = (await leases.acquire('w1', 'n1', 10 * STARVING))!;
    await keepAsking(leases, clock, ['n3', 'n2'], 1000 + STARVING);
    const order: string[] = [];
    for (const next of ['n3', 'n2']) {
      await leases.release(held);
      for (const other of ['n1', 'n2', 'n3'].filter((n) => n !== next)) expect(await leases.acquire('w1', other, TTL)).toBeNull();
      held = (await leases.acquire('w1', next, TTL))!;
      order.push(held.holderNodeId);
    }
    expect(order).toEqual(['n3', 'n2']);
  });

  it('a starving waiter that stops asking loses its place one TTL after its last ask', async () => {
    const { leases, clock } = leaseService();
    const n1 = (await leases.acquire('w1', 'n1', 10 * STARVING))!;
    await keepAsking(leases, clock, ['n2'], 1000 + STARVING); // then n2 crashes
    await leases.release(n1);
    const lastAsk = clock.now;
    clock.now = lastAsk + TTL - 1;
    expect(await leases.acquire('w1', 'n3', TTL)).toBeNull();
    clock.now = lastAsk + TTL;
    expect((await leases.acquire('w1', 'n3', TTL))?.holderNodeId).toBe('n3');
  });

  it('the oldest starving waiter still cannot take an active lease, and tokens keep growing', async () => {
    const { leases, clock } = leaseService();
    const n1 = (await leases.acquire('w1', 'n1', 2 * STARVING))!;
    await keepAsking(leases, clock, ['n2'], 1000 + 2 * STARVING - 1);
    clock.now = 1000 + 2 * STARVING;
    const n2 = (await leases.acquire('w1', 'n2', TTL))!;
    expect(n2.token).toBeGreaterThan(n1.token);
    expect(await leases.acquire('w1', 'n1', TTL)).toBeNull();
  });

  it('a copy of a waiter\'s request is refused and does not renew its place', async () => {
    const { leases, clock } = leaseService();
    const n1 = (await leases.acquire('w1', 'n1', 10 * STARVING))!;
    expect(await leases.acquire('w1', 'n2', TTL, 'n2#1')).toBeNull();
    for (clock.now = 1200; clock.now <= 1000 + STARVING; clock.now += 200) {
      expect(await leases.acquire('w1', 'n2', TTL, 'n2#1')).toBeNull(); // late copies
    }
    await leases.release(n1);
    expect((await leases.acquire('w1', 'n3', TTL, 'n3#1'))?.holderNodeId).toBe('n3');
  });

  it('each lease key of a node waits in its own line: a granted emit does not end the node\'s replay wait', async () => {
    const { leases, clock } = leaseService();
    const replayKey = 'w1::revocation-dead-letter-replay::n3';
    let held = (await leases.acquire('w1', 'n1', TTL, 'n1#1', 'w1'))!;
    expect(await leases.acquire('w1', 'n2', TTL, 'n2#r1', replayKey)).toBeNull();
    await leases.release(held);
    held = (await leases.acquire('w1', 'n2', 10 * STARVING, 'n2#e1', 'w1'))!; // n2's emit, nobody starving
    clock.now += 200;
    await keepAsking(leases, clock, ['n2'], 1000 + STARVING, replayKey);
    await leases.release(held);
    expect(await leases.acquire('w1', 'n2', TTL, 'n2#e2', 'w1')).toBeNull(); // n2's replay waits longer
    expect((await leases.acquire('w1', 'n2', TTL, 'n2#r3', replayKey))?.holderNodeId).toBe('n2');
  });

  it('waiting for one world does not hold back another world', async () => {
    const { leases, clock } = leaseService();
    await leases.acquire('w1', 'n1', 10 * STARVING);
    await keepAsking(leases, clock, ['n2'], 1000 + STARVING);
    expect((await leases.acquire('w2', 'n3', TTL))?.holderNodeId).toBe('n3');
  });

  it('a node that always asks last after a release is not starved (before: never granted)', async () => {
    const { leases, clock } = leaseService();
    let held: LeaseGrant | null = await leases.acquire('w1', 'n1', TTL);
    const grants = new Map<string, number>();
    for (let round = 0; round < 100; round += 1) {
      clock.now += 50;
      await leases.release(held!);
      held = null;
      for (const n of ['n1', 'n3', 'n2']) {
        const g = await leases.acquire('w1', n, TTL);
        if (g !== null) {
          expect(held).toBeNull();
          held = g;
          grants.set(g.holderNodeId, (grants.get(g.holderNodeId) ?? 0) + 1);
        }
      }
      for (const n of ['n1', 'n3', 'n2']) expect(await leases.acquire('w1', n, TTL)).toBeNull();
      if (held === null) break;
    }
    expect(grants.get('n2') ?? 0).toBeGreaterThanOrEqual(3);
    expect(grants.get('n3') ?? 0).toBeGreaterThanOrEqual(3);
  });

  it('the waiting list is bounded: past the limit a requester is refused without a place', () => {
    const queue = new AcquireQueue(2);
    for (let t = 0; t <= STARVING; t += 200) for (const n of ['a', 'b', 'c']) queue.refused('w1', n, t, TTL);
    expect(queue.waiters('w1', STARVING)).toEqual(['a', 'b']);
    expect(queue.mayTake('w1', 'c', STARVING)).toBe(false);
    expect(queue.mayTake('w1', 'a', STARVING)).toBe(true);
    expect(queue.waiters('w1', STARVING + TTL)).toEqual([]);
  });

  it('the recorded gap plan now holds every invariant in hardened', async () => {
    const g = FIXED_HARDENED_GAPS.find((x) => x.id === 'one-world-scope-starves-an-emit-under-a-slow-disk')!;
    const h = await adaptiveGuard.run(g.seed, { profile: 'hardened', plan: g.plan, trace: { mode: 'off' } });
    expect(h.violations).toEqual([]);
  });
});

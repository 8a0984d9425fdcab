// Regression for the hardened gap lease-contention `storage-clock-jump-extends-unreleased-lease`
// (seed 2): the fenced lease service judged expiry on the storage node's wall clock, so a backward
// step of that clock extended an unreleased lease by the size of the step (3.1 s), blocking every
// emit and replay of the world. Lease time now never goes back, a backward step ends the leases
// granted before it, and after a restart a lease granted in the clock's future counts as expired.
import { describe, expect, it } from 'vitest';
import { FencedLeaseService, InMemoryFencedLeaseRecordStore, type FencedLeaseRecordStore } from '../../../core/replay/hardened/fencedLease';
import { MonotonicLeaseClock } from '../../../core/replay/hardened/leaseClock';
import { KeyedMutex } from '../../../core/replay/hardened/mutex';
import { createReplayStores } from '../../../core/replay/factory';
import { ManualClock } from './support/fixtures';
import { MemoryFs } from './support/memoryFs';

const service = (records: FencedLeaseRecordStore, clock: ManualClock) => new FencedLeaseService(records, clock, new KeyedMutex());

describe('hardened gap: a step of the lease service\'s clock cannot extend a lease', () => {
  it('an unreleased lease ends when the service clock steps back 3.1 s (lease-contention seed 2)', async () => {
    const clock = new ManualClock(894);
    const leases = service(new InMemoryFencedLeaseRecordStore(), clock);
    expect(await leases.acquire('w1', 'n1', 250)).not.toBeNull();
    clock.now = 950 - 3100;
    expect(await leases.acquire('w1', 'n2', 250)).not.toBeNull();
  });

  it('the grant made after the step lasts its TTL on lease time, not on the stepped wall clock', async () => {
    const clock = new ManualClock(1000);
    const leases = service(new InMemoryFencedLeaseRecordStore(), clock);
    await leases.acquire('w1', 'n1', 250);
    clock.now = -2000;
    const second = await leases.acquire('w1', 'n2', 250);
    expect(second).not.toBeNull();
    clock.now = -1800;
    expect(await leases.acquire('w1', 'n3', 250)).toBeNull();
    clock.now = -1750;
    expect(await leases.acquire('w1', 'n3', 250)).not.toBeNull();
  });

  it('after a restart of the service, a lease granted in the clock\'s future is expired', async () => {
    const records = new InMemoryFencedLeaseRecordStore();
    const clock = new ManualClock(5000);
    await service(records, clock).acquire('w1', 'n1', 250);
    clock.now = 1000;
    expect(await service(records, clock).acquire('w1', 'n2', 250)).not.toBeNull();
  });

  it('without a step, leases behave as before: active until expiry, across a restart too', async () => {
    const fs = new MemoryFs();
    const clock = new ManualClock(1000);
    const a = await createReplayStores({ profile: 'hardened', fs, root: '/s', clock });
    expect(await a.hardened!.leases.acquire('w1', 'n1', 250)).not.toBeNull();
    clock.now = 1200;
    const b = await createReplayStores({ profile: 'hardened', fs, root: '/s', clock });
    expect(await b.hardened!.leases.acquire('w1', 'n2', 250)).toBeNull();
    clock.now = 1250;
    expect(await b.hardened!.leases.acquire('w1', 'n2', 250)).not.toBeNull();
  });

  it('a forward step shortens a lease (the fencing token still stops the old holder)', async () => {
    const clock = new ManualClock(1000);
    const leases = service(new InMemoryFencedLeaseRecordStore(), clock);
    const first = await leases.acquire('w1', 'n1', 250);
    clock.now = 5000;
    const second = await leases.acquire('w1', 'n2', 250);
    expect(second!.token).toBeGreaterThan(first!.token);
  });
});

describe('MonotonicLeaseClock', () => {
  it('never goes back, advances with the wall clock after a backward step, and voids earlier grants', () => {
    const wall = new ManualClock(100);
    const lease = new MonotonicLeaseClock(wall);
    expect(lease.nowMs()).toBe(100);
    wall.now = 150;
    expect(lease.nowMs()).toBe(150);
    const held = { holderNodeId: 'n1', expiresAtMs: 400, grantedAtMs: 150 };
    wall.now = 50;
    const afterStep = lease.nowMs();
    expect(afterStep).toBe(151);
    expect(lease.isActive(held, afterStep)).toBe(false);
    expect(lease.isActive({ holderNodeId: 'n2', expiresAtMs: 401, grantedAtMs: 151 }, afterStep)).toBe(true);
    wall.now = 80;
    expect(lease.nowMs()).toBe(181);
  });

  it('a record without a grant time (older format) is judged on its expiry alone', () => {
    const lease = new MonotonicLeaseClock(new ManualClock(100));
    expect(lease.isActive({ holderNodeId: 'n1', expiresAtMs: 200 }, lease.nowMs())).toBe(true);
    expect(lease.isActive({ holderNodeId: null, expiresAtMs: 200 }, lease.nowMs())).toBe(false);
  });
});

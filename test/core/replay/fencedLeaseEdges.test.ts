// The fenced lease service at its edges (hardened profile): which fences `isCurrent` and
// `admitWrite` accept and the exact errors they give otherwise, a stale release, the bounded memory
// of acquire request ids, untyped arguments of a remote call, records from before grant times were
// kept, and lease time before the epoch.
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../core/common/errors';
import { DuplicateRequestError, FenceRejectedError } from '../../../core/replay/hardened/errors';
import { FencedLeaseService, InMemoryFencedLeaseRecordStore, type Fence } from '../../../core/replay/hardened/fencedLease';
import { KeyedMutex } from '../../../core/replay/hardened/mutex';
import { ManualClock } from './support/fixtures';

function setup(now = 1000) {
  const clock = new ManualClock(now);
  const records = new InMemoryFencedLeaseRecordStore();
  return { clock, records, service: new FencedLeaseService(records, clock, new KeyedMutex()) };
}

/** Awaits `p` and returns what it rejected with (failing the test if it resolved). */
async function rejection(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => expect.fail('expected a rejection'),
    (e: unknown) => e,
  );
}

describe('hardened error texts name the scope, the token and the reason', () => {
  it('FenceRejectedError, with and without a token', () => {
    const withToken = new FenceRejectedError('w1', 3, 'why');
    expect(withToken.message).toBe('fenced write rejected for scope w1 (token 3): why');
    expect(withToken.name).toBe('FenceRejectedError');
    expect(new FenceRejectedError('w1', null, 'why').message).toBe('fenced write rejected for scope w1 (token none): why');
  });

  it('DuplicateRequestError', () => {
    const e = new DuplicateRequestError('w1', 3, 2, 5);
    expect(e.message).toBe('fenced write rejected for scope w1 (token 3): request 2 is a duplicate or out of order (last admitted 5)');
    expect(e.name).toBe('DuplicateRequestError');
  });
});

describe('isCurrent: only the scope\'s unreleased grant with the same token', () => {
  it('true for the grant, false after release, for an older token and for a scope never leased', async () => {
    const { clock, service } = setup();
    const first = (await service.acquire('w1', 'node-a', 100))!;
    expect(await service.isCurrent(first)).toBe(true);
    clock.now = 2000;
    const second = (await service.acquire('w1', 'node-b', 100))!;
    expect(await service.isCurrent(first)).toBe(false);
    expect(await service.isCurrent(second)).toBe(true);
    await service.release(second);
    expect(await service.isCurrent(second)).toBe(false);
    expect(await service.isCurrent({ scope: 'w2', token: 1 })).toBe(false);
  });
});

describe('admitWrite', () => {
  it('admits the current grant without a write number, and saves nothing for it', async () => {
    const { records, service } = setup();
    const grant = (await service.acquire('w1', 'node-a', 100))!;
    const before = await records.load('w1');
    await expect(service.admitWrite({ scope: 'w1', token: grant.token }, 'w1')).resolves.toBeUndefined();
    expect(await records.load('w1')).toEqual(before);
  });

  const REJECTED: ReadonlyArray<[string, (grant: Fence) => Fence, string, string]> = [
    ['a fence for another world', (g) => g, 'w2', 'fenced write rejected for scope w1 (token 1): the lease does not cover world w2'],
    ['a fence with a stale token', (g) => ({ ...g, token: 7 }), 'w1', 'fenced write rejected for scope w1 (token 7): a newer lease was granted or it was released'],
    ['a fence of a scope never leased', () => ({ scope: 'w3', token: 1 }), 'w3', 'fenced write rejected for scope w3 (token 1): a newer lease was granted or it was released'],
  ];

  it.each(REJECTED)('rejects %s with a FenceRejectedError', async (_name, fenceOf, world, message) => {
    const { service } = setup();
    const grant = (await service.acquire('w1', 'node-a', 100))!;
    const e = await rejection(service.admitWrite(fenceOf({ scope: grant.scope, token: grant.token }), world));
    expect(e).toBeInstanceOf(FenceRejectedError);
    expect((e as Error).message).toBe(message);
  });

  it('rejects the fence of a released grant', async () => {
    const { service } = setup();
    const grant = (await service.acquire('w1', 'node-a', 100))!;
    await service.release(grant);
    const e = await rejection(service.admitWrite({ scope: 'w1', token: grant.token, seq: 1 }, 'w1'));
    expect(e).toBeInstanceOf(FenceRejectedError);
    expect((e as Error).message).toBe('fenced write rejected for scope w1 (token 1): a newer lease was granted or it was released');
  });

  it.each([0, -1, 1.5, Number.NaN])('rejects the write number %s as not a positive integer', async (seq) => {
    const { service } = setup();
    const grant = (await service.acquire('w1', 'node-a', 100))!;
    const e = await rejection(service.admitWrite({ scope: 'w1', token: grant.token, seq }, 'w1'));
    expect(e).toBeInstanceOf(ValidationError);
    expect((e as Error).message).toBe('fence seq must be a positive integer');
  });

  it('a fence whose write number is null (as decoded from a remote request) is admitted without numbering', async () => {
    const { records, service } = setup();
    const grant = (await service.acquire('w1', 'node-a', 100))!;
    const fence = { scope: 'w1', token: grant.token, seq: null } as unknown as Fence;
    await expect(service.admitWrite(fence, 'w1')).resolves.toBeUndefined();
    expect((await records.load('w1'))?.lastWriteSeq).toBe(0);
  });

  it('admits increasing write numbers once each and refuses a repeat', async () => {
    const { service } = setup();
    const grant = (await service.acquire('w1', 'node-a', 100))!;
    await service.admitWrite({ scope: 'w1', token: grant.token, seq: 1 }, 'w1');
    await service.admitWrite({ scope: 'w1', token: grant.token, seq: 3 }, 'w1');
    const e = await rejection(service.admitWrite({ scope: 'w1', token: grant.token, seq: 3 }, 'w1'));
    expect(e).toBeInstanceOf(DuplicateRequestError);
    expect((await service.inspect('w1'))?.lastWriteSeq).toBe(3);
  });
});

describe('release', () => {
  it('a grant with the current token but another holder releases nothing', async () => {
    const { service } = setup();
    const grant = (await service.acquire('w1', 'node-a', 100))!;
    await service.release({ ...grant, holderNodeId: 'node-b' });
    expect((await service.inspect('w1'))?.holderNodeId).toBe('node-a');
  });

  it('a stale grant (older token) does not release the newer lease', async () => {
    const { clock, service } = setup();
    const first = (await service.acquire('w1', 'node-a', 100))!;
    clock.now = 2000;
    await service.acquire('w1', 'node-b', 100);
    await service.release(first);
    expect((await service.inspect('w1'))?.holderNodeId).toBe('node-b');
    expect(await service.acquire('w1', 'node-c', 100)).toBeNull();
  });
});

describe('acquire request ids', () => {
  it('the service remembers the last 64 request ids of a scope: a copy of the 64th-last is refused, of the 65th-last is not', async () => {
    const { service } = setup();
    const held = (await service.acquire('w1', 'node-a', 100))!;
    for (let i = 1; i <= 65; i += 1) expect(await service.acquire('w1', 'node-b', 100, `r${i}`)).toBeNull();
    await service.release(held);
    expect(await service.acquire('w1', 'node-b', 100, 'r2')).toBeNull();
    expect(await service.acquire('w1', 'node-b', 100, 'r1')).not.toBeNull();
  });

  it('a request id or lease key that is not a string is a ValidationError naming it', async () => {
    const { service } = setup();
    const asString = (v: unknown) => v as string;
    const badId = await rejection(service.acquire('w1', 'node-a', 100, asString(5)));
    expect(badId).toBeInstanceOf(ValidationError);
    expect((badId as Error).message).toBe('lease request_id must be a string');
    const badKey = await rejection(service.acquire('w1', 'node-a', 100, 'r1', asString({})));
    expect(badKey).toBeInstanceOf(ValidationError);
    expect((badKey as Error).message).toBe('lease key must be a string');
  });
});

describe('lease activity', () => {
  it('a held record without a grant time (kept before grant times were) is active until it expires', async () => {
    const { clock, records, service } = setup(1000);
    await records.save('w1', { holderNodeId: 'node-a', expiresAtMs: 1500, fencingToken: 3 });
    expect(await service.acquire('w1', 'node-b', 100)).toBeNull();
    clock.now = 1500;
    expect((await service.acquire('w1', 'node-b', 100))?.token).toBe(4);
  });

  it('a held record whose grant time is null (read from an older file) is active until it expires, also before the epoch', async () => {
    const { clock, records, service } = setup(-5000);
    await records.save('w1', { holderNodeId: 'node-a', expiresAtMs: -4000, fencingToken: 3, grantedAtMs: null });
    expect(await service.acquire('w1', 'node-b', 100)).toBeNull();
    clock.now = -4000;
    expect((await service.acquire('w1', 'node-b', 100))?.token).toBe(4);
  });

  it('lease time before the epoch: a lease granted at a negative time is active for its TTL', async () => {
    const { clock, service } = setup(-5000);
    expect(await service.acquire('w1', 'node-a', 500)).not.toBeNull();
    expect(await service.acquire('w1', 'node-b', 500)).toBeNull();
    clock.now = -4500;
    expect(await service.acquire('w1', 'node-b', 500)).not.toBeNull();
  });
});

// Hardened lease service (removes spec §14.1–§14.4 for the shared stores): a compare-and-set
// lease per scope with a fencing token that only ever grows, and lease time read from the
// service's own Clock (the caller's `now` is ignored, so a skewed worker clock cannot steal or
// shorten a lease; see `leaseClock.ts` for steps of the service's own clock). The service lives on
// the node that owns the shared stores; its per-scope mutex is also taken by every fenced write
// there, so "token is current" and the write are one step.
// Requests may arrive twice (a network copy) or late: an acquire carries a request id and a copy
// is refused; a fenced write carries its number under the grant (`Fence.seq`) and is admitted at
// most once, in increasing order (the number is saved with the grant before the write is made).
import type { Clock, Profile } from '../../ports';
import { ValidationError } from '../../common/errors';
import { normalizeNodeId, normalizeWorldId } from '../../common/ids';
import { satAdd, satAddI64 } from '../../common/saturating';
import { parseJson, type StoreFiles } from '../../common/storeFiles';
import { FieldReader } from '../codec/fields';
import { toJsonText } from '../codec/records';
import { keyFilePath } from '../stores/fileNames';
import { validateLeaseTtl } from '../validation';
import { AcquireQueue } from './acquireQueue';
import { DuplicateRequestError, FenceRejectedError } from './errors';
import { MonotonicLeaseClock } from './leaseClock';
import type { KeyedMutex } from './mutex';

/** A scope's lease record; it survives release (holder null) so tokens never repeat. */
export interface FencedLeaseRecord {
  readonly holderNodeId: string | null;
  readonly expiresAtMs: number;
  readonly fencingToken: number;
  /** Lease time of the grant (null/absent: a record from before it was kept). */
  readonly grantedAtMs?: number | null;
  /** The highest write number admitted under this grant (absent: 0, none). */
  readonly lastWriteSeq?: number;
  /** The acquire request that produced this grant (absent: none given). */
  readonly grantRequestId?: string | null;
}

/** Proof of holding a scope's lease; every shared-store write carries it. */
export interface Fence {
  readonly scope: string;
  readonly token: number;
  /** This write's number under the grant (1, 2, ...); absent: no duplicate protection. */
  readonly seq?: number;
}

export interface LeaseGrant extends Fence {
  readonly holderNodeId: string;
  readonly expiresAtMs: number;
}

/** What a worker calls on the lease service (possibly remotely). */
export interface FencedLeasePort {
  /**
   * `requestId` (unique per attempt) makes a delivered copy of the request harmless. `leaseKey`
   * (the caller's own key inside the scope, e.g. one replay target) names the requester for fair
   * acquire together with the node id, so each of a node's kinds of run gets its turn.
   */
  acquire(scope: string, nodeId: string, ttlMs: number, requestId?: string, leaseKey?: string): Promise<LeaseGrant | null>;
  release(grant: LeaseGrant): Promise<void>;
}

export interface FencedLeaseRecordStore {
  load(scope: string): Promise<FencedLeaseRecord | null>;
  save(scope: string, record: FencedLeaseRecord): Promise<void>;
}

export class InMemoryFencedLeaseRecordStore implements FencedLeaseRecordStore {
  private readonly records = new Map<string, FencedLeaseRecord>();
  async load(scope: string): Promise<FencedLeaseRecord | null> {
    return this.records.get(scope) ?? null;
  }
  async save(scope: string, record: FencedLeaseRecord): Promise<void> {
    this.records.set(scope, { ...record });
  }
}

export const FENCED_LEASE_SUFFIX = 'revocation-coordinator-fenced-lease.json';

/**
 * `<root>/<scope>.revocation-coordinator-fenced-lease.json`: `{"holder_node_id","expires_at_ms",
 * "fencing_token","granted_at_ms","last_write_seq","grant_request_id"}` (the last three optional).
 */
export class FileFencedLeaseRecordStore implements FencedLeaseRecordStore {
  constructor(
    private readonly files: StoreFiles,
    private readonly root: string,
    private readonly profile: Profile = files.profile,
  ) {}
  pathFor(scope: string): string {
    return keyFilePath(this.root, this.profile, scope, FENCED_LEASE_SUFFIX);
  }
  async load(scope: string): Promise<FencedLeaseRecord | null> {
    const path = this.pathFor(scope);
    const text = await this.files.readText(path);
    if (text === null) return null;
    const r = FieldReader.of(parseJson(text, path), path);
    return {
      holderNodeId: r.optStr('holder_node_id'),
      expiresAtMs: r.int('expires_at_ms'),
      fencingToken: r.count('fencing_token'),
      grantedAtMs: r.optInt('granted_at_ms'),
      lastWriteSeq: r.count('last_write_seq', 0),
      grantRequestId: r.optStr('grant_request_id'),
    };
  }
  async save(scope: string, record: FencedLeaseRecord): Promise<void> {
    const json = {
      holder_node_id: record.holderNodeId,
      expires_at_ms: record.expiresAtMs,
      fencing_token: record.fencingToken,
      granted_at_ms: record.grantedAtMs ?? null,
      last_write_seq: record.lastWriteSeq ?? 0,
      grant_request_id: record.grantRequestId ?? null,
    };
    await this.files.writeDocument(this.pathFor(scope), toJsonText(json));
  }
}

/** How many acquire request ids per scope the service remembers (copies arrive soon after). */
const SEEN_ACQUIRES_KEPT = 64;

export class FencedLeaseService implements FencedLeasePort {
  private readonly leaseClock: MonotonicLeaseClock;
  /** Acquire request ids already handled, per scope (granted or refused), most recent last. */
  private readonly seenAcquires = new Map<string, string[]>();
  /** Refused requesters per scope, oldest first: a starving one gets the next free lease. */
  private readonly waiting = new AcquireQueue();

  constructor(
    private readonly records: FencedLeaseRecordStore,
    clock: Clock,
    private readonly mutex: KeyedMutex,
  ) {
    this.leaseClock = new MonotonicLeaseClock(clock);
  }

  /** Remembers `requestId` for `scope`; false if it was handled before (a delivered copy). */
  private firstSight(scope: string, requestId: string | undefined): boolean {
    if (requestId === undefined) return true;
    // Stryker disable next-line ArrayDeclaration: equivalent, an extra first element is shifted out before any remembered id (the last 64 stay); only an id equal to the placeholder text would differ
    const seen = this.seenAcquires.get(scope) ?? [];
    if (seen.includes(requestId)) return false;
    seen.push(requestId);
    if (seen.length > SEEN_ACQUIRES_KEPT) seen.shift();
    this.seenAcquires.set(scope, seen);
    return true;
  }

  /**
   * Grants iff no lease of the scope is active on the service's lease clock — even the current
   * holder must wait (a restarted process with the same node id is not the same holder, spec
   * §14.4). A copy of an earlier request (same `requestId`) is refused, so it cannot take a lease
   * nobody will use or release. Fair (see `acquireQueue.ts`): a refused requester (node id and
   * `leaseKey`) waits in line, and once it has waited a TTL the next free lease is kept for it, so
   * every requester that keeps asking gets the lease.
   */
  async acquire(scope: string, nodeId: string, ttlMs: number, requestId?: string, leaseKey?: string): Promise<LeaseGrant | null> {
    validateLeaseTtl(ttlMs);
    const s = normalizeWorldId(scope);
    const node = normalizeNodeId(nodeId);
    if (requestId !== undefined && typeof requestId !== 'string') throw new ValidationError('lease request_id must be a string');
    if (leaseKey !== undefined && typeof leaseKey !== 'string') throw new ValidationError('lease key must be a string');
    const requester = leaseKey === undefined ? node : `${node} ${normalizeWorldId(leaseKey)}`;
    return this.mutex.run(s, async () => {
      if (!this.firstSight(s, requestId)) return null;
      const nowMs = this.leaseClock.nowMs();
      const current = await this.records.load(s);
      if (requestId !== undefined && current?.grantRequestId === requestId) return null;
      const free = !(current && this.leaseClock.isActive(current, nowMs));
      if (!free || !this.waiting.mayTake(s, requester, nowMs)) {
        this.waiting.refused(s, requester, nowMs, ttlMs);
        return null;
      }
      const grant: LeaseGrant = {
        scope: s,
        token: satAdd(current?.fencingToken ?? 0, 1),
        holderNodeId: node,
        expiresAtMs: satAddI64(nowMs, ttlMs),
      };
      await this.records.save(s, {
        holderNodeId: node,
        expiresAtMs: grant.expiresAtMs,
        fencingToken: grant.token,
        grantedAtMs: nowMs,
        lastWriteSeq: 0,
        grantRequestId: requestId ?? null,
      });
      this.waiting.granted(s, requester);
      return grant;
    });
  }

  /** Releases only the exact grant (same token), so a stale release never frees a newer lease. */
  async release(grant: LeaseGrant): Promise<void> {
    const s = normalizeWorldId(grant.scope);
    return this.mutex.run(s, async () => {
      const current = await this.records.load(s);
      if (!current || current.fencingToken !== grant.token || current.holderNodeId !== grant.holderNodeId) return;
      await this.records.save(s, { ...current, holderNodeId: null });
    });
  }

  /**
   * Whether `fence` is the scope's current, unreleased grant. Call only inside `mutex.run(scope)`.
   * An expired grant that nobody replaced stays valid: any new grant bumps the token first.
   */
  async isCurrent(fence: Fence): Promise<boolean> {
    const current = await this.records.load(fence.scope);
    return current !== null && current.holderNodeId !== null && current.fencingToken === fence.token;
  }

  /**
   * Admits one fenced write to `worldId`'s data, or throws (nothing written): no fence, another
   * scope, not the current grant (FenceRejectedError), or a write number already admitted under
   * this grant (DuplicateRequestError). The number is saved before the caller writes, so each
   * request is performed at most once. Call only inside `mutex.run(worldId)`.
   */
  async admitWrite(fence: Fence | null, worldId: string): Promise<void> {
    if (fence === null) throw new FenceRejectedError(worldId, null, 'the writer holds no lease for this world');
    if (fence.scope !== worldId) throw new FenceRejectedError(fence.scope, fence.token, `the lease does not cover world ${worldId}`);
    const current = await this.records.load(fence.scope);
    if (current === null || current.holderNodeId === null || current.fencingToken !== fence.token) {
      throw new FenceRejectedError(fence.scope, fence.token, 'a newer lease was granted or it was released');
    }
    if (fence.seq === undefined || fence.seq === null) return;
    if (!Number.isSafeInteger(fence.seq) || fence.seq < 1) throw new ValidationError('fence seq must be a positive integer');
    const last = current.lastWriteSeq ?? 0;
    if (fence.seq <= last) throw new DuplicateRequestError(fence.scope, fence.token, fence.seq, last);
    await this.records.save(fence.scope, { ...current, lastWriteSeq: fence.seq });
  }

  async inspect(scope: string): Promise<FencedLeaseRecord | null> {
    return this.records.load(normalizeWorldId(scope));
  }
}

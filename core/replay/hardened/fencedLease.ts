// Hardened lease service (removes spec §14.1–§14.4 for the shared stores): a compare-and-set
// lease per scope with a fencing token that only ever grows, and lease time read from the
// service's own Clock (the caller's `now` is ignored, so a skewed worker clock cannot steal or
// shorten a lease; see `leaseClock.ts` for steps of the service's own clock). The service lives on
// the node that owns the shared stores; its per-scope mutex is also taken by every fenced write
// there, so "token is current" and the write are one step.
import type { Clock, Profile } from '../../ports';
import { normalizeNodeId, normalizeWorldId } from '../../common/ids';
import { satAdd, satAddI64 } from '../../common/saturating';
import { parseJson, type StoreFiles } from '../../common/storeFiles';
import { FieldReader } from '../codec/fields';
import { toJsonText } from '../codec/records';
import { keyFilePath } from '../stores/fileNames';
import { validateLeaseTtl } from '../validation';
import { MonotonicLeaseClock } from './leaseClock';
import type { KeyedMutex } from './mutex';

/** A scope's lease record; it survives release (holder null) so tokens never repeat. */
export interface FencedLeaseRecord {
  readonly holderNodeId: string | null;
  readonly expiresAtMs: number;
  readonly fencingToken: number;
  /** Lease time of the grant (null/absent: a record from before it was kept). */
  readonly grantedAtMs?: number | null;
}

/** Proof of holding a scope's lease; every shared-store write carries it. */
export interface Fence {
  readonly scope: string;
  readonly token: number;
}

export interface LeaseGrant extends Fence {
  readonly holderNodeId: string;
  readonly expiresAtMs: number;
}

/** What a worker calls on the lease service (possibly remotely). */
export interface FencedLeasePort {
  acquire(scope: string, nodeId: string, ttlMs: number): Promise<LeaseGrant | null>;
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
 * "fencing_token","granted_at_ms"}` (the last optional).
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
    };
  }
  async save(scope: string, record: FencedLeaseRecord): Promise<void> {
    const json = {
      holder_node_id: record.holderNodeId,
      expires_at_ms: record.expiresAtMs,
      fencing_token: record.fencingToken,
      granted_at_ms: record.grantedAtMs ?? null,
    };
    await this.files.writeDocument(this.pathFor(scope), toJsonText(json));
  }
}

export class FencedLeaseService implements FencedLeasePort {
  private readonly leaseClock: MonotonicLeaseClock;

  constructor(
    private readonly records: FencedLeaseRecordStore,
    clock: Clock,
    private readonly mutex: KeyedMutex,
  ) {
    this.leaseClock = new MonotonicLeaseClock(clock);
  }

  /**
   * Grants iff no lease of the scope is active on the service's lease clock — even the current holder
   * must wait (a restarted process with the same node id is not the same holder, spec §14.4).
   */
  async acquire(scope: string, nodeId: string, ttlMs: number): Promise<LeaseGrant | null> {
    validateLeaseTtl(ttlMs);
    const s = normalizeWorldId(scope);
    const node = normalizeNodeId(nodeId);
    return this.mutex.run(s, async () => {
      const nowMs = this.leaseClock.nowMs();
      const current = await this.records.load(s);
      if (current && this.leaseClock.isActive(current, nowMs)) return null;
      const grant: LeaseGrant = {
        scope: s,
        token: satAdd(current?.fencingToken ?? 0, 1),
        holderNodeId: node,
        expiresAtMs: satAddI64(nowMs, ttlMs),
      };
      await this.records.save(s, { holderNodeId: node, expiresAtMs: grant.expiresAtMs, fencingToken: grant.token, grantedAtMs: nowMs });
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

  async inspect(scope: string): Promise<FencedLeaseRecord | null> {
    return this.records.load(normalizeWorldId(scope));
  }
}

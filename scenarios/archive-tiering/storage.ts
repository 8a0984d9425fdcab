// The storage node: the archive's hot and cold tiers (and, hardened, the offload intents and the
// tiers' lock) from the core's factory `createEventStores`, file-backed on the node's disk and
// served over RPC as one `archive` object. Every method takes the caller's context (node, role,
// operation id) so the harness can attribute what it observes; the stores themselves are the
// core's, unchanged.
//  - `original` (the spec's deployment): workers run the entry points themselves over the raw
//    tiers (`tierList`/`tierReplace`/...), so a prune or an offload is several requests apart.
//  - `hardened`: the entry points run here, where the tiers' lock lives (`prune`, `offload`,
//    `read`), and a boot first finishes any offload a crash interrupted. A prune is the core's
//    tiered prune (`pruneTieredHotArchive`: finish a pending offload, then prune, under the lock);
//    the `retention-only` deployment runs B's prune alone under the lock instead, which the
//    offload's recovery must survive too (it once did not: findings.ts REGRESSIONS).
import {
  createEventStores,
  defaultAuditAggregateQueryPolicy,
  normalizeKey,
  offloadAuditArchiveTiered,
  pairKey,
  pruneGovernanceAuditArchive,
  pruneTieredHotArchive,
  queryAuditArchiveAggregated,
  recoverPendingOffload,
  type AuditPruneReport,
  type AuditRetentionPolicy,
  type EventStores,
  type GovernanceAuditRecord,
  type GovernanceAuditRetentionStore,
  type TieredOffloadPolicy,
  type TieredOffloadReport,
} from '../../core/index';
import type { Profile } from '../../core/ports';
import { serveObject, type NodeContext } from '../../sim/index';
import { closeOp, noteAppendDone, noteAppendStarted, notePruneSnapshot, notePruneWrite, openOp, type ArchiveLedger, type PruneWrite } from '../checkers/archive-ledger';
import { ARCHIVE_ROOT, TARGET, WORLD } from './config';
import type { ArchiveTieringState } from './state';

export const ARCHIVE_SERVICE = 'archive';

export type Tier = 'hot' | 'cold';
export type Role = 'append' | 'prune' | 'offload' | 'read';

/** Who calls and as part of what (an operation id from the ledger, or null). */
export interface Caller {
  readonly node: string;
  readonly role: Role;
  readonly opId: string | null;
}

/** How the hardened entry points are deployed on the storage node. */
export interface ArchiveDeployment {
  /**
   * `tiered`: the core's `pruneTieredHotArchive` (finishes a pending offload first). `retention-only`:
   * B's `pruneGovernanceAuditArchive` on the hot tier under the tiers' lock, unaware of offloads.
   */
  readonly prune: 'tiered' | 'retention-only';
}

export const DEFAULT_DEPLOYMENT: ArchiveDeployment = { prune: 'tiered' };

/** Oracle-side reads the service needs from the harness (no effect on the run). */
export interface StorageObserver {
  step(): number;
  hotUids(): number[] | null;
}

/** A hot tier that reports a prune's reads and writes to the ledger. */
export function observedHot(inner: GovernanceAuditRetentionStore, ledger: ArchiveLedger, opId: string, obs: StorageObserver): GovernanceAuditRetentionStore {
  const observe = async (method: PruneWrite['method'], write: () => Promise<void>): Promise<void> => {
    const before = obs.hotUids();
    let failed = true;
    try {
      await write();
      failed = false;
    } finally {
      notePruneWrite(ledger, opId, { step: obs.step(), method, before, after: obs.hotUids(), failed });
    }
  };
  return {
    append: (w, n, r) => inner.append(w, n, r),
    list: async (w, n) => {
      const records = await inner.list(w, n);
      notePruneSnapshot(ledger, opId, records);
      return records;
    },
    replace: (w, n, rs) => observe('replace', () => inner.replace(w, n, rs)),
    replacePrefix: (w, n, s, k) => observe('replacePrefix', () => inner.replacePrefix(w, n, s, k)),
  };
}

export class ArchiveService {
  private opSeq = 0;

  constructor(
    private readonly ctx: NodeContext,
    private readonly stores: EventStores,
    private readonly ledger: ArchiveLedger,
    private readonly obs: StorageObserver,
    private readonly deployment: ArchiveDeployment = DEFAULT_DEPLOYMENT,
  ) {}

  private tier(caller: Caller, tier: Tier): GovernanceAuditRetentionStore {
    const store = tier === 'hot' ? this.stores.hotStore : this.stores.coldStore;
    return tier === 'hot' && caller.role === 'prune' && caller.opId !== null ? observedHot(store, this.ledger, caller.opId, this.obs) : store;
  }

  async append(caller: Caller, worldId: string, nodeId: string, record: GovernanceAuditRecord): Promise<void> {
    noteAppendStarted(this.ledger, record, caller.node, this.obs.step());
    await this.stores.hotStore.append(worldId, nodeId, record);
    noteAppendDone(this.ledger, record);
  }

  tierList(caller: Caller, tier: Tier, worldId: string, nodeId: string): Promise<GovernanceAuditRecord[]> {
    return this.tier(caller, tier).list(worldId, nodeId);
  }

  tierReplace(caller: Caller, tier: Tier, worldId: string, nodeId: string, records: GovernanceAuditRecord[]): Promise<void> {
    return this.tier(caller, tier).replace(worldId, nodeId, records);
  }

  tierReplacePrefix(caller: Caller, tier: Tier, w: string, n: string, snapshot: GovernanceAuditRecord[], kept: GovernanceAuditRecord[]): Promise<void> {
    return this.tier(caller, tier).replacePrefix(w, n, snapshot, kept);
  }

  /** Runs `fn` as a ledger operation of this node (hardened entry points run here). */
  private async asOp<T>(caller: Caller, kind: 'prune' | 'offload' | 'read', atMs: number, fn: (opId: string) => Promise<T>, policy?: AuditRetentionPolicy): Promise<T> {
    const id = `${this.ctx.id}#${this.ctx.incarnation}:${kind}:${++this.opSeq}`;
    const op = { id, kind, node: this.ctx.id, incarnation: this.ctx.incarnation, requestedBy: caller.node, atMs, startStep: this.obs.step() };
    openOp(this.ledger, op, policy === undefined ? undefined : { policy });
    try {
      return await fn(id);
    } finally {
      closeOp(this.ledger, id);
    }
  }

  prune(caller: Caller, worldId: string, nodeId: string, atMs: number, policy: AuditRetentionPolicy): Promise<AuditPruneReport> {
    const s = this.stores;
    return this.asOp(
      caller,
      'prune',
      atMs,
      (opId) => {
        const opts = { worldId, nodeId, prunedAtMs: atMs, retentionPolicy: policy, retentionStore: observedHot(s.hotStore, this.ledger, opId, this.obs), profile: s.profile };
        if (s.profile === 'hardened' && this.deployment.prune === 'retention-only') {
          return s.tiering.mutex.run(pairKey(normalizeKey(worldId, nodeId)), () => pruneGovernanceAuditArchive(opts));
        }
        // The offload's recovery writes the plain hot tier: only the prune's own writes are the prune's.
        return pruneTieredHotArchive({ ...opts, hotStore: s.hotStore, coldStore: s.coldStore, tiering: s.tiering });
      },
      policy,
    );
  }

  offload(caller: Caller, worldId: string, nodeId: string, atMs: number, policy: TieredOffloadPolicy): Promise<TieredOffloadReport> {
    const s = this.stores;
    return this.asOp(caller, 'offload', atMs, () =>
      offloadAuditArchiveTiered({ worldId, nodeId, offloadedAtMs: atMs, policy, hotStore: s.hotStore, coldStore: s.coldStore, profile: s.profile, tiering: s.tiering }),
    );
  }

  /** The hot/cold aggregate query; returns how many records it saw (hardened: after recovery). */
  read(caller: Caller, worldId: string, nodeId: string): Promise<number> {
    const s = this.stores;
    const policy = { ...defaultAuditAggregateQueryPolicy(), maxRecords: 100_000 };
    return this.asOp(caller, 'read', 0, async () => {
      const report = await queryAuditArchiveAggregated({ worldId, nodeIds: [nodeId], policy, hotStore: s.hotStore, coldStore: s.coldStore, profile: s.profile, tiering: s.tiering });
      return report.returned;
    });
  }
}

/** Hardened boot: finish an offload a crash interrupted, under the tiers' lock. */
async function recoverAtBoot(ctx: NodeContext, stores: EventStores, state: ArchiveTieringState): Promise<void> {
  const key = normalizeKey(WORLD, TARGET);
  try {
    const recovered = await stores.tiering.mutex.run(pairKey(key), () => recoverPendingOffload(key, stores, stores.tiering.intents));
    if (recovered) state.recoveredAtBoot += 1;
    ctx.record('decision', { op: 'boot-recovery', recovered });
  } catch (e) {
    ctx.record('decision', { op: 'boot-recovery', error: e instanceof Error ? e.message : String(e) });
  }
}

export function storageProgram(state: ArchiveTieringState, profile: Profile, obs: StorageObserver, deployment: ArchiveDeployment = DEFAULT_DEPLOYMENT) {
  return async (ctx: NodeContext): Promise<void> => {
    const stores = createEventStores({ fs: ctx.fs, root: ARCHIVE_ROOT, profile });
    if (profile === 'hardened') await recoverAtBoot(ctx, stores, state);
    serveObject(ctx, ARCHIVE_SERVICE, new ArchiveService(ctx, stores, state.archive, obs, deployment));
  };
}

// How a worker performs each archive operation, by profile.
//  - `original`: the spec's entry points run on the worker over remote views of the raw tiers
//    (every store call one request), as `MembershipSyncClient` methods with shared stores would;
//    the worker records the operation in the ledger while it runs.
//  - `hardened`: one request to the storage node, which runs the hardened entry point under the
//    tiers' lock (see storage.ts).
import {
  offloadAuditArchiveTiered,
  pruneGovernanceAuditArchive,
  type GovernanceAuditRecord,
  type GovernanceAuditRetentionStore,
} from '../../core/index';
import type { Profile } from '../../core/ports';
import type { NodeContext, Remote } from '../../sim/index';
import { closeOp, openOp, type ArchiveLedger, type ArchiveOpKind } from '../checkers/archive-ledger';
import { OFFLOAD_POLICY, RETENTION_POLICY, TARGET, WORLD } from './config';
import type { ArchiveService, Caller, Tier } from './storage';

export interface ArchiveOps {
  append(record: GovernanceAuditRecord): Promise<void>;
  prune(atMs: number): Promise<void>;
  offload(atMs: number): Promise<void>;
  /** The aggregate read a worker does last (hardened: finishes an interrupted offload). */
  read(): Promise<number>;
}

/** A raw tier on the storage node, seen through RPC with the caller's context attached. */
export function remoteTier(archive: Remote<ArchiveService>, tier: Tier, caller: Caller): GovernanceAuditRetentionStore {
  return {
    append: async () => {
      throw new Error('remote tiers take appends through ArchiveService.append');
    },
    list: (w, n) => archive.tierList(caller, tier, w, n),
    replace: (w, n, rs) => archive.tierReplace(caller, tier, w, n, [...rs]),
    replacePrefix: (w, n, s, k) => archive.tierReplacePrefix(caller, tier, w, n, [...s], [...k]),
  };
}

function originalOps(ctx: NodeContext, archive: Remote<ArchiveService>, ledger: ArchiveLedger, step: () => number): ArchiveOps {
  let seq = 0;
  const asOp = async (kind: ArchiveOpKind, atMs: number, fn: (caller: Caller) => Promise<unknown>): Promise<void> => {
    const id = `${ctx.id}#${ctx.incarnation}:${kind}:${++seq}`;
    openOp(ledger, { id, kind, node: ctx.id, incarnation: ctx.incarnation, requestedBy: ctx.id, atMs, startStep: step() }, kind === 'prune' ? { policy: RETENTION_POLICY } : undefined);
    try {
      await fn({ node: ctx.id, role: kind, opId: id });
    } finally {
      closeOp(ledger, id);
    }
  };
  return {
    append: (record) => archive.append({ node: ctx.id, role: 'append', opId: null }, WORLD, TARGET, record),
    prune: (atMs) =>
      asOp('prune', atMs, (caller) =>
        pruneGovernanceAuditArchive({ worldId: WORLD, nodeId: TARGET, prunedAtMs: atMs, retentionPolicy: RETENTION_POLICY, retentionStore: remoteTier(archive, 'hot', caller), profile: 'original' }),
      ),
    offload: (atMs) =>
      asOp('offload', atMs, (caller) =>
        offloadAuditArchiveTiered({
          worldId: WORLD,
          nodeId: TARGET,
          offloadedAtMs: atMs,
          policy: OFFLOAD_POLICY,
          hotStore: remoteTier(archive, 'hot', caller),
          coldStore: remoteTier(archive, 'cold', caller),
          profile: 'original',
        }),
      ),
    read: () => archive.read({ node: ctx.id, role: 'read', opId: null }, WORLD, TARGET),
  };
}

function hardenedOps(ctx: NodeContext, archive: Remote<ArchiveService>): ArchiveOps {
  const caller = (role: Caller['role']): Caller => ({ node: ctx.id, role, opId: null });
  return {
    append: (record) => archive.append(caller('append'), WORLD, TARGET, record),
    prune: async (atMs) => {
      await archive.prune(caller('prune'), WORLD, TARGET, atMs, RETENTION_POLICY);
    },
    offload: async (atMs) => {
      await archive.offload(caller('offload'), WORLD, TARGET, atMs, OFFLOAD_POLICY);
    },
    read: () => archive.read(caller('read'), WORLD, TARGET),
  };
}

export function archiveOps(profile: Profile, ctx: NodeContext, archive: Remote<ArchiveService>, ledger: ArchiveLedger, step: () => number): ArchiveOps {
  return profile === 'hardened' ? hardenedOps(ctx, archive) : originalOps(ctx, archive, ledger, step);
}

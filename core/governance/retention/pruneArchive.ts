// P3.33 prune entry point (spec B §5.4, write P1). `original` lists, applies retention and always
// rewrites the whole archive. `hardened` rewrites only the records it read (appends made meanwhile
// survive), never empties the archive (if age would drop everything, e.g. after a clock jumped
// forward, the newest record stays), and skips the write when nothing is pruned.
import type { Profile } from '../../ports';
import { normalizeKey } from '../../common/ids';
import type { GovernanceAuditRecord, GovernanceAuditRetentionStore } from '../archive/governanceAudit';
import { PendingGovernanceCommitError } from '../hardened/commitPort';
import { SnapshotConflictError } from '../stores/logStore';
import {
  applyAuditRetention,
  validateAuditRetentionPolicy,
  type AuditPruneReport,
  type AuditRetentionPolicy,
  type AuditRetentionResult,
} from './auditRetention';

export interface PruneArchiveOptions {
  readonly worldId: string;
  readonly nodeId: string;
  readonly prunedAtMs: number;
  readonly retentionPolicy: AuditRetentionPolicy;
  readonly retentionStore: GovernanceAuditRetentionStore;
  /** Defaults to `original`. */
  readonly profile?: Profile;
}

/** How often a hardened prune re-reads after another writer rewrote the archive under it. */
const HARDENED_PRUNE_ATTEMPTS = 3;

export async function pruneGovernanceAuditArchive(opts: PruneArchiveOptions): Promise<AuditPruneReport> {
  validateAuditRetentionPolicy(opts.retentionPolicy);
  const key = normalizeKey(opts.worldId, opts.nodeId);
  const prune = opts.profile === 'hardened' ? pruneHardened : pruneOriginal;
  const counts = await prune(opts, key.worldId, key.nodeId);
  return { worldId: key.worldId, nodeId: key.nodeId, prunedAtMs: opts.prunedAtMs, ...counts };
}

type PruneCounts = Pick<AuditPruneReport, 'before' | 'after' | 'prunedByAge' | 'prunedByCapacity'>;

async function pruneOriginal(opts: PruneArchiveOptions, w: string, n: string): Promise<PruneCounts> {
  const records = await opts.retentionStore.list(w, n);
  const result = applyAuditRetention(records, opts.prunedAtMs, opts.retentionPolicy);
  await opts.retentionStore.replace(w, n, result.kept);
  return countsOf(records.length, result);
}

/**
 * The hardened floor on top of the spec's retention: a prune never deletes the whole archive.
 * Capacity alone cannot empty it (max_records >= 1), so the record kept back was dropped by age.
 */
export function retainWithFloor(
  records: readonly GovernanceAuditRecord[],
  nowMs: number,
  policy: AuditRetentionPolicy,
): AuditRetentionResult {
  const result = applyAuditRetention(records, nowMs, policy);
  if (result.kept.length > 0 || records.length === 0) return result;
  return { kept: [records[records.length - 1]], prunedByAge: result.prunedByAge - 1, prunedByCapacity: 0 };
}

async function pruneHardened(opts: PruneArchiveOptions, w: string, n: string): Promise<PruneCounts> {
  for (let attempt = 1; ; attempt += 1) {
    const snapshot = await opts.retentionStore.list(w, n);
    const result = retainWithFloor(snapshot, opts.prunedAtMs, opts.retentionPolicy);
    if (result.kept.length === snapshot.length) return countsOf(snapshot.length, result);
    try {
      await opts.retentionStore.replacePrefix(w, n, snapshot, result.kept);
      return countsOf(snapshot.length, result);
    } catch (e) {
      // A governed run's commit awaits its alert: prune next time, when its append base is settled.
      if (e instanceof PendingGovernanceCommitError) return countsOf(snapshot.length, { kept: snapshot, prunedByAge: 0, prunedByCapacity: 0 });
      if (!(e instanceof SnapshotConflictError) || attempt >= HARDENED_PRUNE_ATTEMPTS) throw e;
    }
  }
}

const countsOf = (
  before: number,
  r: { kept: readonly unknown[]; prunedByAge: number; prunedByCapacity: number },
): PruneCounts => ({
  before,
  after: r.kept.length,
  prunedByAge: r.prunedByAge,
  prunedByCapacity: r.prunedByCapacity,
});

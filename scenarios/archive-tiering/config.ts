// archive-tiering: topology, the archive's key and files, policies and the workload's pace. Small
// policies (milliseconds and tens of records) so that capacity and age selection, the offload
// rate limit and retention all act within a run of a few virtual seconds.
import { GOVERNANCE_FILE_SUFFIX, joinPath, OFFLOAD_INTENT_FILE_SUFFIX, pairFilePath, type AuditRetentionPolicy, type TieredOffloadPolicy } from '../../core/index';
import type { Profile } from '../../core/ports';
import type { ArchiveFiles } from '../checkers/archive-ledger';

export const STORAGE = 'storage';
export const WORKERS = ['n1', 'n2', 'n3'] as const;
export const NODES: readonly string[] = [STORAGE, ...WORKERS];

/** The one archive key every worker writes (state is keyed by the target, spec B §8.6). */
export const WORLD = 'w1';
export const TARGET = 't1';

/** Root of the archive on the storage node: `hot/`, `cold/`, `tiering/` (createEventStores layout). */
export const ARCHIVE_ROOT = '/archive';
/** A worker's local journal of what it did (so crash-at-write can hit workers too). */
export const JOURNAL_PATH = '/worker/ops.jsonl';

export function archiveFiles(profile: Profile): ArchiveFiles {
  return {
    hot: pairFilePath(joinPath(ARCHIVE_ROOT, 'hot'), profile, WORLD, TARGET, GOVERNANCE_FILE_SUFFIX.governanceAudit),
    cold: pairFilePath(joinPath(ARCHIVE_ROOT, 'cold'), profile, WORLD, TARGET, GOVERNANCE_FILE_SUFFIX.governanceAudit),
    intent: joinPath(joinPath(ARCHIVE_ROOT, 'tiering'), `${WORLD}.${TARGET}.${OFFLOAD_INTENT_FILE_SUFFIX}`),
  };
}

/** Retention drops records older than the offload age, so prune and offload compete (spec C W-F4). */
export const RETENTION_POLICY: AuditRetentionPolicy = { maxRecords: 8, maxAgeMs: 450 };
/** Offload moves at most 2 records a run: slower than the appends, so hot grows and both act. */
export const OFFLOAD_POLICY: TieredOffloadPolicy = { hotMaxRecords: 6, offloadMinAgeMs: 300, maxOffloadRecords: 2 };

export const PACE = {
  /** Appends per worker over the run (counted from its journal across restarts). */
  appendsPerWorker: 24,
  appendGapMs: [25, 85] as const,
  pruneGapMs: [60, 150] as const,
  offloadGapMs: [80, 200] as const,
  /** Prune and offload schedules stop (global virtual time) ... */
  maintenanceEndMs: 2200,
  /** ... and the chaos phase ends here. */
  healAtMs: 1500,
  requestTimeoutMs: 150,
} as const;

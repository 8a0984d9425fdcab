// The retention rule (spec B §5.3) written again, independently of the core, as the checkers'
// oracle: a record is dropped by age when `now − audited_at > max_age` (strict), then the oldest
// by position go until `max_records` remain. Pure.
import type { AuditRetentionPolicy } from '../../core/index';
import type { ArchiveRecordRef } from './archive-ledger';

/** uids of `snapshot` the policy drops at `atMs`, in snapshot order (by age first, then capacity). */
export function retentionDrops(snapshot: readonly ArchiveRecordRef[], atMs: number, policy: AuditRetentionPolicy): number[] {
  const young: ArchiveRecordRef[] = [];
  const dropped: number[] = [];
  for (const r of snapshot) {
    if (atMs - r.auditedAtMs > policy.maxAgeMs) dropped.push(r.uid);
    else young.push(r);
  }
  const excess = Math.max(0, young.length - policy.maxRecords);
  for (const r of young.slice(0, excess)) dropped.push(r.uid);
  return dropped;
}

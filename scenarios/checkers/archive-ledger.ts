// The archive ledger: what a scenario's harness observed about the governance audit archive (the
// oracle side, never read by node programs). The storage node's service records every append it
// began and finished, every prune's snapshot and every prune write with the hot tier's content just
// before and after it (read from the disk model, so with no effect on the run); workers and the
// storage record when archive operations start and end. The archive checkers read only this and
// the storage node's files.
import type { Profile } from '../../core/ports';
import type { AuditRetentionPolicy, GovernanceAuditRecord } from '../../core/index';
import { retentionDrops } from './archive-oracle';

/** Records carry their scenario-wide unique id in `rollback_streak` (a usize nothing here reads). */
export const uidOf = (record: Pick<GovernanceAuditRecord, 'rollbackStreak'>): number => record.rollbackStreak;

/** What retention needs of a record: its id and its timestamp. */
export interface ArchiveRecordRef {
  readonly uid: number;
  readonly auditedAtMs: number;
}

export const refOf = (r: GovernanceAuditRecord): ArchiveRecordRef => ({ uid: uidOf(r), auditedAtMs: r.auditedAtMs });

/** Where the archive of the scenario's one key lives on the storage node. */
export interface ArchiveFiles {
  readonly hot: string;
  readonly cold: string;
  /** The hardened offload intent (never written in `original`). */
  readonly intent: string;
}

export type ArchiveOpKind = 'prune' | 'offload' | 'read';

/** An archive operation while it runs (removed from `openOps` when it ends). */
export interface ArchiveOp {
  readonly id: string;
  readonly kind: ArchiveOpKind;
  /** The node whose process runs the entry point (a worker in original, the storage in hardened). */
  readonly node: string;
  readonly incarnation: number;
  /** The worker that asked for it. */
  readonly requestedBy: string;
  readonly atMs: number;
  readonly startStep: number;
}

/** One rewrite of the hot tier by a prune, as the storage saw it. */
export interface PruneWrite {
  readonly step: number;
  readonly method: 'replace' | 'replacePrefix';
  /** Hot tier uids just before and after the write (null: the file was not decodable). */
  readonly before: readonly number[] | null;
  readonly after: readonly number[] | null;
  /** True when the store call threw (a partial rewrite may still have happened). */
  readonly failed: boolean;
}

export interface PruneObservation {
  readonly opId: string;
  readonly node: string;
  readonly requestedBy: string;
  readonly atMs: number;
  readonly policy: AuditRetentionPolicy;
  /** Every hot list the prune read (a retried or duplicated prune reads more than once). */
  readonly snapshots: ArchiveRecordRef[][];
  readonly writes: PruneWrite[];
}

export interface AppendOrigin {
  readonly node: string;
  readonly step: number;
  readonly auditedAtMs: number;
}

export interface ArchiveLedger {
  readonly storageNode: string;
  readonly profile: Profile;
  readonly files: ArchiveFiles;
  /** uid → appends of it the storage began executing (a duplicated request runs twice). */
  readonly appendsStarted: Map<number, number>;
  /** uid → appends of it the store completed (acknowledged; durable in `hardened`). */
  readonly appendsDone: Map<number, number>;
  readonly origins: Map<number, AppendOrigin>;
  readonly openOps: Map<string, ArchiveOp>;
  readonly prunes: Map<string, PruneObservation>;
  /** Every prune write in the order the storage performed them. */
  readonly pruneWrites: { readonly prune: PruneObservation; readonly write: PruneWrite }[];
  /** uids some prune's policy dropped from a snapshot it read: they may legitimately be gone. */
  readonly policyDropped: Set<number>;
  /** uids an observed prune write removed (whether legitimately is the retention checker's call). */
  readonly removedByPrune: Set<number>;
  closedOps: number;
}

export function createArchiveLedger(storageNode: string, profile: Profile, files: ArchiveFiles): ArchiveLedger {
  return {
    storageNode,
    profile,
    files,
    appendsStarted: new Map(),
    appendsDone: new Map(),
    origins: new Map(),
    openOps: new Map(),
    prunes: new Map(),
    pruneWrites: [],
    policyDropped: new Set(),
    removedByPrune: new Set(),
    closedOps: 0,
  };
}

const bump = (m: Map<number, number>, uid: number): void => {
  m.set(uid, (m.get(uid) ?? 0) + 1);
};

export function noteAppendStarted(l: ArchiveLedger, record: GovernanceAuditRecord, node: string, step: number): void {
  const uid = uidOf(record);
  bump(l.appendsStarted, uid);
  if (!l.origins.has(uid)) l.origins.set(uid, { node, step, auditedAtMs: record.auditedAtMs });
}

export function noteAppendDone(l: ArchiveLedger, record: GovernanceAuditRecord): void {
  bump(l.appendsDone, uidOf(record));
}

export function openOp(l: ArchiveLedger, op: ArchiveOp, prune?: { policy: AuditRetentionPolicy }): void {
  l.openOps.set(op.id, op);
  if (op.kind === 'prune' && prune !== undefined) {
    l.prunes.set(op.id, { opId: op.id, node: op.node, requestedBy: op.requestedBy, atMs: op.atMs, policy: prune.policy, snapshots: [], writes: [] });
  }
}

export function closeOp(l: ArchiveLedger, opId: string): void {
  if (l.openOps.delete(opId)) l.closedOps += 1;
}

export function notePruneSnapshot(l: ArchiveLedger, opId: string, records: readonly GovernanceAuditRecord[]): void {
  const p = l.prunes.get(opId);
  if (p === undefined) return;
  const snapshot = records.map(refOf);
  p.snapshots.push(snapshot);
  for (const uid of retentionDrops(snapshot, p.atMs, p.policy)) l.policyDropped.add(uid);
}

export function notePruneWrite(l: ArchiveLedger, opId: string, write: PruneWrite): void {
  const p = l.prunes.get(opId);
  if (p === undefined) return;
  p.writes.push(write);
  l.pruneWrites.push({ prune: p, write });
  for (const uid of removedCopies(write.before, write.after)) l.removedByPrune.add(uid);
}

/** uids with fewer copies after than before (multiset difference), in `before` order. */
export function removedCopies(before: readonly number[] | null, after: readonly number[] | null): number[] {
  if (before === null || after === null) return [];
  const left = new Map<number, number>();
  for (const uid of after) left.set(uid, (left.get(uid) ?? 0) + 1);
  const removed: number[] = [];
  for (const uid of before) {
    const n = left.get(uid) ?? 0;
    if (n > 0) left.set(uid, n - 1);
    else removed.push(uid);
  }
  return removed;
}

/** True while the op's process is still running (its node is up in the same incarnation). */
export function opIsLive(op: ArchiveOp, nodeState: (node: string) => { up: boolean; incarnation: number }): boolean {
  const s = nodeState(op.node);
  return s.up && s.incarnation === op.incarnation;
}

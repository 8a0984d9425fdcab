// The workload's governance audit records: each carries a run-wide unique id in `rollback_streak`
// (see checkers/archive-ledger `uidOf`), made from the worker, its incarnation and a counter, so
// ids stay unique across restarts without any durable counter.
import type { GovernanceAuditRecord, GovernanceLevel } from '../../core/index';
import { TARGET, WORKERS, WORLD } from './config';

const LEVELS: readonly GovernanceLevel[] = ['normal', 'stable', 'emergency'];

/** `<worker index 1..><incarnation, 3 digits><sequence, 3 digits>` */
export function recordUid(worker: string, incarnation: number, seq: number): number {
  const index = WORKERS.indexOf(worker as (typeof WORKERS)[number]) + 1;
  return index * 1_000_000 + (incarnation % 1000) * 1000 + (seq % 1000);
}

/** The worker a uid came from (for messages). */
export const workerOfUid = (uid: number): string => WORKERS[Math.floor(uid / 1_000_000) - 1] ?? '?';

export function auditRecord(uid: number, auditedAtMs: number): GovernanceAuditRecord {
  return {
    worldId: WORLD,
    nodeId: TARGET,
    auditedAtMs,
    governanceLevel: LEVELS[uid % LEVELS.length],
    rollbackStreak: uid,
    rolledBack: uid % 2 === 0,
    appliedPolicy: { maxReplayPerRun: 64, maxRetryLimitExceededStreak: 3 },
    alertEmitted: false,
  };
}

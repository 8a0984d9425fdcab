// Where part B's file stores put a key's file: `<root>/<world>.<node>.<suffix>` (spec B §0.4),
// with the ids normalised first so that they can never escape the root.
import { normalizeKey, pairKey, type ScheduleKey } from '../../common/ids';
import { joinPath } from '../../common/paths';

export const storeFilePath = (root: string, key: ScheduleKey, suffix: string): string =>
  joinPath(root, `${key.worldId}.${key.nodeId}.${suffix}`);

export const keyOf = (worldId: string, nodeId: string): ScheduleKey => normalizeKey(worldId, nodeId);

export const memoryKey = (worldId: string, nodeId: string): string => pairKey(normalizeKey(worldId, nodeId));

/** The spec's file names, one per store. */
export const FILE_SUFFIX = {
  policyState: 'revocation-dead-letter-replay-policy-state.json',
  policyAudit: 'revocation-dead-letter-replay-policy-audit.jsonl',
  alertState: 'revocation-dead-letter-replay-rollback-alert-state.json',
  governanceState: 'revocation-dead-letter-replay-rollback-governance-state.json',
  governanceAudit: 'revocation-dead-letter-replay-rollback-governance-audit.jsonl',
  drillSchedule: 'revocation-dead-letter-replay-rollback-governance-recovery-drill-schedule-state.json',
  /** Hardened only: the write-ahead commit of one governed run (not in the spec). */
  commitIntent: 'revocation-dead-letter-replay-governance-commit-intent.json',
} as const;

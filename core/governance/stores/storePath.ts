// Where part B's file stores put a key's file: `<root>/<world>.<node>.<suffix>` (spec B §0.4),
// with the ids normalised first so that they can never escape the root. Part A's naming is used,
// so `hardened` also escapes dots inside ids (no `a.b`+`c` / `a`+`b.c` collision, spec B §8.6).
import type { Profile } from '../../ports';
import { normalizeKey, pairKey } from '../../common/ids';
import { pairFilePath } from '../../replay/stores/fileNames';

export const storeFilePath = (root: string, profile: Profile, worldId: string, nodeId: string, suffix: string): string =>
  pairFilePath(root, profile, worldId, nodeId, suffix);

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

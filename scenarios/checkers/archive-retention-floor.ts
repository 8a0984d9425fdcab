// Invariant `retention-floor`: a prune never empties a non-empty archive — the newest record
// always stays. The spec's retention has no floor, so a clock that runs ahead (or a bad
// `pruned_at_ms`) makes every record look expired and deletes the whole archive for good
// (spec B §8.5, §8.7: the emergency history goes with it).
import type { Finding, Invariant } from '../registry';
import type { PruneObservation, PruneWrite } from './archive-ledger';
import type { HasArchiveLedger } from './archive-tiers';
import { judgeNewPruneWrites } from './retention';

export const RETENTION_FLOOR = 'retention-floor';

export function judgePruneFloor(prune: PruneObservation, write: PruneWrite): Finding | null {
  if (write.before === null || write.before.length === 0 || write.after === null || write.after.length > 0) return null;
  return {
    node: prune.node,
    message: `prune ${prune.opId} emptied the archive (${write.before.length} record(s) before)`,
    evidence: { prune: prune.opId, node: prune.node, requestedBy: prune.requestedBy, atMs: prune.atMs, policy: prune.policy, write },
  };
}

export const retentionFloor: Invariant<HasArchiveLedger> = {
  name: RETENTION_FLOOR,
  kind: 'safety',
  when: 'step',
  check: (ctx) => judgeNewPruneWrites(ctx, judgePruneFloor),
};

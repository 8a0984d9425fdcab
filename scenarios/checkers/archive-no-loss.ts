// Invariant `archive-no-loss`: a governance audit record whose append completed is, at every
// settled point (see archive-tiers.ts), in the hot or the cold tier — unless a prune removed it
// (whether legitimately is the `retention` checker's call) or some prune's policy dropped it from
// a snapshot the prune read (a prune whose rewrite a crash cut short may legitimately have done
// so). Catches truncated in-place rewrites (spec B §8.1.3, C W-F2), an offload's hot rewrite
// dropping a concurrent append (C W-F3), and acknowledged appends a crash took back.
import type { Finding, Invariant } from '../registry';
import type { ArchiveLedger } from './archive-ledger';
import { settledTiers, type HasArchiveLedger } from './archive-tiers';

export const ARCHIVE_NO_LOSS = 'archive-no-loss';

function lost(l: ArchiveLedger, hot: Map<number, number>, cold: Map<number, number>): Finding | null {
  const uids = [...l.appendsDone.keys()].sort((a, b) => a - b);
  for (const uid of uids) {
    if ((hot.get(uid) ?? 0) + (cold.get(uid) ?? 0) > 0) continue;
    if (l.removedByPrune.has(uid) || l.policyDropped.has(uid)) continue;
    return {
      node: l.storageNode,
      message: `record ${uid} is in neither tier: its append completed and no prune removed it or may drop it`,
      evidence: { uid, appendsDone: l.appendsDone.get(uid), origin: l.origins.get(uid) ?? null, hot: [...hot.keys()], cold: [...cold.keys()] },
    };
  }
  return null;
}

export const archiveNoLoss: Invariant<HasArchiveLedger> = {
  name: ARCHIVE_NO_LOSS,
  kind: 'safety',
  when: 'step',
  check(ctx) {
    const tiers = settledTiers(ctx);
    return tiers === null ? null : lost(ctx.state.archive, tiers.hot, tiers.cold);
  },
};

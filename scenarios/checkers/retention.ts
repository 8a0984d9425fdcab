// Invariant `retention`: a prune removes from the archive only what its policy drops from what it
// read (spec B §5.3-§5.4): never a record appended while it ran (B §8.6, C W-F3), never one the
// policy keeps. Judged on every prune write the storage observed, using the content of the hot
// tier just before and just after the write. Its twin `retention-floor` (archive-retention-floor.ts)
// checks that a prune never empties the archive.
import type { Finding, Invariant, InvariantContext } from '../registry';
import { removedCopies, type PruneObservation, type PruneWrite } from './archive-ledger';
import type { HasArchiveLedger } from './archive-tiers';
import { retentionDrops } from './archive-oracle';

export const RETENTION = 'retention';

/** What is wrong with one prune write's removals, or null. Pure. */
export function judgePruneWrite(prune: PruneObservation, write: PruneWrite): Finding | null {
  const removed = removedCopies(write.before, write.after);
  const read = new Set(prune.snapshots.flatMap((s) => s.map((r) => r.uid)));
  const droppable = new Set(prune.snapshots.flatMap((s) => retentionDrops(s, prune.atMs, prune.policy)));
  const base = { prune: prune.opId, node: prune.node, requestedBy: prune.requestedBy, atMs: prune.atMs, policy: prune.policy, write };
  const unseen = removed.find((uid) => !read.has(uid));
  if (unseen !== undefined) {
    return {
      node: prune.node,
      message: `prune ${prune.opId} deleted record ${unseen}, which was appended after the prune read the archive`,
      evidence: { ...base, uid: unseen, snapshots: prune.snapshots.map((s) => s.map((r) => r.uid)) },
    };
  }
  const kept = removed.find((uid) => !droppable.has(uid));
  if (kept === undefined) return null;
  return { node: prune.node, message: `prune ${prune.opId} deleted record ${kept}, which its retention policy keeps`, evidence: { ...base, uid: kept, droppable: [...droppable] } };
}

/**
 * The first finding of `judge` over the prune writes to look at: those of the step just run (each
 * write is judged in the step it happened, so a check costs only the new writes), all at the end.
 */
export function judgeNewPruneWrites(
  ctx: InvariantContext<HasArchiveLedger>,
  judge: (prune: PruneObservation, write: PruneWrite) => Finding | null,
): Finding | null {
  const writes = ctx.state.archive.pruneWrites;
  let from = writes.length;
  if (ctx.final) from = 0;
  else while (from > 0 && writes[from - 1].write.step >= ctx.sim.steps) from--;
  for (let i = from; i < writes.length; i++) {
    const f = judge(writes[i].prune, writes[i].write);
    if (f !== null) return f;
  }
  return null;
}

export const retention: Invariant<HasArchiveLedger> = {
  name: RETENTION,
  kind: 'safety',
  when: 'step',
  check: (ctx) => judgeNewPruneWrites(ctx, judgePruneWrite),
};

// Invariant `archive-tiers`: every governance audit record appended to the archive is in exactly
// one tier — hot or cold, never both, never neither — across offload crashes (spec C §2.4, W-F1,
// W-F2, W-F3). As multiset arithmetic per record id, at every settled point:
//   copies(hot) + copies(cold) <= appends of it the storage executed (no duplicate, none in both);
//   a record whose append completed is somewhere, unless a prune removed it (the `retention`
//   checker judges those writes) or a prune's policy dropped it from a snapshot it read.
// Settled: no prune/offload is running (an abandoned one, whose process crashed, does not count)
// and no offload intent waits on disk (the hardened design finishes it on its next access).
import type { Finding, Invariant, InvariantContext } from '../registry';
import { opIsLive, type ArchiveLedger } from './archive-ledger';
import { countUids, fileText, readTiers } from './archive-view';

export interface HasArchiveLedger {
  readonly archive: ArchiveLedger;
}

export const ARCHIVE_TIERS = 'archive-tiers';

/** Null when settled, else why not (for the TUI and tests). */
export function unsettledReason(ctx: InvariantContext<HasArchiveLedger>): string | null {
  const l = ctx.state.archive;
  const nodeState = (id: string) => {
    const n = ctx.sim.node(id);
    return { up: n.up, incarnation: n.incarnation };
  };
  for (const op of l.openOps.values()) if (op.kind !== 'read' && opIsLive(op, nodeState)) return `${op.kind} ${op.id} is running`;
  if (fileText(ctx.sim, l.storageNode, l.files.intent, 'current') !== null) return 'an offload intent is pending';
  return null;
}

function duplicated(l: ArchiveLedger, hot: Map<number, number>, cold: Map<number, number>): Finding | null {
  const uids = [...new Set([...hot.keys(), ...cold.keys()])].sort((a, b) => a - b);
  for (const uid of uids) {
    const h = hot.get(uid) ?? 0;
    const c = cold.get(uid) ?? 0;
    const started = l.appendsStarted.get(uid) ?? 0;
    if (h + c <= started) continue;
    const where = h > 0 && c > 0 ? 'in both tiers' : c > 0 ? 'duplicated in the cold tier' : 'duplicated in the hot tier';
    return {
      node: l.storageNode,
      message: `record ${uid} is ${where} (${h} hot + ${c} cold copies, ${started} append(s) executed)`,
      evidence: { uid, hotCopies: h, coldCopies: c, appendsStarted: started, origin: l.origins.get(uid) ?? null },
    };
  }
  return null;
}

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

export const archiveTiers: Invariant<HasArchiveLedger> = {
  name: ARCHIVE_TIERS,
  kind: 'safety',
  when: 'step',
  check(ctx) {
    if (unsettledReason(ctx) !== null) return null;
    const l = ctx.state.archive;
    const tiers = readTiers(ctx.sim, l);
    if (!tiers.hot.ok || !tiers.cold.ok) return null; // `archive-decodable` reports it
    const hot = countUids(tiers.hot.uids);
    const cold = countUids(tiers.cold.uids);
    return duplicated(l, hot, cold) ?? lost(l, hot, cold);
  },
};

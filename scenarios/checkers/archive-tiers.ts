// Invariant `archive-tiers`: a governance audit record is never in both tiers, nor twice in one,
// across offload crashes (spec C §2.4, W-F1): at every settled point, for each record id,
//   copies(hot) + copies(cold) <= appends of it the storage executed
// (a duplicated append request legitimately executes twice). Its twin `archive-no-loss` checks
// "never in neither"; they are separate so that a shrunk reproduction keeps its weak point.
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
    const where =
      started === 0 ? 'in the archive though no append of it ran' : h > 0 && c > 0 ? 'in both tiers' : c > 0 ? 'duplicated in the cold tier' : 'duplicated in the hot tier';
    return {
      node: l.storageNode,
      message: `record ${uid} is ${where} (${h} hot + ${c} cold copies, ${started} append(s) executed)`,
      evidence: { uid, hotCopies: h, coldCopies: c, appendsStarted: started, origin: l.origins.get(uid) ?? null },
    };
  }
  return null;
}

/** Hot and cold copy counts at a settled point, or null (unsettled, or a tier does not decode). */
export function settledTiers(ctx: InvariantContext<HasArchiveLedger>): { hot: Map<number, number>; cold: Map<number, number> } | null {
  if (unsettledReason(ctx) !== null) return null;
  const tiers = readTiers(ctx.sim, ctx.state.archive);
  if (!tiers.hot.ok || !tiers.cold.ok) return null; // `archive-decodable` reports it
  return { hot: countUids(tiers.hot.uids), cold: countUids(tiers.cold.uids) };
}

export const archiveTiers: Invariant<HasArchiveLedger> = {
  name: ARCHIVE_TIERS,
  kind: 'safety',
  when: 'step',
  check(ctx) {
    const tiers = settledTiers(ctx);
    return tiers === null ? null : duplicated(ctx.state.archive, tiers.hot, tiers.cold);
  },
};

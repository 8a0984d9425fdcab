// full-stack's invariants: every checker of the pipeline, rollback-governance, archive-tiering and
// drill-events worlds, each run on the part of the state its world owns. A check is re-run only
// when something it can read has changed: a ledger, a node's disk (its count of writes) or a
// node's life (incarnation, up or down). Between such changes a pure check returns the same
// answer, and most steps of an hour-long run (a reply arriving, a timer) change none of them.
import { ARCHIVE_TIERING_INVARIANTS } from '../archive-tiering/index';
import type { ArchiveTieringState } from '../archive-tiering/state';
import type { GovernanceWorld } from '../checkers/governance-ledger';
import { DRILL_EVENTS_INVARIANTS } from '../drill-events/invariants';
import type { DrillEventsState } from '../drill-events/state';
import { pipelineInvariants, type PipelineWorld } from '../pipeline/index';
import type { Finding, Invariant, InvariantContext } from '../registry';
import { governanceInvariants, type GovernedState } from '../rollback-governance/index';
import type { Sim } from '../../sim/index';

export interface FullStackState extends GovernedState {
  readonly archive: ArchiveTieringState;
  readonly events: DrillEventsState;
}

/** An invariant of one world, checked on the part of full-stack's state that world owns. */
export function lift<S, T>(inv: Invariant<T>, part: (s: S) => T): Invariant<S> {
  return { name: inv.name, kind: inv.kind, when: inv.when, check: (ctx) => inv.check({ ...ctx, state: part(ctx.state) }) };
}

function nodesSignature(sim: Sim): string {
  let sig = '';
  for (const id of sim.nodeIds()) {
    const n = sim.node(id);
    sig += `${id}:${n.incarnation}${n.up ? '+' : '-'}${n.disk.writeOps};`;
  }
  return sig;
}

function ledgersSignature(s: FullStackState): string {
  const a = s.archive.archive;
  const e = s.events.ledger;
  const archive = `${a.appendsStarted.size}/${a.appendsDone.size}/${a.openOps.size}/${a.closedOps}/${a.pruneWrites.length}/${a.prunes.size}`;
  const events = `${e.publishes.length}/${e.pulls.length}/${e.processed.length}/${e.cursorOps.length}`;
  return `${s.pipeline.ledger.version}|${s.governance.ledger.version}|${archive}|${events}`;
}

/** `inv`, re-checked only when the signature of what it reads changed since its last check. */
export function checkedOnChange<S>(inv: Invariant<S>, signature: (ctx: InvariantContext<S>) => string): Invariant<S> {
  let last: { sig: string; finding: Finding | null } | null = null;
  return {
    name: inv.name,
    kind: inv.kind,
    when: inv.when,
    check: (ctx) => {
      const sig = `${ctx.final}|${signature(ctx)}`;
      if (last !== null && last.sig === sig) return last.finding;
      last = { sig, finding: inv.check(ctx) };
      return last.finding;
    },
  };
}

const signatureOf = (ctx: InvariantContext<FullStackState>): string => `${nodesSignature(ctx.sim)}|${ledgersSignature(ctx.state)}`;

export function fullStackInvariants(): Invariant<FullStackState>[] {
  const pipeline = (s: FullStackState): { pipeline: PipelineWorld } => s;
  const others: Invariant<FullStackState>[] = [
    ...pipelineInvariants({ policy: true, progressSettleMs: 3 * 60_000 }).map((i) => lift(i, pipeline)),
    ...ARCHIVE_TIERING_INVARIANTS.map((i) => lift(i, (s: FullStackState) => s.archive)),
    ...DRILL_EVENTS_INVARIANTS.map((i) => lift(i, (s: FullStackState) => s.events)),
  ];
  // The governance checkers memoise on their own ledger already.
  return [...others.map((i) => checkedOnChange(i, signatureOf)), ...governanceInvariants<FullStackState>((s): GovernanceWorld => s.governance, { progressSettleMs: 3 * 60_000 })];
}

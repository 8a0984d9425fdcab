// What part B's files say was decided, for the governance checkers: every policy decision (a run's
// `now` as written in `last_policy_update_at_ms`, and whether it rolled back), every governance
// level change, and when a decision counts as settled (the run that made it ended or died, and no
// hardened commit of the target is still pending), so "it has no audit record" is not judged
// while the writer is between its writes.
import type { GovernanceAuditRecord, GovernanceState, PolicyAdoptionAuditRecord, ReplayPolicyState } from '../../core/exports-governance';
import type { Sim } from '../../sim/index';
import type { GovernanceWorld, GovernedRun } from './governance-ledger';
import { targetView, type DecodedVersion, type SeenRecord } from './governance-view';

export interface PolicyDecision {
  /** The run's `now`: `last_policy_update_at_ms` of the state it wrote. */
  readonly t: number;
  rollback: boolean;
  /** Index of the first policy-state version that carried it. */
  readonly index: number;
  readonly step: number;
}

/** The last readable state before version `i`, or null (none: the virgin default). */
export function readableBefore<T>(versions: readonly DecodedVersion<T>[], i: number): T | null {
  for (let j = i - 1; j >= 0; j--) {
    const v = versions[j];
    if (v.value !== null) return v.value;
    if (v.error === null) return null; // the file was gone: default state
  }
  return null;
}

/**
 * A new rollback: `last_rollback_at_ms` moved forward to this run's `now`. (A hardened run moves a
 * future-dated value back to `now` without rolling back: that re-anchoring is not a rollback.)
 */
export function isNewRollback(prev: ReplayPolicyState | null, next: ReplayPolicyState): boolean {
  const t = next.lastRollbackAtMs;
  if (t === null || t !== next.lastPolicyUpdateAtMs) return false;
  const before = prev?.lastRollbackAtMs ?? null;
  return before === null || t > before;
}

/** Everything the checkers look up by `now` for one target, rebuilt once per ledger version. */
export interface TargetIndex {
  readonly decisions: Map<number, PolicyDecision>;
  /** Per policy-state version: whether it records a rollback (see `rollbackAt`). */
  readonly rollbackVersion: readonly boolean[];
  readonly adoptionAt: Map<number, SeenRecord<PolicyAdoptionAuditRecord>[]>;
  readonly archiveAt: Map<number, SeenRecord<GovernanceAuditRecord>[]>;
  readonly runsAt: Map<number, GovernedRun[]>;
}

const group = <T>(items: readonly T[], keyOf: (x: T) => number): Map<number, T[]> => {
  const out = new Map<number, T[]>();
  for (const x of items) {
    const k = keyOf(x);
    const list = out.get(k);
    if (list === undefined) out.set(k, [x]);
    else list.push(x);
  }
  return out;
};

function buildIndex(world: GovernanceWorld, target: string): TargetIndex {
  const view = targetView(world, target);
  const adoptionAt = group(view.adoption.records, (r) => r.record.auditedAtMs);
  const rolledBackAudit = (t: number): boolean => (adoptionAt.get(t) ?? []).some((r) => r.record.rollbackTriggered);
  // A new rollback (see `isNewRollback`), or one dated before the stored rollback time (a
  // concurrent runner's, B 8.6) that its run's adoption audit reports as a rollback. A hardened run
  // re-anchoring a future-dated time reports none.
  const rollbackVersion = view.policy.map((v, i) => {
    const next = v.value;
    if (next === null) return false;
    if (isNewRollback(readableBefore(view.policy, i), next)) return true;
    const t = next.lastRollbackAtMs;
    return t !== null && t === next.lastPolicyUpdateAtMs && rolledBackAudit(t);
  });
  const decisions = new Map<number, PolicyDecision>();
  view.policy.forEach((v, i) => {
    const next = v.value;
    if (v.version.cause !== 'write' || next === null || next.lastPolicyUpdateAtMs === null) return;
    const t = next.lastPolicyUpdateAtMs;
    const known = decisions.get(t);
    if (known === undefined) decisions.set(t, { t, rollback: rollbackVersion[i], index: i, step: v.version.step });
    else known.rollback ||= rollbackVersion[i];
  });
  return {
    decisions,
    rollbackVersion,
    adoptionAt,
    archiveAt: group(view.archive.records, (r) => r.record.auditedAtMs),
    runsAt: group(world.ledger.runs.filter((r) => r.target === target), (r) => r.nowMs),
  };
}

const indexes = new WeakMap<object, { version: number; byTarget: Map<string, TargetIndex> }>();

export function targetIndex(world: GovernanceWorld, target: string): TargetIndex {
  let cache = indexes.get(world.ledger);
  if (cache === undefined || cache.version !== world.ledger.version) indexes.set(world.ledger, (cache = { version: world.ledger.version, byTarget: new Map() }));
  let index = cache.byTarget.get(target);
  if (index === undefined) cache.byTarget.set(target, (index = buildIndex(world, target)));
  return index;
}

/** Whether policy-state version `i` of the target records a rollback. */
export const rollbackAt = (world: GovernanceWorld, target: string, i: number): boolean => targetIndex(world, target).rollbackVersion[i] ?? false;

/** Policy decisions of a target by `now`, in order of first appearance. */
export const policyDecisions = (world: GovernanceWorld, target: string): Map<number, PolicyDecision> => targetIndex(world, target).decisions;

export interface LevelChange {
  readonly t: number;
  readonly from: GovernanceState | null;
  readonly to: GovernanceState;
  readonly index: number;
  readonly step: number;
}

/** Governance-state writes that changed the level (from the default `normal` for the first). */
export function levelChanges(world: GovernanceWorld, target: string): LevelChange[] {
  const versions = targetView(world, target).governance;
  const out: LevelChange[] = [];
  versions.forEach((v, i) => {
    const to = v.value;
    if (v.version.cause !== 'write' || to === null || to.lastLevelUpdatedAtMs === null) return;
    const from = readableBefore(versions, i);
    if ((from?.lastLevel ?? 'normal') === to.lastLevel) return;
    out.push({ t: to.lastLevelUpdatedAtMs, from, to, index: i, step: v.version.step });
  });
  return out;
}

export const runsOf = (world: GovernanceWorld, target: string, nowMs: number): readonly GovernedRun[] => targetIndex(world, target).runsAt.get(nowMs) ?? [];

/** The run ended, or the incarnation that ran it is gone. */
export function runOver(sim: Sim, run: GovernedRun): boolean {
  if (run.outcome !== 'running') return true;
  const node = sim.node(run.worker);
  return !node.up || node.incarnation !== run.incarnation;
}

/** A hardened commit of the target is staged and not yet applied. */
export function commitPending(world: GovernanceWorld, target: string): boolean {
  const versions = world.ledger.versionsOf('commitIntent', target);
  const last = versions[versions.length - 1];
  return last !== undefined && last.text !== null && last.text !== 'null';
}

/** Whether missing audit records of the decision at `t` can be judged now. */
export function settled(sim: Sim, world: GovernanceWorld, target: string, t: number, final: boolean): boolean {
  if (commitPending(world, target)) return false;
  return final || runsOf(world, target, t).every((r) => runOver(sim, r));
}

/** A cheap signature of everything a governance checker reads (ledger and node lifecycles). */
export function checkSignature(sim: Sim, world: GovernanceWorld, final: boolean): string {
  const nodes = sim.nodeIds().map((id) => {
    const n = sim.node(id);
    return `${n.incarnation}${n.up ? '+' : '-'}`;
  });
  return `${world.ledger.version}|${final}|${nodes.join(',')}`;
}

const memos = new WeakMap<object, Map<string, { sig: string; result: unknown }>>();

/** Runs `compute` again only when the signature changed since this checker's last call. */
export function memoised<T>(checker: string, sim: Sim, world: GovernanceWorld, final: boolean, compute: () => T): T {
  let byChecker = memos.get(world.ledger);
  if (byChecker === undefined) memos.set(world.ledger, (byChecker = new Map()));
  const sig = checkSignature(sim, world, final);
  const hit = byChecker.get(checker);
  if (hit !== undefined && hit.sig === sig) return hit.result as T;
  const result = compute();
  byChecker.set(checker, { sig, result });
  return result;
}

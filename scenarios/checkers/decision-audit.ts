// Invariant `decision-audit` (design.md "Governance"; spec B §2.7, §4.2): every policy adoption
// and rollback has exactly one adoption-audit record (same `now`, same rollback flag), every level
// change exactly one governance-audit record with that level, and no audit record claims something
// that did not happen (a decision never persisted, a level never reached, an alert the sink never
// received). (An alert without its audit is `alert-dedup`'s concern: its cooldown is then lost.)
// Missing records are judged once the decision is settled (its run ended or died and no hardened
// commit is pending); a crash after W1 before W7 leaves a persisted rollback unaudited (B 8.1.4).
import type { Finding, Invariant } from '../registry';
import type { Sim } from '../../sim/index';
import type { GovernanceWorld } from './governance-ledger';
import { levelChanges, memoised, policyDecisions, runsOf, settled, targetIndex, type PolicyDecision } from './governance-decisions';
import { targetView } from './governance-view';

export const DECISION_AUDIT = 'decision-audit';

const copies = (list: readonly { count: number }[]): number => list.reduce((n, s) => n + s.count, 0);

function adoptionProblem(sim: Sim, w: GovernanceWorld, target: string, d: PolicyDecision, final: boolean): Finding | null {
  const records = targetIndex(w, target).adoptionAt.get(d.t) ?? [];
  const what = d.rollback ? 'rollback' : 'adoption';
  if (copies(records) === 0) {
    if (!settled(sim, w, target, d.t, final)) return null;
    return { node: target, message: `${target}: the ${what} decided at ${d.t} was persisted (policy-state version ${d.index}) but has no adoption audit record`, evidence: { decision: d } };
  }
  if (copies(records) > Math.max(1, runsOf(w, target, d.t).length)) {
    return { node: target, message: `${target}: the ${what} decided at ${d.t} has ${copies(records)} adoption audit records`, evidence: { decision: d, records } };
  }
  const flagged = records.find((s) => s.record.rollbackTriggered !== d.rollback);
  if (flagged !== undefined && runsOf(w, target, d.t).length <= 1) {
    return { node: target, message: `${target}: the adoption audit at ${d.t} says rollback_triggered=${flagged.record.rollbackTriggered}, but the persisted decision ${d.rollback ? 'rolled back' : 'did not roll back'}`, evidence: { decision: d, record: flagged.record } };
  }
  return null;
}

function phantomAdoption(w: GovernanceWorld, target: string, decisions: Map<number, PolicyDecision>): Finding | null {
  const bad = targetView(w, target).adoption.records.find((s) => !decisions.has(s.record.auditedAtMs));
  if (bad === undefined) return null;
  return { node: target, message: `${target}: an adoption audit record at ${bad.record.auditedAtMs} has no persisted policy decision at that time`, evidence: { record: bad.record } };
}

function levelProblems(sim: Sim, w: GovernanceWorld, target: string, final: boolean): Finding | null {
  const archive = targetView(w, target).archive.records;
  const archiveAt = targetIndex(w, target).archiveAt;
  for (const c of levelChanges(w, target)) {
    const records = (archiveAt.get(c.t) ?? []).filter((s) => s.record.governanceLevel === c.to.lastLevel);
    if (copies(records) === 0 && settled(sim, w, target, c.t, final)) {
      return { node: target, message: `${target}: the level changed to ${c.to.lastLevel} at ${c.t} (governance-state version ${c.index}) without a governance audit record`, evidence: { change: c } };
    }
  }
  const govTimes = new Set(targetView(w, target).governance.flatMap((v) => (v.value === null ? [] : [`${v.value.lastLevelUpdatedAtMs}/${v.value.lastLevel}`])));
  for (const s of archive) {
    const r = s.record;
    if (!govTimes.has(`${r.auditedAtMs}/${r.governanceLevel}`)) {
      return { node: target, message: `${target}: a governance audit record at ${r.auditedAtMs} claims level ${r.governanceLevel}, which no governance state at that time holds`, evidence: { record: r } };
    }
    const same = archiveAt.get(r.auditedAtMs) ?? [];
    if (copies(same) > Math.max(1, runsOf(w, target, r.auditedAtMs).length)) {
      return { node: target, message: `${target}: the run at ${r.auditedAtMs} has ${copies(same)} governance audit records`, evidence: { records: same } };
    }
  }
  return null;
}

function alertClaims(w: GovernanceWorld, target: string): Finding | null {
  const delivered = w.ledger.deliveries.filter((d) => d.alert.nodeId === target);
  for (const s of targetView(w, target).archive.records) {
    if (s.record.alertEmitted && !delivered.some((d) => d.alert.detectedAtMs === s.record.auditedAtMs)) {
      return { node: target, message: `${target}: the governance audit at ${s.record.auditedAtMs} claims a rollback alert the sink never received`, evidence: { record: s.record } };
    }
  }
  return null;
}

export function checkDecisionAudit(sim: Sim, w: GovernanceWorld, final: boolean): Finding | null {
  return memoised(DECISION_AUDIT, sim, w, final, () => {
    for (const target of w.targets) {
      const decisions = policyDecisions(w, target);
      for (const d of decisions.values()) {
        const f = adoptionProblem(sim, w, target, d, final);
        if (f !== null) return f;
      }
      const f = phantomAdoption(w, target, decisions) ?? levelProblems(sim, w, target, final) ?? alertClaims(w, target);
      if (f !== null) return f;
    }
    return null;
  });
}

export function decisionAudit<S>(worldOf: (s: S) => GovernanceWorld): Invariant<S> {
  return {
    name: DECISION_AUDIT,
    kind: 'safety',
    when: 'step',
    check: ({ sim, state, final }) => checkDecisionAudit(sim, worldOf(state), final),
  };
}

// Invariant `governance-transitions` (design.md "Governance"; spec B §3.5, §4.2): along each
// target's persisted governance state, the streak either resets to 0 or grows by exactly one, the
// level is the one the policy assigns to the streak, and a streak above 0 belongs to a run that
// rolled back (a persisted rollback at the same `now`); every governance audit record pairs a level
// with the streak that gives it, a rollback with a positive streak, and an emergency level with the
// emergency policy. W12 re-reads the governance state, so a concurrent runner's streak can end up
// next to this run's level (B 8.6).
import { governanceLevelFor, type GovernanceAuditRecord, type GovernanceState } from '../../core/exports-governance';
import type { Finding, Invariant } from '../registry';
import type { Sim } from '../../sim/index';
import type { GovernanceConfig, GovernanceWorld } from './governance-ledger';
import { memoised, readableBefore } from './governance-decisions';
import { fmtPolicy, samePolicy, targetView } from './governance-view';

export const GOVERNANCE_TRANSITIONS = 'governance-transitions';

function stateProblem(prev: GovernanceState | null, next: GovernanceState, c: GovernanceConfig, rolledBackAt: ReadonlySet<number>): string | null {
  const before = prev?.rollbackStreak ?? 0;
  const s = next.rollbackStreak;
  if (s !== 0 && s !== before + 1) return `streak went from ${before} to ${s} (must reset to 0 or grow by 1)`;
  const level = governanceLevelFor(s, c.governancePolicy);
  if (next.lastLevel !== level) return `level ${next.lastLevel} with streak ${s} (the policy gives ${level})`;
  const t = next.lastLevelUpdatedAtMs;
  if (s > 0 && t !== null && !rolledBackAt.has(t)) return `streak ${s} at ${t}, but no rollback was persisted at ${t}`;
  return null;
}

function recordProblem(r: GovernanceAuditRecord, c: GovernanceConfig): string | null {
  const level = governanceLevelFor(r.rollbackStreak, c.governancePolicy);
  if (r.governanceLevel !== level) return `level ${r.governanceLevel} next to streak ${r.rollbackStreak} (the policy gives ${level})`;
  if (r.rolledBack !== r.rollbackStreak > 0) return `rolled_back=${r.rolledBack} next to streak ${r.rollbackStreak}`;
  const emergency = c.governancePolicy.levelTwoEmergencyPolicy;
  if (r.governanceLevel === 'emergency' && !samePolicy(r.appliedPolicy, emergency)) {
    return `level emergency with policy ${fmtPolicy(r.appliedPolicy)}, not the emergency policy ${fmtPolicy(emergency)}`;
  }
  return null;
}

export function checkGovernanceTransitions(sim: Sim, w: GovernanceWorld, final: boolean): Finding | null {
  return memoised(GOVERNANCE_TRANSITIONS, sim, w, final, () => {
    for (const target of w.targets) {
      const view = targetView(w, target);
      // Lenient on purpose: any persisted state whose rollback time is its own update time.
      const rolledBackAt = new Set(view.policy.flatMap((v) => (v.value !== null && v.value.lastRollbackAtMs !== null && v.value.lastRollbackAtMs === v.value.lastPolicyUpdateAtMs ? [v.value.lastRollbackAtMs] : [])));
      for (let i = 0; i < view.governance.length; i++) {
        const v = view.governance[i];
        if (v.version.cause !== 'write' || v.value === null) continue;
        const problem = stateProblem(readableBefore(view.governance, i), v.value, w.config, rolledBackAt);
        if (problem !== null) return { node: target, message: `${target}, governance-state version ${i} (step ${v.version.step}): ${problem}`, evidence: { state: v.value } };
      }
      for (const s of view.archive.records) {
        const problem = recordProblem(s.record, w.config);
        if (problem !== null) return { node: target, message: `${target}, governance audit at ${s.record.auditedAtMs}: ${problem}`, evidence: { record: s.record } };
      }
    }
    return null;
  });
}

export function governanceTransitions<S>(worldOf: (s: S) => GovernanceWorld): Invariant<S> {
  return {
    name: GOVERNANCE_TRANSITIONS,
    kind: 'safety',
    when: 'step',
    check: ({ sim, state, final }) => checkGovernanceTransitions(sim, worldOf(state), final),
  };
}

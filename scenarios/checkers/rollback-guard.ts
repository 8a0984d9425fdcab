// Invariant `rollback-guard` (design.md "Policy bounds and guards"; spec B §1.4-§1.5, §3.6): along
// the history of each target's persisted policy state, every active and stable policy is within the
// adaptive bounds; an adoption moves the active policy by at most the step limits (the governance
// override to the emergency or stable policy excepted); a rollback restores the last stable policy
// (or the emergency policy governance put over it), promotes nothing, and comes at least
// `rollback_cooldown_ms` after the previous one (on the stored clocks); a persisted rollback is never
// erased by a later write. Concurrent runners (B 8.6) and lost read-modify-writes break this.
import type { ReplayPolicyState } from '../../core/exports-governance';
import type { ReplayPolicy } from '../../core/exports-replay';
import type { Finding, Invariant } from '../registry';
import type { Sim } from '../../sim/index';
import type { GovernanceConfig, GovernanceWorld } from './governance-ledger';
import { memoised, readableBefore, rollbackAt } from './governance-decisions';
import { fmtPolicy, samePolicy, targetView } from './governance-view';

export const ROLLBACK_GUARD = 'rollback-guard';

function outOfBounds(p: ReplayPolicy, c: GovernanceConfig): string | null {
  const b = c.bounds;
  if (p.maxReplayPerRun < b.minReplayPerRun || p.maxReplayPerRun > b.maxReplayPerRun) return `max_replay_per_run outside [${b.minReplayPerRun}, ${b.maxReplayPerRun}]`;
  if (p.maxRetryLimitExceededStreak < 1 || p.maxRetryLimitExceededStreak > b.maxRetryLimitExceededStreak) return `streak outside [1, ${b.maxRetryLimitExceededStreak}]`;
  return null;
}

const virgin = (c: GovernanceConfig): ReplayPolicyState => ({
  activePolicy: c.fallbackPolicy, lastStablePolicy: c.fallbackPolicy, lastPolicyUpdateAtMs: null, lastStableAtMs: null, lastRollbackAtMs: null,
});

function rollbackProblem(prev: ReplayPolicyState, next: ReplayPolicyState, c: GovernanceConfig): string | null {
  const restored = samePolicy(next.activePolicy, prev.lastStablePolicy) || samePolicy(next.activePolicy, c.governancePolicy.levelTwoEmergencyPolicy);
  if (!restored) return `rolled back to ${fmtPolicy(next.activePolicy)}, not to the last stable policy ${fmtPolicy(prev.lastStablePolicy)}`;
  if (!samePolicy(next.lastStablePolicy, prev.lastStablePolicy)) return `rolled back and changed the stable policy from ${fmtPolicy(prev.lastStablePolicy)} to ${fmtPolicy(next.lastStablePolicy)}`;
  const last = prev.lastRollbackAtMs;
  const gap = last === null ? null : (next.lastRollbackAtMs as number) - last;
  if (gap !== null && gap < c.rollbackGuard.rollbackCooldownMs) return `rolled back ${gap} ms after the rollback at ${last}, inside the ${c.rollbackGuard.rollbackCooldownMs} ms cooldown`;
  return null;
}

function adoptionProblem(prev: ReplayPolicyState, next: ReplayPolicyState, c: GovernanceConfig): string | null {
  const before = prev.lastRollbackAtMs;
  const after = next.lastRollbackAtMs;
  const reanchored = before !== null && after === next.lastPolicyUpdateAtMs && after !== null && after < before;
  if (before !== null && after !== before && !reanchored) return `erased the rollback at ${before} (last_rollback_at_ms now ${after})`;
  const a = prev.activePolicy;
  const b = next.activePolicy;
  if (samePolicy(a, b) || samePolicy(b, c.governancePolicy.levelTwoEmergencyPolicy) || samePolicy(b, prev.lastStablePolicy)) return null;
  const dr = Math.abs(b.maxReplayPerRun - a.maxReplayPerRun);
  const ds = Math.abs(b.maxRetryLimitExceededStreak - a.maxRetryLimitExceededStreak);
  if (dr > c.guard.maxReplayStepChange || ds > c.guard.maxRetryStreakStepChange) {
    return `moved the active policy from ${fmtPolicy(a)} to ${fmtPolicy(b)}, beyond the step limits (${c.guard.maxReplayStepChange}, ${c.guard.maxRetryStreakStepChange})`;
  }
  const promoted = !samePolicy(next.lastStablePolicy, prev.lastStablePolicy);
  if (promoted && !samePolicy(next.lastStablePolicy, b)) return `promoted ${fmtPolicy(next.lastStablePolicy)} to stable while adopting ${fmtPolicy(b)}`;
  return null;
}

export function checkRollbackGuard(sim: Sim, w: GovernanceWorld, final: boolean): Finding | null {
  return memoised(ROLLBACK_GUARD, sim, w, final, () => {
    const c = w.config;
    for (const target of w.targets) {
      const versions = targetView(w, target).policy;
      for (let i = 0; i < versions.length; i++) {
        const next = versions[i].value;
        if (versions[i].version.cause !== 'write' || next === null) continue;
        const bad = outOfBounds(next.activePolicy, c) ?? outOfBounds(next.lastStablePolicy, c);
        const prev = readableBefore(versions, i) ?? virgin(c);
        const problem = bad !== null ? `persisted ${fmtPolicy(next.activePolicy)} / stable ${fmtPolicy(next.lastStablePolicy)}: ${bad}`
          : rollbackAt(w, target, i) ? rollbackProblem(prev, next, c) : adoptionProblem(prev, next, c);
        if (problem !== null) {
          return { node: target, message: `${target}, policy-state version ${i} (step ${versions[i].version.step}): ${problem}`, evidence: { before: prev, after: next } };
        }
      }
    }
    return null;
  });
}

export function rollbackGuard<S>(worldOf: (s: S) => GovernanceWorld): Invariant<S> {
  return {
    name: ROLLBACK_GUARD,
    kind: 'safety',
    when: 'step',
    check: ({ sim, state, final }) => checkRollbackGuard(sim, worldOf(state), final),
  };
}

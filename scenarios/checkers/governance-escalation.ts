// Liveness `governance-escalation` (design.md "Governance"; spec B §3.5, weak point B 8.3): an
// adopt/rollback oscillation escalates governance. A rollback is only possible once a later run
// adopted something other than the stable policy again, so `n` rollbacks of one target are an
// oscillation of `n` rounds; the level-one threshold exists to catch `level_one_rollback_streak`
// of them. If a target rolled back at least `2 * level_one` times and no governance audit of it
// ever shows a level above normal, governance never engaged. This is a property of the original
// *design*: any run without a rollback resets the streak, so the oscillation reads 1, 0, 1, 0 ...
// and the hardened shell (same decisions) cannot satisfy it either.
import type { Finding, Invariant } from '../registry';
import type { GovernanceWorld } from './governance-ledger';
import { targetView } from './governance-view';

export const GOVERNANCE_ESCALATION = 'governance-escalation';

export function checkGovernanceEscalation(w: GovernanceWorld): Finding | null {
  const needed = Math.max(2, 2 * w.config.governancePolicy.levelOneRollbackStreak);
  for (const target of w.targets) {
    const records = targetView(w, target).archive.records.map((s) => s.record);
    const rollbacks = records.filter((r) => r.rolledBack);
    if (rollbacks.length < needed || records.some((r) => r.governanceLevel !== 'normal')) continue;
    const streaks = records.map((r) => r.rollbackStreak);
    return {
      node: target,
      message: `${target} rolled back ${rollbacks.length} times (an adopt/rollback oscillation; level one is ${w.config.governancePolicy.levelOneRollbackStreak}) but governance never left normal: streaks ${streaks.slice(0, 24).join(',')}${streaks.length > 24 ? ',...' : ''}`,
      evidence: { rollbacksAt: rollbacks.map((r) => r.auditedAtMs), streaks },
    };
  }
  return null;
}

export function governanceEscalation<S>(worldOf: (s: S) => GovernanceWorld): Invariant<S> {
  return {
    name: GOVERNANCE_ESCALATION,
    kind: 'liveness',
    when: 'end',
    check: ({ state }) => checkGovernanceEscalation(worldOf(state)),
  };
}

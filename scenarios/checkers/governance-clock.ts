// Invariant `rollback-clock` (spec B §1.4 step 4, weak point B 8.5): no run persists a rollback time
// that lies in its own future. Cooldowns are `now - t`; a `last_rollback_at_ms` written by a clock
// that ran ahead (a jump later corrected, another node's skew) and kept by a run whose clock reads
// less blocks every rollback until that clock passes it: a jump costs its whole size. A run that
// finds such a time must re-anchor it at its own `now` (the hardened shell does), so a jump costs
// at most one cooldown. A new rollback, or a time at or before the run's `now`, is fine.
import type { Finding, Invariant } from '../registry';
import type { Sim } from '../../sim/index';
import type { GovernanceWorld } from './governance-ledger';
import { memoised, readableBefore } from './governance-decisions';
import { targetView } from './governance-view';

export const ROLLBACK_CLOCK = 'rollback-clock';

export function checkRollbackClock(sim: Sim, w: GovernanceWorld, final: boolean): Finding | null {
  return memoised(ROLLBACK_CLOCK, sim, w, final, () => {
    for (const target of w.targets) {
      const versions = targetView(w, target).policy;
      for (let i = 0; i < versions.length; i++) {
        const next = versions[i].value;
        const t = next?.lastPolicyUpdateAtMs ?? null;
        if (versions[i].version.cause !== 'write' || next === null || t === null) continue;
        const kept = readableBefore(versions, i)?.lastRollbackAtMs ?? null;
        if (kept === null || kept <= t || next.lastRollbackAtMs !== kept) continue;
        const cooldown = w.config.rollbackGuard.rollbackCooldownMs;
        return {
          node: target,
          message: `${target}, policy-state version ${i} (step ${versions[i].version.step}): the run at ${t} kept last_rollback_at_ms ${kept}, ${kept - t} ms in its future: rollbacks stay blocked until its clock passes ${kept + cooldown}, not for one ${cooldown} ms cooldown`,
          evidence: { version: i, runAtMs: t, keptRollbackAtMs: kept },
        };
      }
    }
    return null;
  });
}

export function rollbackClock<S>(worldOf: (s: S) => GovernanceWorld): Invariant<S> {
  return {
    name: ROLLBACK_CLOCK,
    kind: 'safety',
    when: 'step',
    check: ({ sim, state, final }) => checkRollbackClock(sim, worldOf(state), final),
  };
}

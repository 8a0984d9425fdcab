// Liveness `governance-progress` (spec B §0.4, weak point B 8.1.1): after the heal phase has had
// `settleMs`, every target's governed runs complete again (a run that finds no lease and reports
// the stored policy completes too). In `original` a store document is rewritten in place, so a
// crash can leave the policy, alert or governance state torn; `load` then fails forever, and so
// does every governed run of that target.
// Precondition: the store host's clock runs at a bounded rate after the heal. Its lease service
// measures TTLs on that clock; one that races ahead (a periodic skew of a second every few hundred
// milliseconds) expires every lease before a run can use it, and fencing then rightly rejects the
// run's writes forever. TTL leases cannot be live without bounded drift, so no claim is made then.
import type { ClockSkew, Sim } from '../../sim/index';
import type { Finding, Invariant } from '../registry';
import type { GovernanceWorld } from './governance-ledger';

/** Largest drift of a clock model, as a fraction of real time (0.1: 10% fast or slow). */
export const DRIFT_BOUND = 0.1;

export function driftOf(skew: ClockSkew): number {
  switch (skew.kind) {
    case 'linear':
      return Math.abs(skew.driftPpm) / 1_000_000;
    case 'periodic':
      return (4 * Math.abs(skew.amplitudeMs)) / skew.periodMs;
    default:
      return 0; // fixed offsets and one-off jumps do not make the clock run fast
  }
}

export const GOVERNANCE_PROGRESS = 'governance-progress';

export function checkGovernanceProgress(w: GovernanceWorld, healAtMs: number | null, settleMs: number): Finding | null {
  if (healAtMs === null) return null; // faults may last to the end: no liveness claim
  const from = healAtMs + settleMs;
  for (const target of w.targets) {
    const runs = w.ledger.runs.filter((r) => r.target === target && r.startMs >= from);
    if (runs.length === 0 || runs.some((r) => r.outcome === 'ok')) continue;
    const last = runs[runs.length - 1];
    return {
      node: target,
      message: `no governed run of ${target} completed after ${from} ms (${runs.length} started${last.error ? `, last: ${last.error}` : ''}): governance of ${target} is stuck`,
      evidence: { target, from, runs: runs.slice(-5) },
    };
  }
  return null;
}

/** Whether the store host's clock drifts within DRIFT_BOUND now (skew models stay after the heal). */
export const leaseClockBounded = (sim: Sim, w: GovernanceWorld): boolean => driftOf(sim.node(w.storeHost).clock.skew) <= DRIFT_BOUND;

export function governanceProgress<S>(worldOf: (s: S) => GovernanceWorld, healAtMsOf: (s: S) => number | null, settleMs: number): Invariant<S> {
  return {
    name: GOVERNANCE_PROGRESS,
    kind: 'liveness',
    when: 'end',
    check: ({ sim, state }) => (leaseClockBounded(sim, worldOf(state)) ? checkGovernanceProgress(worldOf(state), healAtMsOf(state), settleMs) : null),
  };
}

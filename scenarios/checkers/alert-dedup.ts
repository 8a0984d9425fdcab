// Invariant `alert-dedup` (spec B §2.6, §3.6; weak points B 8.1.7, B 8.6): for one target, no two
// distinct rollback alerts reach the sink within `alert_cooldown_ms` of each other once the first
// was acknowledged to the run that raised it. Time is global virtual time at the start of each
// alert's run, less the largest spread between node clocks seen in the run (cooldowns are measured
// on the runs' own clocks, so skew may legitimately shorten them by that much). A re-delivery of
// the identical alert (a re-emitted commit, a duplicated message) is at-least-once delivery of the
// same alert, not a second one; an alert whose emit failed at its run (e.g. a lost reply) may be
// raised again, since the run could not know it arrived.
import type { RevocationAlert } from '../../core/exports-replay';
import type { Finding, Invariant } from '../registry';
import type { Sim } from '../../sim/index';
import { alertIdentity, type GovernanceWorld } from './governance-ledger';
import { memoised, runsOf } from './governance-decisions';

export const ALERT_DEDUP = 'alert-dedup';

interface TimedAlert {
  readonly alert: RevocationAlert;
  readonly id: string;
  /** Global start time of the run that raised it. */
  readonly atMs: number;
  readonly acknowledged: boolean;
  readonly step: number;
}

/** Largest difference between any two worker clock offsets recorded at run starts. */
export function clockSpreadMs(w: GovernanceWorld): number {
  if (w.ledger.runs.length === 0) return 0;
  let lo = Infinity;
  let hi = -Infinity;
  for (const r of w.ledger.runs) {
    lo = Math.min(lo, r.offsetMs);
    hi = Math.max(hi, r.offsetMs);
  }
  return hi - lo;
}

function timedAlerts(w: GovernanceWorld, target: string): TimedAlert[] {
  const acked = new Set(w.ledger.answers.filter((a) => a.acknowledged).map((a) => alertIdentity(a.alert)));
  const byId = new Map<string, TimedAlert>();
  for (const d of w.ledger.deliveries) {
    if (d.alert.nodeId !== target) continue;
    const id = alertIdentity(d.alert);
    if (byId.has(id)) continue;
    const runs = runsOf(w, target, d.alert.detectedAtMs);
    const atMs = runs.length === 0 ? d.timeMs : Math.min(...runs.map((r) => r.startMs));
    byId.set(id, { alert: d.alert, id, atMs, acknowledged: acked.has(id), step: d.step });
  }
  return [...byId.values()].sort((a, b) => a.atMs - b.atMs || a.step - b.step);
}

export function checkAlertDedup(sim: Sim, w: GovernanceWorld, final: boolean): Finding | null {
  return memoised(ALERT_DEDUP, sim, w, final, () => {
    const cooldown = w.config.alertPolicy.alertCooldownMs;
    const spread = clockSpreadMs(w);
    for (const target of w.targets) {
      let lastAcked: TimedAlert | null = null;
      for (const a of timedAlerts(w, target)) {
        if (lastAcked !== null && a.atMs - lastAcked.atMs < cooldown - spread) {
          return {
            node: target,
            message: `${target}: rollback alerts of the runs at ${lastAcked.alert.detectedAtMs} and ${a.alert.detectedAtMs} reached the sink ${a.atMs - lastAcked.atMs} ms apart (global), inside the ${cooldown} ms alert cooldown (clock spread ${spread} ms); the first was acknowledged`,
            evidence: { first: lastAcked, second: a, spreadMs: spread },
          };
        }
        if (a.acknowledged) lastAcked = a;
      }
    }
    return null;
  });
}

export function alertDedup<S>(worldOf: (s: S) => GovernanceWorld): Invariant<S> {
  return {
    name: ALERT_DEDUP,
    kind: 'safety',
    when: 'step',
    check: ({ sim, state, final }) => checkAlertDedup(sim, worldOf(state), final),
  };
}

// Liveness `dead-letters-delivered`: at the end of a run with a heal phase, every alert that entered
// the shared stores has been delivered, unless
//  - it is a retry-limit record (attempt at the limit) bouncing between queue and dead letters:
//    replayed records keep their attempt and are dead-lettered again at once (spec A §14.9, both
//    profiles);
//  - it is waiting on a clock: a queued alert whose retry is not yet due on its node's clock, or a
//    dead letter whose target's replay is not yet due on any worker's clock (workers' clocks may
//    be seconds off and jump, A §14.3) — due for less than `slackMs` counts as not yet due.
// So capacity-evicted dead letters and queued alerts must not starve.
import type { Sim } from '../../sim/index';
import type { Finding, Invariant } from '../registry';
import type { TargetView } from '../pipeline/view';
import type { PipelineState, PipelineWorld } from '../pipeline/world';
import { placesOf, readable, type Place } from './pipeline-locate';

export const DEAD_LETTERS_DELIVERED = 'dead-letters-delivered';

/** How long something may have been due and still not have been acted on at the end. */
export const DELIVERY_SLACK_MS = 800;

/** How long (ms) the replay of `t` has been due on the most advanced live worker clock. */
function replayDueForMs(sim: Sim, w: PipelineWorld, t: TargetView): number {
  const last = t.state?.lastReplayAtMs ?? null;
  const clocks = w.options.workers.filter((id) => sim.node(id).up).map((id) => sim.node(id).clock.nowMs());
  if (clocks.length === 0) return 0;
  const now = Math.max(...clocks);
  return last === null ? Number.POSITIVE_INFINITY : now - (last + w.options.replayIntervalMs);
}

function waitsLegitimately(sim: Sim, w: PipelineWorld, t: TargetView, p: Place): boolean {
  if (p.attempt >= w.options.retryPolicy.maxRetryAttempts) return true;
  if (p.store === 'pending') return sim.node(t.target).clock.nowMs() - p.nextRetryAtMs < DELIVERY_SLACK_MS;
  return replayDueForMs(sim, w, t) < DELIVERY_SLACK_MS;
}

export function checkDeliveredAtEnd(sim: Sim, w: PipelineWorld): Finding | null {
  if (w.runtime.healAtMs === null) return null; // faults may last to the end: no liveness claim
  for (const t of w.view().targets) {
    if (!readable(t)) continue;
    for (const [id, places] of placesOf(t)) {
      if (w.ledger.delivered.has(id) || places.every((p) => waitsLegitimately(sim, w, t, p))) continue;
      return {
        node: t.target,
        message: `alert ${id} of ${t.target} is still waiting at the end (${places.map((p) => `${p.store}${p.reason ? ` ${p.reason}` : ''} attempt ${p.attempt}`).join(', ')}), never delivered although due`,
        evidence: { alert: id, target: t.target, places, entered: w.ledger.entered.get(id), replayState: t.state },
      };
    }
  }
  return null;
}

export const deadLettersDelivered: Invariant<PipelineState> = {
  name: DEAD_LETTERS_DELIVERED,
  kind: 'liveness',
  when: 'end',
  check: ({ sim, state }) => checkDeliveredAtEnd(sim, state.pipeline),
};

// full-stack's drills and event consumers, from drill-events' parts at full-stack's pace: every
// worker n1..n3 also publishes scheduled recovery drills with drill alerts on its own event bus
// (drill-events' publisher program, with a schedule of drills minutes apart), `s1` holds the
// consumers' cursor stores and `c1` runs one consumer per pull method (drill-events' pullers),
// polling every 20 to 60 s and draining a backlog at once, until the end of the run.
import type { NodeProgram, Rng, Sim } from '../../sim/index';
import { consumerProgram } from '../drill-events/consumers/program';
import type { DrillEventsState } from '../drill-events/state';
import { DRILL_CONDITIONS, type DrillPlan } from '../drill-events/workload';
import { MINUTE, SECOND, WORKLOAD_UNTIL_MS } from './pace';

/** Drills every 2 to 6 minutes per node until the workload ends; a burst runs 2 or 3 at one instant. */
export function drawSparseDrills(rng: Rng, nodes: readonly string[]): Record<string, DrillPlan[]> {
  const out: Record<string, DrillPlan[]> = {};
  for (const node of nodes) {
    const r = rng.fork(node);
    const drills: DrillPlan[] = [];
    for (let at = r.between(1, 3) * MINUTE; at <= WORKLOAD_UNTIL_MS; at += r.between(2 * MINUTE, 6 * MINUTE)) {
      drills.push({ atMs: at, runs: r.chance([1, 4]) ? r.between(2, 3) : 1, condition: r.pick(DRILL_CONDITIONS) });
    }
    out[node] = drills;
  }
  return out;
}

/** c1's program: one slow-polling consumer per pull method (drill-events' consumers at full-stack's pace). */
export function sparseConsumerProgram(state: DrillEventsState, sim: Sim, rng: Rng): NodeProgram {
  return consumerProgram(state, sim, rng, { pollMsMin: 20 * SECOND, pollMsMax: 60 * SECOND, streamPerIncarnation: true });
}

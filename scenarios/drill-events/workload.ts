// The drill schedule each publisher runs, drawn from the workload stream. Drills land every few
// tens of milliseconds on each node; event times are drill ticks (10 ms), so drills of different
// nodes often share a millisecond, and a burst runs two or three drills in one instant on one node.
// Each drill sets the state the drill reads (rollback-alert silence, streak, emergency level), so
// outcomes vary: emitted, suppressed by cooldown, no anomaly, or skipped because not due.
import type { Rng } from '../../sim/index';
import { DRILLS_FROM_MS, DRILLS_UNTIL_MS } from './topology';

/** What the drill will find: nothing wrong, a silent rollback alert, a rollback streak, an emergency. */
export type DrillCondition = 'quiet' | 'silent' | 'streak' | 'emergency';

export const DRILL_CONDITIONS: readonly DrillCondition[] = ['quiet', 'silent', 'streak', 'emergency'];

export interface DrillPlan {
  /** Global virtual time of the drill. */
  readonly atMs: number;
  /** Drill runs in this instant (same node, same millisecond). */
  readonly runs: number;
  readonly condition: DrillCondition;
}

export function drawDrills(rng: Rng, nodes: readonly string[]): Record<string, DrillPlan[]> {
  const out: Record<string, DrillPlan[]> = {};
  for (const node of nodes) {
    const r = rng.fork(node);
    const drills: DrillPlan[] = [];
    for (let at = DRILLS_FROM_MS + r.between(0, 40); at <= DRILLS_UNTIL_MS; at += r.between(40, 160)) {
      const runs = r.chance([1, 4]) ? (r.chance([1, 3]) ? 3 : 2) : 1;
      drills.push({ atMs: at, runs, condition: r.pick(DRILL_CONDITIONS) });
    }
    out[node] = drills;
  }
  return out;
}

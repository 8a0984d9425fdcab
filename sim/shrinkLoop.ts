// Greedy shrinking: try the candidates of the current plan in order, keep the first one that
// still fails, start over from it; stop when no candidate fails or the run budget is spent.
// The predicate re-runs the scenario, which is deterministic, so shrinking is too.
import type { FaultPlan } from './plan';
import { planHash } from './plan';
import { planSize, shrinkCandidates } from './shrinkPlan';

export interface ShrinkOptions {
  /** At most this many predicate calls. Default 300. */
  readonly runsMax?: number;
  /** Told about every accepted step (for progress lines). */
  readonly onAccept?: (label: string, plan: FaultPlan, runs: number) => void;
}

export interface ShrinkResult {
  readonly plan: FaultPlan;
  /** Predicate calls made. */
  readonly runs: number;
  /** Candidates kept, in order. */
  readonly accepted: readonly string[];
  /** False if the budget ran out before no candidate failed any more. */
  readonly minimal: boolean;
  readonly sizeBefore: number;
  readonly sizeAfter: number;
}

export async function shrinkLoop(initial: FaultPlan, stillFails: (plan: FaultPlan) => Promise<boolean>, options: ShrinkOptions = {}): Promise<ShrinkResult> {
  const runsMax = options.runsMax ?? 300;
  const tried = new Set<string>([planHash(initial)]);
  const accepted: string[] = [];
  let current = initial;
  let runs = 0;
  let minimal = false;
  search: for (;;) {
    for (const c of shrinkCandidates(current)) {
      const h = planHash(c.plan);
      if (tried.has(h)) continue;
      if (runs >= runsMax) break search;
      tried.add(h);
      runs += 1;
      if (await stillFails(c.plan)) {
        current = c.plan;
        accepted.push(c.label);
        options.onAccept?.(c.label, current, runs);
        continue search;
      }
    }
    minimal = true;
    break;
  }
  return { plan: current, runs, accepted, minimal, sizeBefore: planSize(initial), sizeAfter: planSize(current) };
}

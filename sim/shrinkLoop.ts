// Greedy shrinking: try the candidates of the current value in order, keep the first one that
// still fails, start over from it; stop when no candidate fails or the run budget is spent.
// `greedyShrink` works on any value (a fault plan, a scenario's workload options) given its
// candidates and a key that tells tried values apart; `shrinkLoop` is it for fault plans.
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

/** A smaller version of a value, with what changed. */
export interface Candidate<T> {
  readonly label: string;
  readonly value: T;
}

export interface GreedyShrinkInput<T> {
  readonly initial: T;
  /** Strictly smaller values, lazily, biggest cuts first. */
  readonly candidates: (value: T) => Iterable<Candidate<T>>;
  /** Equal keys are the same value (tried once). */
  readonly key: (value: T) => string;
  readonly stillFails: (value: T) => Promise<boolean>;
  readonly runsMax: number;
  readonly onAccept?: (label: string, value: T, runs: number) => void;
}

export interface GreedyShrinkResult<T> {
  readonly value: T;
  readonly runs: number;
  readonly accepted: readonly string[];
  /** True when no candidate of `value` fails; false if the budget ran out first. */
  readonly minimal: boolean;
}

export async function greedyShrink<T>(input: GreedyShrinkInput<T>): Promise<GreedyShrinkResult<T>> {
  const tried = new Set<string>([input.key(input.initial)]);
  const accepted: string[] = [];
  let current = input.initial;
  let runs = 0;
  let minimal = false;
  search: for (;;) {
    for (const c of input.candidates(current)) {
      const k = input.key(c.value);
      if (tried.has(k)) continue;
      if (runs >= input.runsMax) break search;
      tried.add(k);
      runs += 1;
      if (await input.stillFails(c.value)) {
        current = c.value;
        accepted.push(c.label);
        input.onAccept?.(c.label, current, runs);
        continue search;
      }
    }
    minimal = true;
    break;
  }
  return { value: current, runs, accepted, minimal };
}

const planCandidates = function* (plan: FaultPlan): Generator<Candidate<FaultPlan>> {
  for (const c of shrinkCandidates(plan)) yield { label: c.label, value: c.plan };
};

export async function shrinkLoop(initial: FaultPlan, stillFails: (plan: FaultPlan) => Promise<boolean>, options: ShrinkOptions = {}): Promise<ShrinkResult> {
  const r = await greedyShrink({ initial, candidates: planCandidates, key: planHash, stillFails, runsMax: options.runsMax ?? 300, onAccept: options.onAccept });
  return { plan: r.value, runs: r.runs, accepted: r.accepted, minimal: r.minimal, sizeBefore: planSize(initial), sizeAfter: planSize(r.value) };
}

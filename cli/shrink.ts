// Shrinks a failing run (scenario, seed, profile, plan) to a small plan that still violates the
// same invariant, re-running the scenario deterministically for every candidate, and returns
// it as a reproduction (repro.ts). Workload size is not shrunk: scenarios expose no knobs for
// it yet, so only the fault plan shrinks (its steps, net/disk faults, skews, heal time).
import type { Profile } from '../core/ports';
import type { RunReport, Scenario, Violation } from '../scenarios/registry';
import type { FaultPlan } from '../sim/plan';
import { planHash } from '../sim/plan';
import { shrinkLoop, type ShrinkResult } from '../sim/shrinkLoop';
import { planSize } from '../sim/shrinkPlan';
import { REPRO_FORMAT, type Repro, type ReproRunOptions } from './repro';

export interface FailingRun {
  readonly scenario: Scenario;
  readonly seed: string;
  readonly profile: Profile;
  readonly plan: FaultPlan;
  /** The invariant the shrunk plan must still violate. */
  readonly invariant: string;
  /** Default: the scenario's limits, stopping at the first safety violation. */
  readonly options?: ReproRunOptions;
}

export interface ShrinkFailureOptions {
  /** Scenario runs the shrinker may spend. Default 300. */
  readonly runsMax?: number;
  readonly onAccept?: (label: string, plan: FaultPlan, runs: number) => void;
}

export interface ShrunkFailure {
  readonly repro: Repro;
  readonly shrink: ShrinkResult;
  /** The final run of the shrunk plan (traced, for its hash and violation). */
  readonly report: RunReport;
}

export class NotFailingError extends Error {
  override readonly name = 'NotFailingError';
}

export function defaultRunOptions(scenario: Scenario): ReproRunOptions {
  return { maxSteps: scenario.limits.maxSteps, untilMs: scenario.limits.untilMs, stopOnViolation: true };
}

/** Runs (scenario, seed, profile, plan) with the repro's options; trace off unless asked. */
export function runWithPlan(f: Omit<FailingRun, 'invariant'>, traced = false): Promise<RunReport> {
  const o = f.options ?? defaultRunOptions(f.scenario);
  return f.scenario.run(f.seed, { profile: f.profile, plan: f.plan, maxSteps: o.maxSteps, untilMs: o.untilMs, stopOnViolation: o.stopOnViolation, trace: { mode: traced ? 'hash' : 'off' } });
}

export function violationOf(r: RunReport, invariant: string): Violation | undefined {
  return r.violations.find((v) => v.invariant === invariant);
}

/** Shrinks a failing run; throws NotFailingError if its own plan does not violate the invariant. */
export async function shrinkFailure(f: FailingRun, o: ShrinkFailureOptions = {}): Promise<ShrunkFailure> {
  const options = f.options ?? defaultRunOptions(f.scenario);
  const base = { ...f, options };
  const first = await runWithPlan(base);
  if (violationOf(first, f.invariant) === undefined) {
    throw new NotFailingError(`${f.scenario.name} seed ${f.seed} (${f.profile}) does not violate ${f.invariant} with plan ${planHash(f.plan)} (status ${first.status})`);
  }
  const stillFails = async (plan: FaultPlan): Promise<boolean> => violationOf(await runWithPlan({ ...base, plan }), f.invariant) !== undefined;
  const shrink = await shrinkLoop(f.plan, stillFails, { runsMax: o.runsMax, onAccept: o.onAccept });
  const report = await runWithPlan({ ...base, plan: shrink.plan }, true);
  const v = violationOf(report, f.invariant) as Violation;
  const repro: Repro = {
    format: REPRO_FORMAT,
    scenario: f.scenario.name,
    seed: f.seed,
    profile: f.profile,
    invariant: f.invariant,
    expected: 'violation',
    options,
    plan: shrink.plan,
    planHash: planHash(shrink.plan),
    found: { kind: v.kind, step: v.step, timeMs: v.timeMs, node: v.node ?? null, message: v.message, traceHash: report.traceHash },
    shrunkFrom: { planHash: planHash(f.plan), size: planSize(f.plan), runs: shrink.runs, minimal: shrink.minimal },
  };
  return { repro, shrink, report };
}

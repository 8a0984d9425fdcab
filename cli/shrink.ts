// Shrinks a failing run (scenario, seed, profile, plan, workload) to a small counterexample that
// still violates the same invariant, re-running the scenario deterministically for every
// candidate, and returns it as a reproduction (repro.ts). Two things shrink, in turns until
// neither changes or the run budget is spent: the fault plan (its steps, net/disk faults, skews,
// heal time; sim/shrinkPlan.ts) and, for scenarios with workload knobs (cli/workloadShrink.ts),
// the workload (sink outages, reports per target, targets, when new reports stop). The workload
// is first materialized (the seed's drawn outages made explicit), so shrinking starts from the
// same run. A repro whose workload shrank carries it as `scenarioOptions`; otherwise it keeps the
// options the run was built with (none for the registered scenario).
import type { Profile } from '../core/ports';
import { findScenario } from '../scenarios/index';
import type { RunReport, Scenario, Violation } from '../scenarios/registry';
import type { FaultPlan } from '../sim/plan';
import { planHash } from '../sim/plan';
import { canonicalJson } from '../sim/canonicalJson';
import { greedyShrink, type Candidate, type ShrinkResult } from '../sim/shrinkLoop';
import { planSize, shrinkCandidates } from '../sim/shrinkPlan';
import { REPRO_FORMAT, type Repro, type ReproRunOptions } from './repro';
import { scenarioWithOptions, type ScenarioOptions } from './reproScenario';
import { workloadShrinkerOf, type WorkloadShrinker, type WorkloadSummary } from './workloadShrink';

export interface FailingRun {
  readonly scenario: Scenario;
  readonly seed: string;
  readonly profile: Profile;
  readonly plan: FaultPlan;
  /** The invariant the shrunk run must still violate. */
  readonly invariant: string;
  /** Default: the scenario's limits, stopping at the first safety violation. */
  readonly options?: ReproRunOptions;
  /** The options `scenario` was built with (reproScenario.ts); absent: the registered scenario. */
  readonly scenarioOptions?: ScenarioOptions;
}

export interface ShrinkFailureOptions {
  /** Scenario runs the shrinker may spend (plan and workload together). Default 300. */
  readonly runsMax?: number;
  /** Told about every accepted step; workload steps are labelled `workload: …`. */
  readonly onAccept?: (label: string, plan: FaultPlan, runs: number) => void;
  /** Shrink the workload too, where the scenario has workload knobs. Default true. */
  readonly workload?: boolean;
}

/** How the workload shrank (scenarios with workload knobs only). */
export interface WorkloadShrink {
  readonly before: WorkloadSummary;
  readonly after: WorkloadSummary;
  readonly sizeBefore: number;
  readonly sizeAfter: number;
  /** Workload candidates kept, in order. */
  readonly accepted: readonly string[];
}

export interface ShrunkFailure {
  readonly repro: Repro;
  /** Plan sizes; `runs`, `accepted` and `minimal` cover plan and workload together. */
  readonly shrink: ShrinkResult;
  readonly workload: WorkloadShrink | null;
  /** The scenario as the repro's `scenarioOptions` build it (the shrunk workload's). */
  readonly scenario: Scenario;
  /** The final run of the shrunk plan and workload (traced, for its hash and violation). */
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

/** The workload shrinker, if the scenario has one and we know how `f.scenario` was built. */
function shrinkerFor(f: FailingRun, o: ShrinkFailureOptions): WorkloadShrinker | undefined {
  if (o.workload === false) return undefined;
  const known = f.scenarioOptions !== undefined || findScenario(f.scenario.name) === f.scenario;
  return known ? workloadShrinkerOf(f.scenario.name) : undefined;
}

function* planCandidates(plan: FaultPlan): Generator<Candidate<FaultPlan>> {
  for (const c of shrinkCandidates(plan)) yield { label: c.label, value: c.plan };
}

interface Shrinking {
  plan: FaultPlan;
  workload: ScenarioOptions | undefined;
  runs: number;
  readonly accepted: string[];
  readonly workloadAccepted: string[];
  minimal: boolean;
}

/** Plan to a fixpoint, then workload to a fixpoint, again, until neither changes or the budget is spent. */
async function alternate(f: FailingRun, s: Shrinking, shrinker: WorkloadShrinker | undefined, runsMax: number, o: ShrinkFailureOptions): Promise<void> {
  const options = f.options ?? defaultRunOptions(f.scenario);
  const scenarioOf = (w: ScenarioOptions | undefined): Scenario => (s.workloadAccepted.length === 0 ? f.scenario : scenarioWithOptions(f.scenario.name, w));
  const fails = async (scenario: Scenario, plan: FaultPlan): Promise<boolean> => violationOf(await runWithPlan({ ...f, scenario, plan, options }), f.invariant) !== undefined;
  for (let round = 0; ; round++) {
    const scenario = scenarioOf(s.workload);
    const p = await greedyShrink({ initial: s.plan, candidates: planCandidates, key: planHash, stillFails: (plan) => fails(scenario, plan), runsMax: runsMax - s.runs, onAccept: (l, plan, runs) => o.onAccept?.(l, plan, s.runs + runs) });
    s.plan = p.value;
    s.runs += p.runs;
    s.accepted.push(...p.accepted);
    if (!p.minimal || shrinker === undefined || s.workload === undefined) return void (s.minimal = p.minimal);
    // The workload was minimal for the plan before; if the plan did not change, it still is.
    if (round > 0 && p.accepted.length === 0) return void (s.minimal = true);
    const plan = s.plan;
    const w = await greedyShrink({
      initial: s.workload,
      candidates: (x) => shrinker.candidates(x),
      key: canonicalJson,
      stillFails: (x) => fails(scenarioWithOptions(f.scenario.name, x), plan),
      runsMax: runsMax - s.runs,
      onAccept: (l, _w, runs) => o.onAccept?.(`workload: ${l}`, plan, s.runs + runs),
    });
    s.workload = w.value;
    s.runs += w.runs;
    s.accepted.push(...w.accepted.map((l) => `workload: ${l}`));
    s.workloadAccepted.push(...w.accepted);
    if (!w.minimal || w.accepted.length === 0) return void (s.minimal = w.minimal);
  }
}

/** The repro with its fields in the usual order (scenario options before the plan). */
function reproOf(f: FailingRun, runOptions: ReproRunOptions, scenarioOptions: ScenarioOptions | undefined, s: Shrinking, report: RunReport, before: WorkloadSummary | null): Repro {
  const v = violationOf(report, f.invariant) as Violation;
  return {
    format: REPRO_FORMAT,
    scenario: f.scenario.name,
    seed: f.seed,
    profile: f.profile,
    invariant: f.invariant,
    expected: 'violation',
    options: runOptions,
    ...(scenarioOptions === undefined ? {} : { scenarioOptions }),
    plan: s.plan,
    planHash: planHash(s.plan),
    found: { kind: v.kind, step: v.step, timeMs: v.timeMs, node: v.node ?? null, message: v.message, traceHash: report.traceHash },
    shrunkFrom: { planHash: planHash(f.plan), size: planSize(f.plan), ...(before === null ? {} : { workload: before }), runs: s.runs, minimal: s.minimal },
  };
}

/** Shrinks a failing run; throws NotFailingError if its own plan does not violate the invariant. */
export async function shrinkFailure(f: FailingRun, o: ShrinkFailureOptions = {}): Promise<ShrunkFailure> {
  const options = f.options ?? defaultRunOptions(f.scenario);
  const first = await runWithPlan({ ...f, options });
  if (violationOf(first, f.invariant) === undefined) {
    throw new NotFailingError(`${f.scenario.name} seed ${f.seed} (${f.profile}) does not violate ${f.invariant} with plan ${planHash(f.plan)} (status ${first.status})`);
  }
  const shrinker = shrinkerFor(f, o);
  const materialized = shrinker?.materialize(f.seed, f.scenarioOptions);
  const s: Shrinking = { plan: f.plan, workload: materialized, runs: 0, accepted: [], workloadAccepted: [], minimal: false };
  const runsMax = o.runsMax ?? 300;
  await alternate(f, s, shrinker, runsMax, o);
  const shrunkWorkload = s.workloadAccepted.length > 0;
  const scenarioOptions = shrunkWorkload ? s.workload : f.scenarioOptions;
  const scenario = shrunkWorkload ? scenarioWithOptions(f.scenario.name, scenarioOptions) : f.scenario;
  const report = await runWithPlan({ ...f, scenario, plan: s.plan, options }, true);
  const workload: WorkloadShrink | null =
    shrinker === undefined || materialized === undefined || s.workload === undefined
      ? null
      : { before: shrinker.summary(materialized), after: shrinker.summary(s.workload), sizeBefore: shrinker.size(materialized), sizeAfter: shrinker.size(s.workload), accepted: s.workloadAccepted };
  const repro = reproOf(f, options, scenarioOptions, s, report, workload?.before ?? null);
  const shrink: ShrinkResult = { plan: s.plan, runs: s.runs, accepted: s.accepted, minimal: s.minimal, sizeBefore: planSize(f.plan), sizeAfter: planSize(s.plan) };
  return { repro, shrink, workload, scenario, report };
}

// Confirms one entry of the findings data by running it, and writes its reproduction:
//  - a finding: original violates its invariant, hardened holds every invariant;
//  - a design finding: both profiles violate it (hardened on its `hardenedSeed`);
//  - a hardened gap: a fixed one holds in hardened on its recorded plan (the repro is that plan:
//    replay exits 0, "no longer reproduces"); an open one still violates (its repro is shrunk).
// Every run uses the scenario as the entry's options build it; repro files record those options,
// or the shrunk workload's (shrinking starts from the entry's options, cli/shrink.ts).
import type { Profile } from '../core/ports';
import type { RunReport, Scenario } from '../scenarios/registry';
import { planHash, type FaultPlan } from '../sim/plan';
import type { DesignFinding, EntryBase, Finding, HardenedGap } from './findingsData';
import type { DesignResult, FindingResult, GapResult, ReproLink } from './findingsReport';
import { REPRO_FORMAT, replayCommandLine, reproFileNameOf, writeRepro, type Repro, type ReproRunOptions } from './repro';
import { scenarioWithOptions } from './reproScenario';
import { defaultRunOptions, runWithPlan, shrinkFailure, violationOf } from './shrink';

export interface RunConfig {
  readonly shrinkRuns: number;
  readonly reproDir: string;
}

/** The entry's scenario (its variant when it has options) and run options. */
function setup(scenario: Scenario, e: EntryBase, stopOnViolation: boolean): { scenario: Scenario; options: ReproRunOptions } {
  const built = scenarioWithOptions(scenario.name, e.scenarioOptions);
  const base = defaultRunOptions(built);
  return { scenario: built, options: { maxSteps: e.maxSteps ?? base.maxSteps, untilMs: e.untilMs ?? base.untilMs, stopOnViolation } };
}

const others = (r: RunReport, invariant: string): string[] => r.violations.filter((x) => x.invariant !== invariant).map((x) => x.invariant);
const violated = (r: RunReport): string[] => r.violations.map((x) => `${x.invariant}: ${x.message}`);

interface ShrinkJob {
  readonly scenario: Scenario;
  readonly entry: EntryBase;
  readonly seed: string;
  readonly profile: Profile;
  readonly options: ReproRunOptions;
  readonly fileParts: readonly string[];
}

/** A written shrunk repro and the scenario its (possibly shrunk) workload builds. */
interface ShrunkLink extends ReproLink {
  readonly scenario: Scenario;
}

/**
 * Shrinks a run that violates the entry's invariant (plan and workload, from the entry's own
 * options) and writes it as a repro file; the repro carries the options its run was built with.
 */
async function shrinkAndWrite(j: ShrinkJob, c: RunConfig): Promise<ShrunkLink> {
  const run = { scenario: j.scenario, seed: j.seed, profile: j.profile, plan: j.entry.plan, invariant: j.entry.invariant, options: j.options, scenarioOptions: j.entry.scenarioOptions };
  const shrunk = await shrinkFailure(run, { runsMax: c.shrinkRuns });
  const path = writeRepro(c.reproDir, shrunk.repro, reproFileNameOf(j.fileParts));
  const s = shrunk.shrink;
  const workload = shrunk.workload === null ? null : { before: shrunk.workload.before, after: shrunk.workload.after };
  const shrink = { sizeBefore: s.sizeBefore, sizeAfter: s.sizeAfter, runs: s.runs, minimal: s.minimal, workload };
  return { path, command: replayCommandLine(path), profile: j.profile, seed: j.seed, plan: shrunk.repro.plan, shrink, scenario: shrunk.scenario };
}

const linkOf = ({ scenario: _scenario, ...link }: ShrunkLink): ReproLink => link;

export async function confirmFinding(scenario: Scenario, f: Finding, c: RunConfig): Promise<FindingResult> {
  const { scenario: built, options } = setup(scenario, f, true);
  const run = { scenario: built, seed: f.seed, plan: f.plan, options };
  const original = await runWithPlan({ ...run, profile: 'original' });
  const hardened = await runWithPlan({ ...run, profile: 'hardened' });
  const v = violationOf(original, f.invariant);
  const result: FindingResult = {
    scenario: scenario.name,
    finding: f,
    original: { status: original.status, violation: v ?? null, others: others(original, f.invariant) },
    hardened: { status: hardened.status, violated: violated(hardened) },
    shrunk: null,
    confirmed: v !== undefined && hardened.status === 'pass',
  };
  if (v === undefined) return result;
  const link = await shrinkAndWrite({ scenario: built, entry: f, seed: f.seed, profile: 'original', options, fileParts: [scenario.name, f.id] }, c);
  // Hardened on the shrunk counterexample: its plan, on its (possibly shrunk) workload.
  const hardenedShrunk = await runWithPlan({ ...run, scenario: link.scenario, plan: link.plan, profile: 'hardened' });
  return { ...result, shrunk: { path: link.path, command: link.command, plan: link.plan, ...link.shrink!, hardenedStatus: hardenedShrunk.status } };
}

/** Design findings run to the end (stopOnViolation false): their invariant is often a liveness one. */
export async function confirmDesign(scenario: Scenario, d: DesignFinding, c: RunConfig): Promise<DesignResult> {
  const { scenario: built, options } = setup(scenario, d, false);
  const original = await runWithPlan({ scenario: built, seed: d.seed, plan: d.plan, options, profile: 'original' });
  const hardened = await runWithPlan({ scenario: built, seed: d.hardenedSeed, plan: d.plan, options, profile: 'hardened' });
  const vo = violationOf(original, d.invariant) ?? null;
  const vh = violationOf(hardened, d.invariant) ?? null;
  const job = { scenario: built, entry: d, options };
  return {
    scenario: scenario.name,
    finding: d,
    original: { status: original.status, violation: vo, others: others(original, d.invariant) },
    hardened: { status: hardened.status, violation: vh, others: others(hardened, d.invariant) },
    repros: {
      original: vo === null ? null : linkOf(await shrinkAndWrite({ ...job, seed: d.seed, profile: 'original', fileParts: [scenario.name, d.id] }, c)),
      hardened: vh === null ? null : linkOf(await shrinkAndWrite({ ...job, seed: d.hardenedSeed, profile: 'hardened', fileParts: [scenario.name, d.id, 'hardened'] }, c)),
    },
    confirmed: vo !== null && vh !== null,
  };
}

/** The recorded plan as a hardened repro, unshrunk: replaying it checks the fix still holds. */
function writeRegressionRepro(scenario: Scenario, g: HardenedGap, options: ReproRunOptions, c: RunConfig): ReproLink {
  const repro: Repro = {
    format: REPRO_FORMAT,
    scenario: scenario.name,
    seed: g.seed,
    profile: 'hardened',
    invariant: g.invariant,
    expected: 'violation',
    options,
    ...(g.scenarioOptions === undefined ? {} : { scenarioOptions: g.scenarioOptions }),
    plan: g.plan,
    planHash: planHash(g.plan),
  };
  const path = writeRepro(c.reproDir, repro, reproFileNameOf([scenario.name, g.id]));
  return { path, command: replayCommandLine(path), profile: 'hardened', seed: g.seed, plan: g.plan as FaultPlan, shrink: null };
}

export async function confirmGap(scenario: Scenario, g: HardenedGap, c: RunConfig): Promise<GapResult> {
  const { scenario: built, options } = setup(scenario, g, true);
  const hardened = await runWithPlan({ scenario: built, seed: g.seed, plan: g.plan, options, profile: 'hardened' });
  const v = violationOf(hardened, g.invariant) ?? null;
  const state = hardened.status === 'pass' ? 'holds' : v !== null ? 'violates' : 'other';
  const repro =
    state === 'holds'
      ? writeRegressionRepro(scenario, g, options, c)
      : state === 'violates'
        ? linkOf(await shrinkAndWrite({ scenario: built, entry: g, seed: g.seed, profile: 'hardened', options, fileParts: [scenario.name, g.id] }, c))
        : null;
  return {
    scenario: scenario.name,
    gap: g,
    hardened: { status: hardened.status, violation: v, violated: violated(hardened) },
    state,
    repro,
    // A fixed gap must hold; an open one may still show (documented) or hold (fixed since), never break otherwise.
    confirmed: g.fixed ? state === 'holds' : state !== 'other',
  };
}

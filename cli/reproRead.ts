// Reading a repro file strictly: every problem is a ReproInputError (exit 2) naming the file and
// the field: an unknown scenario, bad scenario options, a bad seed or profile, a malformed plan, a
// fault naming a node the scenario (as its options build it) does not have.
import { readFileSync } from 'node:fs';
import type { Profile } from '../core/ports';
import type { Scenario } from '../scenarios/index';
import { EMPTY_PLAN, validatePlan, type FaultPlan } from '../sim/plan';
import { parseSeed } from '../sim/rng';
import { REPRO_FORMAT, type Repro, type ReproRunOptions } from './repro';
import { ScenarioOptionsError, scenarioWithOptions, type ScenarioOptions } from './reproScenario';
import { TraceInputError } from './traceFile';

/** Bad repro input; a TraceInputError so `npm run sim` exits 2 with its message. */
export class ReproInputError extends TraceInputError {}

export interface LoadedRepro {
  readonly repro: Repro;
  readonly scenario: Scenario;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

function fail(file: string, message: string): never {
  throw new ReproInputError(`${file}: ${message}`);
}

function readJson(file: string): Obj {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    return fail(file, `cannot read repro file (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    return fail(file, `not valid JSON (${(e as Error).message})`);
  }
  if (!isObj(v)) return fail(file, 'a repro must be a JSON object');
  return v;
}

function runOptions(file: string, v: unknown, scenario: Scenario): ReproRunOptions {
  if (v === undefined) return { maxSteps: scenario.limits.maxSteps, untilMs: scenario.limits.untilMs, stopOnViolation: true };
  if (!isObj(v)) return fail(file, 'options must be an object {maxSteps, untilMs, stopOnViolation}');
  const int = (key: string, dflt: number): number => {
    const x = v[key] ?? dflt;
    if (!(typeof x === 'number' && Number.isSafeInteger(x) && x >= 1)) fail(file, `options.${key} must be a positive integer, got ${JSON.stringify(x)}`);
    return x as number;
  };
  const stop = v.stopOnViolation ?? true;
  if (typeof stop !== 'boolean') fail(file, `options.stopOnViolation must be true or false, got ${JSON.stringify(stop)}`);
  return { maxSteps: int('maxSteps', scenario.limits.maxSteps), untilMs: int('untilMs', scenario.limits.untilMs), stopOnViolation: stop as boolean };
}

/** Shape checks validatePlan assumes, so a malformed plan is named rather than crashing it. */
function planShape(file: string, v: unknown): FaultPlan {
  if (!isObj(v)) return fail(file, 'plan must be an object {version: 1, steps: [...]}');
  if (!Array.isArray(v.steps)) return fail(file, 'plan.steps must be an array');
  v.steps.forEach((s, i) => {
    if (!isObj(s)) fail(file, `plan.steps[${i}] must be an object with op and atMs or atStep`);
  });
  for (const key of ['net', 'disk', 'clocks'] as const) {
    if (v[key] !== undefined && !isObj(v[key])) fail(file, `plan.${key} must be an object`);
  }
  return v as unknown as FaultPlan;
}

function nodesOfScenario(scenario: Scenario, seed: string, profile: Profile): string[] {
  return scenario.start(seed, { profile, plan: EMPTY_PLAN, trace: { mode: 'off' } }).sim.nodeIds();
}

/** The registered scenario, or the variant its options build; bad options name their field. */
function scenarioOr(file: string, name: string, options: ScenarioOptions | undefined): Scenario {
  try {
    return scenarioWithOptions(name, options);
  } catch (e) {
    if (e instanceof ScenarioOptionsError) return fail(file, e.message);
    throw e;
  }
}

/** Checks the plan against the scenario's nodes; a variant that fails to build names its options. */
function validatePlanFor(file: string, plan: FaultPlan, scenario: Scenario, seed: string, profile: Profile, variant: boolean): void {
  let nodes: string[];
  try {
    nodes = nodesOfScenario(scenario, seed, profile);
  } catch (e) {
    if (variant && e instanceof RangeError) return fail(file, `scenarioOptions: ${e.message}`);
    throw e;
  }
  try {
    validatePlan(plan, nodes);
  } catch (e) {
    fail(file, (e as Error).message);
  }
}

/** Reads and validates a repro file against the registered scenarios. */
export function readRepro(file: string): LoadedRepro {
  const v = readJson(file);
  if (v.format !== undefined && v.format !== REPRO_FORMAT) fail(file, `format must be '${REPRO_FORMAT}', got ${JSON.stringify(v.format)}`);
  if (typeof v.scenario !== 'string') fail(file, 'scenario must be a scenario name');
  if (v.scenarioOptions !== undefined && !isObj(v.scenarioOptions)) fail(file, `scenarioOptions must be an object (the scenario's build options), got ${JSON.stringify(v.scenarioOptions)}`);
  const scenarioOptions = v.scenarioOptions as ScenarioOptions | undefined;
  const scenario = scenarioOr(file, v.scenario as string, scenarioOptions);
  let seed: string;
  try {
    seed = parseSeed(String(v.seed ?? ''));
    if (typeof v.seed !== 'string' && typeof v.seed !== 'number') throw new RangeError('type');
  } catch {
    return fail(file, `seed must be a non-negative integer (or a hex string), got ${JSON.stringify(v.seed)}`);
  }
  if (v.profile !== 'original' && v.profile !== 'hardened') fail(file, `profile must be original or hardened, got ${JSON.stringify(v.profile)}`);
  const profile = v.profile as Profile;
  if (typeof v.invariant !== 'string' || v.invariant.length === 0) fail(file, 'invariant must name the invariant the repro violates');
  if (v.expected !== 'violation') fail(file, `expected must be 'violation', got ${JSON.stringify(v.expected)}`);
  const options = runOptions(file, v.options, scenario);
  const plan = planShape(file, v.plan);
  validatePlanFor(file, plan, scenario, seed, profile, scenarioOptions !== undefined);
  const repro: Repro = { ...(v as unknown as Repro), format: REPRO_FORMAT, seed, profile, options, plan };
  return { repro, scenario };
}

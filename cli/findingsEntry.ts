// One entry of a scenario's findings data, checked and normalised: a finding (original violates,
// hardened holds), a design finding (both profiles violate; usually on a scenario variant built
// from options) or a hardened gap (a bug awsim found in the hardened design; fixed or open).
// A malformed entry is a FindingsInputError (exit 2) naming `<file>: <list>[i] (<id>).<field>`.
import type { Profile } from '../core/ports';
import type { Scenario } from '../scenarios/registry';
import { validatePlan, EMPTY_PLAN, type FaultPlan } from '../sim/plan';
import { parseSeed } from '../sim/rng';
import { namedVariantOptions, ScenarioOptionsError, scenarioWithOptions, type ScenarioOptions } from './reproScenario';
import { TraceInputError } from './traceFile';

export class FindingsInputError extends TraceInputError {}

/** What every kind of entry has. */
export interface EntryBase {
  readonly id: string;
  readonly invariant: string;
  readonly seed: string;
  readonly plan: FaultPlan;
  readonly description: string;
  /** Optional run limits (default: the scenario's). */
  readonly maxSteps?: number;
  readonly untilMs?: number;
  /** The scenario's build options (reproScenario.ts); absent: the registered scenario. */
  readonly scenarioOptions?: ScenarioOptions;
  /** The variant's name, when the data names one (e.g. `rollback-governance-oscillation`). */
  readonly variant?: string;
}

export interface Finding extends EntryBase {
  readonly weakPoint: string;
  readonly hardenedBehaviour: string;
}

/** A weak point of the spec's own decision rule: hardened keeps the rule, so it fails too. */
export interface DesignFinding extends Finding {
  /** The seed on which hardened shows it (the data's `hardenedSeed`, default `seed`). */
  readonly hardenedSeed: string;
}

/** A bug awsim found in the hardened design; `fixed` when the data lists it as fixed. */
export interface HardenedGap extends EntryBase {
  /** Where the hardened design was weak (the data's `weakPoint`, or null). */
  readonly weakPoint: string | null;
  /** The fix the data suggests (`suggestedFix`, `fix` or `core`), or null. */
  readonly fix: string | null;
  /** What changed in core (fixed gaps). */
  readonly fixedBy: string | null;
  readonly fixed: boolean;
}

type Obj = Record<string, unknown>;
export const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

interface Where {
  readonly file: string;
  readonly list: string;
  readonly i: number;
}

function failer(raw: unknown, w: Where): (msg: string) => never {
  const where = `${w.file}: ${w.list}[${w.i}]${isObj(raw) && typeof raw.id === 'string' ? ` (${raw.id})` : ''}`;
  return (msg: string): never => {
    throw new FindingsInputError(`${where}${msg}`);
  };
}

function seedOf(v: unknown, field: string, fail: (m: string) => never): string {
  try {
    if (typeof v !== 'string' && typeof v !== 'number') throw new RangeError('type');
    return parseSeed(String(v));
  } catch {
    return fail(`.${field} must be a non-negative integer or hex string, got ${JSON.stringify(v)}`);
  }
}

function nodesOf(scenario: Scenario, seed: string, profile: Profile): string[] {
  return scenario.start(seed, { profile, plan: EMPTY_PLAN, trace: { mode: 'off' } }).sim.nodeIds();
}

/** The entry's options: `options`, an archive `deployment`, or a named variant in `scenario`. */
function optionsOf(raw: Obj, scenario: Scenario, fail: (m: string) => never): { scenarioOptions?: ScenarioOptions; variant?: string } {
  let options: ScenarioOptions | undefined;
  if (raw.options !== undefined) options = isObj(raw.options) ? raw.options : fail('.options must be an object (the scenario\'s build options)');
  if (raw.deployment !== undefined) options = { ...options, deployment: raw.deployment };
  const named = raw.scenario;
  if (named === undefined || named === scenario.name) return options === undefined ? {} : { scenarioOptions: options };
  if (typeof named !== 'string') return fail('.scenario must be a scenario name');
  const variantOptions = namedVariantOptions(scenario.name, named);
  if (variantOptions === undefined) return fail(`.scenario names '${named}', which is neither ${scenario.name} nor one of its variants`);
  return { scenarioOptions: { ...variantOptions, ...options }, variant: named };
}

/** The fields every kind checks: strings, seed, options, plan (against the variant's nodes), limits. */
function checkBase(raw: unknown, w: Where, scenario: Scenario, strings: readonly string[]): Obj & EntryBase {
  const fail = failer(raw, w);
  if (!isObj(raw)) return fail(' must be an object');
  for (const field of ['id', 'invariant', 'description', ...strings]) {
    if (typeof raw[field] !== 'string' || (raw[field] as string).length === 0) fail(`.${field} must be a non-empty string`);
  }
  const seed = seedOf(raw.seed, 'seed', fail);
  const variant = optionsOf(raw, scenario, fail);
  if (!isObj(raw.plan) || !Array.isArray(raw.plan.steps)) fail('.plan must be a fault plan {version: 1, steps: [...]}');
  let nodes: string[] = [];
  try {
    nodes = nodesOf(scenarioWithOptions(scenario.name, variant.scenarioOptions), seed, 'original');
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    fail(`: ${e instanceof ScenarioOptionsError ? '' : 'scenarioOptions: '}${e.message}`);
  }
  try {
    validatePlan(raw.plan as unknown as FaultPlan, nodes);
  } catch (e) {
    fail(`.${(e as Error).message}`);
  }
  for (const field of ['maxSteps', 'untilMs'] as const) {
    const v = raw[field];
    if (v !== undefined && !(typeof v === 'number' && Number.isSafeInteger(v) && v >= 1)) fail(`.${field} must be a positive integer`);
  }
  const { scenarioOptions: _o, variant: _v, ...rest } = raw;
  return { ...(rest as unknown as EntryBase), seed, ...variant };
}

/** Checks one finding; throws FindingsInputError naming `<file>: <list>[i] (<id>).<field>`. */
export function checkFinding(raw: unknown, i: number, file: string, scenario: Scenario, list = 'findings'): Finding {
  return checkBase(raw, { file, list, i }, scenario, ['weakPoint', 'hardenedBehaviour']) as unknown as Finding;
}

export function checkDesignFinding(raw: unknown, i: number, file: string, scenario: Scenario, list = 'DESIGN_FINDINGS'): DesignFinding {
  const f = checkBase(raw, { file, list, i }, scenario, ['weakPoint', 'hardenedBehaviour']);
  const hardenedSeed = f.hardenedSeed === undefined ? f.seed : seedOf(f.hardenedSeed, 'hardenedSeed', failer(raw, { file, list, i }));
  return { ...(f as unknown as Finding), hardenedSeed };
}

const optionalString = (raw: Obj, field: string, fail: (m: string) => never): string | null => {
  const v = raw[field];
  if (v === undefined) return null;
  return typeof v === 'string' && v.length > 0 ? v : fail(`.${field} must be a non-empty string`);
};

export function checkGap(raw: unknown, i: number, file: string, scenario: Scenario, o: { list: string; fixed: boolean }): HardenedGap {
  const w = { file, list: o.list, i };
  const fail = failer(raw, w);
  const g = checkBase(raw, w, scenario, o.fixed ? ['fixedBy'] : []);
  const fix = optionalString(g, 'suggestedFix', fail) ?? optionalString(g, 'fix', fail) ?? optionalString(g, 'core', fail);
  const base: EntryBase = { id: g.id, invariant: g.invariant, seed: g.seed, plan: g.plan, description: g.description, maxSteps: g.maxSteps, untilMs: g.untilMs, scenarioOptions: g.scenarioOptions, variant: g.variant };
  return { ...base, weakPoint: optionalString(g, 'weakPoint', fail), fix, fixedBy: optionalString(g, 'fixedBy', fail), fixed: o.fixed };
}

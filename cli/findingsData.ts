// Loads every scenario's findings data (`scenarios/<name>/findings.ts`, an exported list of
// {id, invariant, weakPoint, seed, plan, description, hardenedBehaviour}) and checks its shape,
// so `npm run sim -- findings` is generic over SCENARIOS. A malformed entry is a
// FindingsInputError (exit 2) naming the file, the entry and the field.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Profile } from '../core/ports';
import type { Scenario } from '../scenarios/registry';
import { validatePlan, EMPTY_PLAN, type FaultPlan } from '../sim/plan';
import { parseSeed } from '../sim/rng';
import { TraceInputError } from './traceFile';

export class FindingsInputError extends TraceInputError {}

export interface Finding {
  readonly id: string;
  readonly invariant: string;
  readonly weakPoint: string;
  readonly seed: string;
  readonly plan: FaultPlan;
  readonly description: string;
  readonly hardenedBehaviour: string;
  /** Optional run limits (default: the scenario's). */
  readonly maxSteps?: number;
  readonly untilMs?: number;
}

export interface ScenarioFindings {
  readonly scenario: Scenario;
  readonly file: string;
  readonly findings: readonly Finding[];
}

const ROOT = resolve(import.meta.dirname, '..');

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const looksLikeFinding = (v: unknown): boolean => isObj(v) && 'invariant' in v && 'plan' in v && 'seed' in v;

/** The exported list: `findings`/`FINDINGS` if present, else the first exported array of findings. */
function pickList(mod: Obj): unknown[] | null {
  for (const name of ['findings', 'FINDINGS']) if (Array.isArray(mod[name])) return mod[name] as unknown[];
  for (const key of Object.keys(mod).sort()) {
    const v = mod[key];
    if (Array.isArray(v) && v.length > 0 && v.every(looksLikeFinding)) return v;
  }
  return null;
}

function nodesOf(scenario: Scenario, seed: string, profile: Profile): string[] {
  return scenario.start(seed, { profile, plan: EMPTY_PLAN, trace: { mode: 'off' } }).sim.nodeIds();
}

/** Checks one entry; throws FindingsInputError naming `<file>: findings[i] (<id>).<field>`. */
export function checkFinding(raw: unknown, i: number, file: string, scenario: Scenario): Finding {
  const where = `${file}: findings[${i}]${isObj(raw) && typeof raw.id === 'string' ? ` (${raw.id})` : ''}`;
  const fail = (msg: string): never => {
    throw new FindingsInputError(`${where}${msg}`);
  };
  if (!isObj(raw)) return fail(' must be an object');
  for (const field of ['id', 'invariant', 'weakPoint', 'description', 'hardenedBehaviour'] as const) {
    if (typeof raw[field] !== 'string' || (raw[field] as string).length === 0) fail(`.${field} must be a non-empty string`);
  }
  let seed = '';
  try {
    if (typeof raw.seed !== 'string' && typeof raw.seed !== 'number') throw new RangeError('type');
    seed = parseSeed(String(raw.seed));
  } catch {
    fail(`.seed must be a non-negative integer or hex string, got ${JSON.stringify(raw.seed)}`);
  }
  if (!isObj(raw.plan) || !Array.isArray(raw.plan.steps)) fail('.plan must be a fault plan {version: 1, steps: [...]}');
  try {
    validatePlan(raw.plan as unknown as FaultPlan, nodesOf(scenario, seed, 'original'));
  } catch (e) {
    fail(`.${(e as Error).message}`);
  }
  for (const field of ['maxSteps', 'untilMs'] as const) {
    const v = raw[field];
    if (v !== undefined && !(typeof v === 'number' && Number.isSafeInteger(v) && v >= 1)) fail(`.${field} must be a positive integer`);
  }
  return { ...(raw as unknown as Finding), seed };
}

/** Findings of one scenario, or null if it has no findings file. */
export async function loadScenarioFindings(scenario: Scenario, root = ROOT): Promise<ScenarioFindings | null> {
  const path = join(root, 'scenarios', scenario.name, 'findings.ts');
  if (!existsSync(path)) return null;
  const file = `scenarios/${scenario.name}/findings.ts`;
  const mod = (await import(pathToFileURL(path).href)) as Obj;
  const list = pickList(mod);
  if (list === null) throw new FindingsInputError(`${file}: exports no list of findings (export const findings = [...])`);
  const findings = list.map((f, i) => checkFinding(f, i, file, scenario));
  const ids = new Set<string>();
  for (const f of findings) {
    if (ids.has(f.id)) throw new FindingsInputError(`${file}: finding id '${f.id}' appears twice`);
    ids.add(f.id);
  }
  return { scenario, file, findings };
}

export async function loadAllFindings(scenarios: readonly Scenario[], root = ROOT): Promise<ScenarioFindings[]> {
  const out: ScenarioFindings[] = [];
  for (const s of scenarios) {
    const f = await loadScenarioFindings(s, root);
    if (f !== null) out.push(f);
  }
  return out;
}

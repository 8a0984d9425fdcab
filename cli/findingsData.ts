// Loads every scenario's findings data (`scenarios/<name>/findings.ts`) so `npm run sim --
// findings` is generic over SCENARIOS. A module exports up to four lists (findingsEntry.ts checks
// each entry):
//  - findings (`findings` / `FINDINGS`): original violates, hardened holds;
//  - design findings (`DESIGN_FINDINGS` / `designLimitations`): the spec's decision rule, both
//    profiles violate (often on a variant: `options`, or a variant's name in `scenario`);
//  - open hardened gaps (`HARDENED_GAPS`) and fixed ones (`FIXED_HARDENED_GAPS` /
//    `fixedHardenedGaps`): bugs awsim found in the hardened design.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Scenario } from '../scenarios/registry';
import { checkDesignFinding, checkFinding, checkGap, FindingsInputError, isObj, type DesignFinding, type Finding, type HardenedGap } from './findingsEntry';

export { checkDesignFinding, checkFinding, checkGap, FindingsInputError, type DesignFinding, type EntryBase, type Finding, type HardenedGap } from './findingsEntry';

export interface ScenarioFindings {
  readonly scenario: Scenario;
  readonly file: string;
  readonly findings: readonly Finding[];
  readonly design?: readonly DesignFinding[];
  /** Open and fixed gaps (`fixed` tells which list). */
  readonly gaps?: readonly HardenedGap[];
}

const ROOT = resolve(import.meta.dirname, '..');

type Obj = Record<string, unknown>;
const looksLikeFinding = (v: unknown): boolean => isObj(v) && 'invariant' in v && 'plan' in v && 'seed' in v;

const FINDING_LISTS = ['findings', 'FINDINGS'];
const DESIGN_LISTS = ['DESIGN_FINDINGS', 'designFindings', 'DESIGN_LIMITATIONS', 'designLimitations'];
const OPEN_GAP_LISTS = ['HARDENED_GAPS', 'hardenedGaps'];
const FIXED_GAP_LISTS = ['FIXED_HARDENED_GAPS', 'fixedHardenedGaps'];
const OTHER_LISTS = new Set([...DESIGN_LISTS, ...OPEN_GAP_LISTS, ...FIXED_GAP_LISTS]);

/** The first of `names` the module exports as an array, with its name. */
function named(mod: Obj, names: readonly string[]): { name: string; list: unknown[] } | null {
  for (const name of names) if (Array.isArray(mod[name])) return { name, list: mod[name] as unknown[] };
  return null;
}

/** The findings list: `findings`/`FINDINGS` if present, else the first other exported array of findings. */
function pickFindings(mod: Obj): { name: string; list: unknown[] } | null {
  const direct = named(mod, FINDING_LISTS);
  if (direct !== null) return direct;
  for (const key of Object.keys(mod).sort()) {
    const v = mod[key];
    if (!OTHER_LISTS.has(key) && Array.isArray(v) && v.length > 0 && v.every(looksLikeFinding)) return { name: key, list: v };
  }
  return null;
}

function uniqueIds(file: string, ids: readonly string[]): void {
  const seen = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) throw new FindingsInputError(`${file}: finding id '${id}' appears twice`);
    seen.add(id);
  }
}

/** Checks a loaded module's lists; exported for tests. Null when it exports none. */
export function findingsOfModule(mod: Obj, scenario: Scenario, file: string): ScenarioFindings | null {
  const f = pickFindings(mod);
  const d = named(mod, DESIGN_LISTS);
  const open = named(mod, OPEN_GAP_LISTS);
  const fixed = named(mod, FIXED_GAP_LISTS);
  if (f === null && d === null && open === null && fixed === null) return null;
  const findings = (f?.list ?? []).map((x, i) => checkFinding(x, i, file, scenario, f?.name));
  const design = (d?.list ?? []).map((x, i) => checkDesignFinding(x, i, file, scenario, d?.name));
  const gaps = [
    ...(open?.list ?? []).map((x, i) => checkGap(x, i, file, scenario, { list: open?.name ?? '', fixed: false })),
    ...(fixed?.list ?? []).map((x, i) => checkGap(x, i, file, scenario, { list: fixed?.name ?? '', fixed: true })),
  ];
  uniqueIds(file, [...findings, ...design, ...gaps].map((x) => x.id));
  return { scenario, file, findings, design, gaps };
}

/** Findings of one scenario, or null if it has no findings file. */
export async function loadScenarioFindings(scenario: Scenario, root = ROOT): Promise<ScenarioFindings | null> {
  const path = join(root, 'scenarios', scenario.name, 'findings.ts');
  if (!existsSync(path)) return null;
  const file = `scenarios/${scenario.name}/findings.ts`;
  const mod = (await import(pathToFileURL(path).href)) as Obj;
  const loaded = findingsOfModule(mod, scenario, file);
  if (loaded === null) throw new FindingsInputError(`${file}: exports no list of findings (export const FINDINGS = [...], DESIGN_FINDINGS, HARDENED_GAPS or FIXED_HARDENED_GAPS)`);
  return loaded;
}

export async function loadAllFindings(scenarios: readonly Scenario[], root = ROOT): Promise<ScenarioFindings[]> {
  const out: ScenarioFindings[] = [];
  for (const s of scenarios) {
    const f = await loadScenarioFindings(s, root);
    if (f !== null) out.push(f);
  }
  return out;
}

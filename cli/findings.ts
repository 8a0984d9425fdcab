// `npm run sim -- findings`: runs every scenario's findings data to confirm it — findings
// (original violates, hardened holds), design findings (both profiles violate, on the variant
// their options build) and the bugs awsim found in the hardened design (fixed ones hold) —
// writes each reproduction as a repro file, prints tables and writes reports/findings.md.
// Exit 0 every entry confirmed, 1 some entry not confirmed, 2 bad usage or findings data.
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { UsageError } from './args';
import type { Io } from './commands';
import { loadAllFindings, type ScenarioFindings } from './findingsData';
import { findingsMarkdown, resultsTables, type DesignResult, type FindingResult, type FindingsResults, type GapResult, type ShrinkSizes } from './findingsReport';
import { confirmDesign, confirmFinding, confirmGap, type RunConfig } from './findingsRun';
import { SCENARIOS, findScenario, scenarioNames, type Scenario } from '../scenarios/index';

export const FINDINGS_USAGE = `  findings [--scenario <name>] [--shrink-runs N | --no-shrink] [--repro-dir reports/samples]
           [--md reports/findings.md]
                           confirm every scenario's findings (original violates, hardened
                           holds), design limitations (both profiles violate) and fixed
                           hardened-design bugs (hardened holds); shrink them, write repro
                           files, print tables and write findings.md`;

export interface FindingsConfig {
  readonly scenario: string | null;
  readonly shrinkRuns: number;
  readonly reproDir: string;
  readonly md: string;
}

export function parseFindingsArgs(args: readonly string[]): FindingsConfig {
  const c = { scenario: null as string | null, shrinkRuns: 150, reproDir: 'reports/samples', md: 'reports/findings.md' };
  for (let i = 0; i < args.length; i++) {
    const flag = args[i];
    if (flag === '--no-shrink') {
      c.shrinkRuns = 0;
      continue;
    }
    if (!['--scenario', '--shrink-runs', '--repro-dir', '--md'].includes(flag)) throw new UsageError(flag.startsWith('-') ? `unknown flag '${flag}' (findings takes --scenario, --shrink-runs, --no-shrink, --repro-dir, --md)` : `unexpected argument '${flag}'`);
    const value = args[++i];
    if (value === undefined || value.startsWith('--')) throw new UsageError(`${flag} needs a value`);
    if (flag === '--scenario') c.scenario = value;
    else if (flag === '--repro-dir') c.reproDir = value;
    else if (flag === '--md') c.md = value;
    else if (!/^\d+$/.test(value)) throw new UsageError(`--shrink-runs must be a non-negative integer, got '${value}'`);
    else c.shrinkRuns = Number(value);
  }
  return c;
}

export interface FindingsCommandOptions {
  /** Findings to check instead of loading scenarios/<name>/findings.ts (tests). */
  readonly sources?: readonly ScenarioFindings[];
}

const mark = (confirmed: boolean): string => (confirmed ? 'confirmed' : 'NOT CONFIRMED');
const sizes = (s: ShrinkSizes | null | undefined): string => {
  if (!s) return '';
  const w = s.workload;
  return `  plan ${s.sizeBefore} -> ${s.sizeAfter}${w === null ? '' : `  reports/target ${w.before.reportsPerTarget} -> ${w.after.reportsPerTarget}, sink outages ${w.before.sinkOutages} -> ${w.after.sinkOutages}`}`;
};

function designLine(r: DesignResult): string {
  const cell = (v: unknown): string => (v === null ? 'HOLDS' : 'violates');
  return `${mark(r.confirmed)}  design  ${r.scenario}/${r.finding.id}  ${r.finding.invariant}  original ${cell(r.original.violation)}, hardened ${cell(r.hardened.violation)}${sizes(r.repros.original?.shrink)}`;
}

function gapLine(r: GapResult): string {
  const state = r.state === 'holds' ? 'hardened holds' : r.state === 'violates' ? 'hardened still violates' : 'hardened fails another invariant';
  return `${mark(r.confirmed)}  ${r.gap.fixed ? 'fixed gap' : 'open gap'}  ${r.scenario}/${r.gap.id}  ${r.gap.invariant}  ${state}${sizes(r.repro?.shrink)}`;
}

async function checkAll(sources: readonly ScenarioFindings[], c: RunConfig, io: Io): Promise<FindingsResults> {
  const results = { findings: [] as FindingResult[], design: [] as DesignResult[], gaps: [] as GapResult[] };
  for (const src of sources) {
    for (const f of src.findings) {
      const r = await confirmFinding(src.scenario, f, c);
      results.findings.push(r);
      io.out(`${mark(r.confirmed)}  ${src.scenario.name}/${f.id}  ${f.invariant}${sizes(r.shrunk)}`);
    }
    for (const d of src.design ?? []) {
      const r = await confirmDesign(src.scenario, d, c);
      results.design.push(r);
      io.out(designLine(r));
    }
    for (const g of src.gaps ?? []) {
      const r = await confirmGap(src.scenario, g, c);
      results.gaps.push(r);
      io.out(gapLine(r));
    }
  }
  return results;
}

export async function findingsCommand(args: readonly string[], io: Io, o: FindingsCommandOptions = {}): Promise<number> {
  const c = parseFindingsArgs(args);
  let scenarios: readonly Scenario[] = SCENARIOS;
  if (c.scenario !== null) {
    const s = findScenario(c.scenario);
    if (s === undefined) throw new UsageError(`unknown scenario '${c.scenario}' (valid: ${scenarioNames().join(', ')})`);
    scenarios = [s];
  }
  const sources = (o.sources ?? (await loadAllFindings(scenarios))).filter((s) => c.scenario === null || s.scenario.name === c.scenario);
  const n = (k: 'findings' | 'design' | 'gaps'): number => sources.reduce((acc, s) => acc + (s[k]?.length ?? 0), 0);
  const names = sources.map((s) => s.scenario.name).join(', ');
  io.out(`findings: ${n('findings')} findings, ${n('design')} design findings, ${n('gaps')} hardened-design bugs in ${sources.length} scenario(s)${sources.length === 0 ? ' (no scenarios/<name>/findings.ts yet)' : `: ${names}`}`);
  const results = await checkAll(sources, c, io);
  for (const line of resultsTables(results)) io.out(line);
  mkdirSync(dirname(c.md), { recursive: true });
  writeFileSync(c.md, findingsMarkdown(results, scenarios));
  io.out(`wrote ${c.md}`);
  const all = [...results.findings, ...results.design, ...results.gaps];
  const unconfirmed = all.filter((r) => !r.confirmed).length;
  const parts = `${results.findings.length} findings, ${results.design.length} design findings, ${results.gaps.length} hardened-design bugs`;
  io.out(unconfirmed === 0 ? `findings: all ${all.length} confirmed (${parts})` : `findings: ${unconfirmed} of ${all.length} NOT confirmed (${parts})`);
  return unconfirmed === 0 ? 0 : 1;
}

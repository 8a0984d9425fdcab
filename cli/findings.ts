// `npm run sim -- findings`: runs every scenario's findings in both profiles to confirm them
// (original violates the finding's invariant, hardened holds every invariant), shrinks each
// confirmed one to a small repro file, prints a table and writes reports/findings.md.
// Exit 0 every finding confirmed, 1 some finding not confirmed, 2 bad usage or findings data.
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { UsageError } from './args';
import type { Io } from './commands';
import { loadAllFindings, type Finding, type ScenarioFindings } from './findingsData';
import { findingsMarkdown, findingsTable, type FindingResult } from './findingsReport';
import { replayCommandLine, writeRepro } from './repro';
import { defaultRunOptions, runWithPlan, shrinkFailure, violationOf } from './shrink';
import { SCENARIOS, findScenario, scenarioNames, type Scenario } from '../scenarios/index';

export const FINDINGS_USAGE = `  findings [--scenario <name>] [--shrink-runs N | --no-shrink] [--repro-dir reports/samples]
           [--md reports/findings.md]
                           confirm every scenario's findings (original violates, hardened
                           holds), shrink them, print a table and write findings.md`;

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

/** Runs one finding in both profiles and shrinks it if original violates. */
export async function checkOneFinding(scenario: Scenario, f: Finding, c: Pick<FindingsConfig, 'shrinkRuns' | 'reproDir'>): Promise<FindingResult> {
  const base = defaultRunOptions(scenario);
  const options = { ...base, maxSteps: f.maxSteps ?? base.maxSteps, untilMs: f.untilMs ?? base.untilMs };
  const run = { scenario, seed: f.seed, plan: f.plan, options };
  const original = await runWithPlan({ ...run, profile: 'original' });
  const hardened = await runWithPlan({ ...run, profile: 'hardened' });
  const v = violationOf(original, f.invariant);
  const result: FindingResult = {
    scenario: scenario.name,
    finding: f,
    original: { status: original.status, violation: v ?? null, others: original.violations.filter((x) => x.invariant !== f.invariant).map((x) => x.invariant) },
    hardened: { status: hardened.status, violated: hardened.violations.map((x) => `${x.invariant}: ${x.message}`) },
    shrunk: null,
    confirmed: v !== undefined && hardened.status === 'pass',
  };
  if (v === undefined) return result;
  const shrunk = await shrinkFailure({ scenario, seed: f.seed, profile: 'original', plan: f.plan, invariant: f.invariant, options }, { runsMax: c.shrinkRuns });
  const path = writeRepro(c.reproDir, shrunk.repro);
  const hardenedShrunk = await runWithPlan({ ...run, plan: shrunk.repro.plan, profile: 'hardened' });
  return {
    ...result,
    shrunk: { path, command: replayCommandLine(path), plan: shrunk.repro.plan, sizeBefore: shrunk.shrink.sizeBefore, sizeAfter: shrunk.shrink.sizeAfter, runs: shrunk.shrink.runs, minimal: shrunk.shrink.minimal, hardenedStatus: hardenedShrunk.status },
  };
}

export interface FindingsCommandOptions {
  /** Findings to check instead of loading scenarios/<name>/findings.ts (tests). */
  readonly sources?: readonly ScenarioFindings[];
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
  const total = sources.reduce((n, s) => n + s.findings.length, 0);
  io.out(`findings: ${total} in ${sources.length} scenario(s)${sources.length === 0 ? ' (no scenarios/<name>/findings.ts yet)' : `: ${sources.map((s) => s.scenario.name).join(', ')}`}`);
  const results: FindingResult[] = [];
  for (const src of sources) {
    for (const f of src.findings) {
      const r = await checkOneFinding(src.scenario, f, c);
      results.push(r);
      io.out(`${r.confirmed ? 'confirmed' : 'NOT CONFIRMED'}  ${src.scenario.name}/${f.id}  ${f.invariant}${r.shrunk ? `  plan ${r.shrunk.sizeBefore} -> ${r.shrunk.sizeAfter}` : ''}`);
    }
  }
  for (const line of findingsTable(results)) io.out(line);
  mkdirSync(dirname(c.md), { recursive: true });
  writeFileSync(c.md, findingsMarkdown(results, scenarios));
  io.out(`wrote ${c.md}`);
  const unconfirmed = results.filter((r) => !r.confirmed).length;
  io.out(unconfirmed === 0 ? `findings: all ${results.length} confirmed` : `findings: ${unconfirmed} of ${results.length} NOT confirmed`);
  return unconfirmed === 0 ? 0 : 1;
}

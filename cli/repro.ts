// Reproductions as data: `reports/repro-<scenario>-<seed>-<invariant>.json` holds the scenario,
// seed, profile, run options, the explicit (usually shrunk) fault plan and the invariant it
// violates; optionally the scenario's build options (`scenarioOptions`, a variant such as the
// P3.25 priority entry, or a shrunk workload; files without it run the registered scenario, as
// before). Faults sit at logical points (virtual times, the k-th write, node names) and a shrunk
// workload is explicit (its outages written out, not drawn), so a repro keeps its meaning after code changes;
// `npm run sim -- replay <repro.json>` re-runs it.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Profile } from '../core/ports';
import type { InvariantKind } from '../scenarios/registry';
import type { FaultPlan } from '../sim/plan';
import type { ScenarioOptions } from './reproScenario';
import type { WorkloadSummary } from './workloadShrink';

export const REPRO_FORMAT = 'awsim-repro/1';

export interface ReproRunOptions {
  readonly maxSteps: number;
  readonly untilMs: number;
  readonly stopOnViolation: boolean;
}

export interface Repro {
  readonly format: typeof REPRO_FORMAT;
  readonly scenario: string;
  readonly seed: string;
  readonly profile: Profile;
  readonly invariant: string;
  readonly expected: 'violation';
  readonly options: ReproRunOptions;
  /** Optional: the scenario is built with these options (reproScenario.ts); absent: the registered one. */
  readonly scenarioOptions?: ScenarioOptions;
  readonly plan: FaultPlan;
  /** Informational: the plan's hash when written. */
  readonly planHash?: string;
  /** Informational: where the violation showed when the repro was written. */
  readonly found?: {
    readonly kind: InvariantKind;
    readonly step: number;
    readonly timeMs: number;
    readonly node: string | null;
    readonly message: string;
    readonly traceHash: string;
  };
  /** Informational: the plan (and, where the workload shrank too, the workload) it was shrunk from. */
  readonly shrunkFrom?: { readonly planHash: string; readonly size: number; readonly workload?: WorkloadSummary; readonly runs: number; readonly minimal: boolean };
}

/** File names keep only plain characters (invariant names are plain already). */
function safePart(s: string): string {
  return s.replace(/[^A-Za-z0-9_.-]/g, '_');
}

/** `repro-<part>-<part>….json`, each part reduced to plain characters. */
export function reproFileNameOf(parts: readonly string[]): string {
  return `repro-${parts.map(safePart).join('-')}.json`;
}

export function reproFileName(r: Pick<Repro, 'scenario' | 'seed' | 'invariant'>): string {
  return reproFileNameOf([r.scenario, r.seed, r.invariant]);
}

export function reproJson(r: Repro): string {
  return `${JSON.stringify(r, null, 2)}\n`;
}

/** Writes `<dir>/repro-….json` (or `<dir>/<fileName>`) and returns its path. */
export function writeRepro(dir: string, r: Repro, fileName = reproFileName(r)): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, fileName);
  writeFileSync(path, reproJson(r));
  return path;
}

export function replayCommandLine(path: string): string {
  return `npm run sim -- replay ${path}`;
}

/** A repro file is JSON (`.json`); trace files are JSON lines (`.jsonl`). */
export function isReproFile(path: string): boolean {
  if (/\.json$/i.test(path)) return true;
  if (/\.jsonl$/i.test(path)) return false;
  try {
    return readFileSync(path, 'utf8').trimStart().startsWith('{\n');
  } catch {
    return false;
  }
}

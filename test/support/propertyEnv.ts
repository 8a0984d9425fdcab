// Shared settings for property tests: `AWSIM_SEED` (a decimal or a hex string such as a git SHA;
// CI sets the commit SHA, so seeds vary by commit yet reproduce) and `AWSIM_RUNS` (runs per
// property). On failure the message starts with the seed and a paste-ready command; scenario
// properties that check their runs with `expectHolds` also get the counterexample written as a
// repro file (`npm run sim -- replay reports/repro-….json` re-runs exactly the failing plan; a
// property that draws the workload too passes its scenario options, which the repro carries, so
// the replay builds the same workload: `env.expectHolds(report, scenarioOptions)`).
//
//   const env = propertyEnv({ file: 'test/properties/fair-replay.test.ts', defaultRuns: 20 });
//   describe(`fair-replay properties (${env.tag})`, () => {
//     it('hardened holds every invariant', async () => {
//       await fc.assert(fc.asyncProperty(seedArb, planArb, async (seed, plan) => {
//         env.expectHolds(await fairReplay.run(String(seed), { plan, trace: { mode: 'off' } }));
//       }), env.params());
//     });
//   });
import { resolve } from 'node:path';
import fc from 'fast-check';
import { replayCommandLine, REPRO_FORMAT, writeRepro, type Repro } from '../../cli/repro';
import type { ScenarioOptions } from '../../cli/reproScenario';
import type { RunReport } from '../../scenarios/registry';
import { parseSeed } from '../../sim/rng';

export interface PropertyEnvOptions {
  /** The test file, repo-relative, for the repro command. */
  readonly file: string;
  /** Runs per property when AWSIM_RUNS is unset. */
  readonly defaultRuns: number;
  /** Seed when AWSIM_SEED is unset; default: a fresh random seed each time (printed on failure). */
  readonly defaultSeed?: string;
  /** Where counterexample repro files go. Default `reports/` (or AWSIM_REPRO_DIR). */
  readonly reproDir?: string;
}

type Env = Readonly<Record<string, string | undefined>>;

export interface PropertyEnv {
  /** Canonical decimal seed text (what to paste back as AWSIM_SEED). */
  readonly seedText: string;
  /** The fast-check seed derived from it. */
  readonly seed: number;
  readonly runs: number;
  /** `AWSIM_SEED=… AWSIM_RUNS=…`, for describe titles. */
  readonly tag: string;
  /** Paste-ready: re-runs this file with the same seed and runs. */
  readonly command: string;
  /** fast-check parameters: seed, numRuns, and a reporter that prints the repro first. */
  params<T>(extra?: fc.Parameters<T>): fc.Parameters<T>;
  /**
   * Throws (remembering the report) unless every invariant held. `scenarioOptions`: the options
   * the run's scenario was built with (reproScenario.ts), for the repro; absent: the registered one.
   */
  expectHolds(report: RunReport, scenarioOptions?: ScenarioOptions): void;
  /** The failure text for a report (also used by tests that do not use fast-check). */
  describeFailure(report: RunReport): string;
}

export class PropertyEnvError extends RangeError {}

/** Parses AWSIM_SEED / AWSIM_RUNS; throws PropertyEnvError naming the variable on bad values. */
export function readPropertyEnv(o: PropertyEnvOptions, env: Env = process.env): { seedText: string; runs: number } {
  const rawSeed = env.AWSIM_SEED;
  let seedText: string;
  if (rawSeed !== undefined && rawSeed.trim() !== '') {
    try {
      seedText = parseSeed(rawSeed);
    } catch {
      throw new PropertyEnvError(`AWSIM_SEED must be a non-negative decimal integer or a hex string (a git SHA), got '${rawSeed}'`);
    }
  } else {
    seedText = o.defaultSeed ?? String(Math.floor(Math.random() * 0x7fffffff));
  }
  const rawRuns = env.AWSIM_RUNS;
  const runs = rawRuns === undefined || rawRuns.trim() === '' ? o.defaultRuns : Number(rawRuns);
  if (!Number.isSafeInteger(runs) || runs < 1) throw new PropertyEnvError(`AWSIM_RUNS must be a positive integer, got '${rawRuns}'`);
  return { seedText, runs };
}

/** fast-check wants a 32-bit integer; any seed text maps to one, the same every time. */
export function fastCheckSeed(seedText: string): number {
  return Number(BigInt.asIntN(32, BigInt(seedText)));
}

export function scenarioRunCommand(r: Pick<RunReport, 'scenario' | 'seed' | 'profile'>): string {
  return `npm run sim -- run --scenario ${r.scenario} --seed ${r.seed} --profile ${r.profile}`;
}

/** The failing run as a repro; with the scenario options it was built with, if any. */
export function reproOfReport(r: RunReport, scenarioOptions?: ScenarioOptions): Repro {
  const v = r.violations[0];
  return {
    format: REPRO_FORMAT,
    scenario: r.scenario,
    seed: r.seed,
    profile: r.profile,
    invariant: v.invariant,
    expected: 'violation',
    options: { maxSteps: r.limits.maxSteps, untilMs: r.limits.untilMs, stopOnViolation: true },
    ...(scenarioOptions === undefined ? {} : { scenarioOptions }),
    plan: r.plan,
    planHash: r.planHash,
  };
}

export function propertyEnv(o: PropertyEnvOptions, env: Env = process.env): PropertyEnv {
  const { seedText, runs } = readPropertyEnv(o, env);
  const command = `AWSIM_SEED=${seedText} AWSIM_RUNS=${runs} npx vitest run ${o.file}`;
  const reproDir = o.reproDir ?? env.AWSIM_REPRO_DIR ?? resolve(import.meta.dirname, '../../reports');
  let lastFailure: RunReport | null = null;
  let lastOptions: ScenarioOptions | undefined;

  const describeFailure = (r: RunReport): string => {
    const v = r.violations[0];
    const what = v === undefined ? `status ${r.status}` : `${v.kind.toUpperCase()} violation of ${v.invariant} at step ${v.step}${v.node ? ` (node ${v.node})` : ''}: ${v.message}`;
    return `${r.scenario} seed ${r.seed} (${r.profile}), plan ${r.planHash}: ${what}`;
  };
  const reporter = (out: fc.RunDetails<unknown>): void => {
    if (!out.failed) return;
    const lines = [`property failed (AWSIM_SEED=${seedText}, fast-check seed ${out.seed}, path ${out.counterexamplePath ?? '-'})`, `  re-run:  ${command}`];
    if (lastFailure !== null && lastFailure.violations.length > 0) {
      const path = writeRepro(reproDir, reproOfReport(lastFailure, lastOptions));
      lines.push(`  replay:  ${replayCommandLine(path)}   (the counterexample's own plan${lastOptions === undefined ? '' : ' and workload'})`);
      lines.push(`  seed:    ${scenarioRunCommand(lastFailure)}   (that seed with its default plan${lastOptions === undefined ? '' : ' and workload'})`);
      lines.push(`  failure: ${describeFailure(lastFailure)}`);
      lines.push(`  plan:    ${JSON.stringify(lastFailure.plan)}`);
      if (lastOptions !== undefined) lines.push(`  options: ${JSON.stringify(lastOptions)}`);
    }
    lines.push(fc.defaultReportMessage(out) ?? '');
    throw new Error(lines.join('\n'));
  };
  return {
    seedText,
    seed: fastCheckSeed(seedText),
    runs,
    tag: `AWSIM_SEED=${seedText} AWSIM_RUNS=${runs}`,
    command,
    params: <T>(extra: fc.Parameters<T> = {}) => ({ seed: fastCheckSeed(seedText), numRuns: runs, reporter, ...extra }) as fc.Parameters<T>,
    expectHolds(report, scenarioOptions) {
      if (report.status === 'pass') return;
      lastFailure = report;
      lastOptions = scenarioOptions;
      throw new Error(describeFailure(report));
    },
    describeFailure,
  };
}

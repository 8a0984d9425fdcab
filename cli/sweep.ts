// `npm run sim -- sweep`: many seeds of one scenario in parallel worker processes. Stops at the
// first violation unless --keep-going, then shrinks the first failing seed (plan and workload; with --keep-going,
// the first of each violated invariant, up to 3) in this process, deterministically, writes
// repro files and prints the commands to replay them. Exit 0 all seeds held, 1 a violation,
// 2 bad usage; a run that throws is an internal error (the CLI exits 3).
import { UsageError } from './args';
import type { Io } from './commands';
import { replayCommandLine, writeRepro } from './repro';
import { shrinkFailure } from './shrink';
import { formatWorkload } from './workloadShrink';
import { parseSweepArgs, shardSeeds, type SweepConfig } from './sweepArgs';
import { createRunners, runSeeds } from './sweepPool';
import { createProgress, type ProgressTarget } from './sweepProgress';
import type { SeedResult } from './sweepWorker';
import { findScenario, scenarioNames, type Scenario } from '../scenarios/index';

export interface SweepOptions {
  /** The progress bar's writer (a TTY's stderr). Default: stderr if it is a TTY, else none. */
  readonly bar?: ((text: string) => void) | null;
  /** Wall clock for the seeds/s figure. Default Date.now. */
  readonly clock?: () => number;
}

/** How many failing seeds get shrunk (the first of each distinct invariant). */
const SHRINK_INVARIANTS_MAX = 3;

function describeViolation(r: SeedResult): string {
  const v = r.violations[0];
  return `seed ${r.seed}: ${v.kind.toUpperCase()} violation of ${v.invariant} at step ${v.step}, t=${v.timeMs} ms${v.node ? ` (node ${v.node})` : ''}: ${v.message}`;
}

function defaultTarget(io: Io, o: SweepOptions): ProgressTarget {
  const tty = process.stderr.isTTY === true;
  const bar = o.bar !== undefined ? o.bar : tty ? (t: string) => void process.stderr.write(t) : null;
  return { out: io.out, bar, columns: process.stderr.columns ?? 80 };
}

/** Shrinks the first failing seed (with --keep-going: of each violated invariant); returns the repro paths. */
async function shrinkFailures(c: SweepConfig, scenario: Scenario, failing: readonly SeedResult[], io: Io): Promise<string[]> {
  const firstByInvariant = new Map<string, SeedResult>();
  for (const r of c.keepGoing ? failing : failing.slice(0, 1)) {
    const inv = r.violations[0].invariant;
    if (!firstByInvariant.has(inv) && firstByInvariant.size < SHRINK_INVARIANTS_MAX) firstByInvariant.set(inv, r);
  }
  const paths: string[] = [];
  for (const [invariant, r] of firstByInvariant) {
    const plan = scenario.planFor(r.seed);
    const shrunk = await shrinkFailure({ scenario, seed: r.seed, profile: c.profile, plan, invariant }, { runsMax: c.shrinkRuns });
    const path = writeRepro(c.out, shrunk.repro);
    const s = shrunk.shrink;
    const w = shrunk.workload;
    const workload = w === null ? '' : `, workload ${formatWorkload(w.before)} -> ${formatWorkload(w.after)}`;
    io.out(`shrunk seed ${r.seed} (${invariant}): plan size ${s.sizeBefore} -> ${s.sizeAfter}${workload} in ${s.runs} runs${s.minimal ? '' : ' (budget spent, may shrink further)'}`);
    io.out(`repro: ${replayCommandLine(path)}`);
    paths.push(path);
  }
  return paths;
}

export async function sweepCommand(args: readonly string[], io: Io, o: SweepOptions = {}): Promise<number> {
  const c = parseSweepArgs(args);
  const scenario = findScenario(c.scenario);
  if (scenario === undefined) throw new UsageError(`unknown scenario '${c.scenario}' (valid: ${scenarioNames().join(', ')})`);
  const seeds = shardSeeds(c);
  const clock = o.clock ?? Date.now;
  const shard = c.shard.count > 1 ? `, shard ${c.shard.index}/${c.shard.count}` : '';
  io.out(`sweep ${scenario.name} seeds ${c.from}..${c.to}${shard}: ${seeds.length} seeds, profile ${c.profile}, ${c.jobs} job${c.jobs === 1 ? '' : 's'}`);
  const progress = createProgress(defaultTarget(io, o), seeds.length, clock);
  const started = clock();
  const runners = createRunners({ scenario: scenario.name, profile: c.profile }, c.jobs);
  let failingCount = 0;
  let done = 0;
  let results: SeedResult[];
  try {
    results = await runSeeds(
      seeds,
      runners,
      (r) => {
        done += 1;
        if (r.status === 'error') progress.line(`seed ${r.seed}: internal error: ${r.error?.split('\n')[0]}`);
        else if (r.status !== 'pass') {
          failingCount += 1;
          progress.line(describeViolation(r));
        }
        progress.tick(done, failingCount);
      },
      () => !c.keepGoing && failingCount > 0,
    );
  } finally {
    for (const r of runners) r.close();
    progress.end();
  }
  const bySeed = (a: SeedResult, b: SeedResult): number => Number(a.seed) - Number(b.seed);
  const errors = results.filter((r) => r.status === 'error').sort(bySeed);
  const failing = results.filter((r) => r.status !== 'pass' && r.status !== 'error').sort(bySeed);
  const secs = Math.max(1, clock() - started) / 1000;
  const rate = `${(results.length / secs).toFixed(1)} seeds/s`;
  if (failing.length === 0 && errors.length === 0) {
    io.out(`sweep: all ${results.length} seeds held every invariant (${secs.toFixed(1)} s, ${rate})`);
    return 0;
  }
  const stopped = !c.keepGoing && results.length < seeds.length ? ` (stopped at the first violation after ${results.length} of ${seeds.length} seeds; --keep-going runs all)` : '';
  io.out(`sweep: ${failing.length} of ${results.length} seeds violated an invariant${stopped}`);
  if (failing.length > 0) {
    io.out(`first failing seed: ${failing[0].seed}; run: npm run sim -- run --scenario ${scenario.name} --seed ${failing[0].seed} --profile ${c.profile}`);
    if (c.shrinkRuns > 0) await shrinkFailures(c, scenario, failing, io);
  }
  if (errors.length > 0) throw new Error(`sweep: ${errors.length} seed(s) crashed the run itself, first seed ${errors[0].seed}: ${errors[0].error}`);
  return 1;
}

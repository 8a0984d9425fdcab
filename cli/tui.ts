// `npm run tui -- --scenario <name> --seed <n> [--profile p]` (or `--trace <file>`, or
// `--repro <file>`): opens the stepper over a run. Bad input fails here, with the sim CLI's
// messages and exit code 2, before the screen opens; so does a missing terminal.
import { DEFAULT_SCENARIO_NAME, findScenario, scenarioNames, type Scenario } from '../scenarios/index';
import { parseSeed } from '../sim/rng';
import { linesFromSeed, type SeedRunOptions } from '../tui/load';
import { TraceFormatError } from '../tui/model/traceIndex';
import { createSession, type Session } from '../tui/session';
import { readFlags, UsageError } from './args';
import { readRepro } from './reproRead';
import { readTrace, TraceInputError } from './traceFile';

export const TUI_USAGE = `usage: npm run tui -- [--scenario <name>] [--seed <n>] [--profile original|hardened] [--steps N] [--until-ms T] [--at STEP]
       npm run tui -- --trace <trace.jsonl> [--at STEP]
       npm run tui -- --repro <repro.json> [--at STEP]
  steps through a run forward and back; press ? in the app for the keys.
  With no flags: the default scenario on its default seed. --at opens at a step.
exit codes: 0 quit, 2 bad usage or input, or no interactive terminal`;

const FLAGS = ['--scenario', '--seed', '--profile', '--steps', '--until-ms', '--trace', '--repro', '--at'] as const;
type Flag = (typeof FLAGS)[number];

export type TuiSource =
  | { readonly kind: 'seed'; readonly scenario: string; readonly seed: string | null; readonly options: SeedRunOptions }
  | { readonly kind: 'trace'; readonly file: string }
  | { readonly kind: 'repro'; readonly file: string };

export interface TuiArgs {
  readonly help: boolean;
  readonly source: TuiSource;
  readonly at: number | null;
}

function count(text: string, flag: string, min: number): number {
  if (!/^\d+$/.test(text) || Number(text) < min || !Number.isSafeInteger(Number(text))) {
    throw new UsageError(`${flag} must be a ${min === 0 ? 'non-negative' : 'positive'} integer, got '${text}'`);
  }
  return Number(text);
}

export function parseTuiArgs(argv: readonly string[], env: Readonly<Record<string, string | undefined>> = {}): TuiArgs {
  if (argv.some((a) => a === '--help' || a === '-h' || a === 'help')) return { help: true, source: { kind: 'trace', file: '' }, at: null };
  const f = readFlags(argv, FLAGS, 'tui');
  const at = f.has('--at') ? count(f.get('--at') as string, '--at', 0) : null;
  const files = (['--trace', '--repro'] as const).filter((x) => f.has(x));
  if (files.length > 0) {
    const clash = (['--scenario', '--seed', '--profile', '--steps', '--until-ms'] as const).find((x) => f.has(x));
    if (files.length > 1 || clash !== undefined) throw new UsageError(`${files[0]} cannot be combined with ${files[1] ?? clash}`);
    const file = f.get(files[0]) as string;
    return { help: false, source: files[0] === '--trace' ? { kind: 'trace', file } : { kind: 'repro', file }, at };
  }
  const profile = f.get('--profile') ?? 'hardened';
  if (profile !== 'original' && profile !== 'hardened') throw new UsageError(`--profile must be original or hardened, got '${profile}'`);
  const seedText = f.get('--seed') ?? env.AWSIM_SEED;
  let seed: string | null = null;
  if (seedText !== undefined) {
    try {
      seed = parseSeed(seedText);
    } catch {
      throw new UsageError(`--seed must be a non-negative integer (or a hex string such as a git SHA), got '${seedText}'`);
    }
  }
  const steps = f.get('--steps');
  const until = f.get('--until-ms');
  const options: SeedRunOptions = { profile, maxSteps: steps === undefined ? undefined : count(steps, '--steps', 1), untilMs: until === undefined ? undefined : count(until, '--until-ms', 1) };
  return { help: false, source: { kind: 'seed', scenario: f.get('--scenario') ?? DEFAULT_SCENARIO_NAME, seed, options }, at };
}

function scenarioOrThrow(name: string): Scenario {
  const s = findScenario(name);
  if (s === undefined) throw new UsageError(`unknown scenario '${name}' (valid: ${scenarioNames().join(', ')})`);
  return s;
}

export interface TuiIo {
  out(line: string): void;
  err(line: string): void;
  /** Whether stdin and stdout are an interactive terminal. */
  readonly interactive: boolean;
  /** Shows progress while a seed runs (e.g. a rewritten status line); optional. */
  progress?(text: string): void;
}

/** Input checked and read, not yet run: a trace's lines, or a scenario and seed to run. */
export type Prepared =
  | { readonly kind: 'lines'; readonly file: string; readonly lines: readonly string[] }
  | { readonly kind: 'run'; readonly scenario: Scenario; readonly seed: string; readonly options: SeedRunOptions };

/** Checks what the arguments name (throws UsageError/TraceInputError on bad input). */
export function prepare(source: TuiSource, io?: TuiIo): Prepared {
  if (source.kind === 'trace') {
    io?.progress?.(`awsim: reading ${source.file}…`);
    return { kind: 'lines', file: source.file, lines: readTrace(source.file).lines };
  }
  if (source.kind === 'repro') {
    const { repro, scenario } = readRepro(source.file);
    return { kind: 'run', scenario, seed: repro.seed, options: { profile: repro.profile, plan: repro.plan, ...repro.options } };
  }
  const scenario = scenarioOrThrow(source.scenario);
  return { kind: 'run', scenario, seed: source.seed ?? scenario.defaultSeed, options: source.options };
}

/** Indexes a trace's lines, or runs the scenario to get them. */
export async function loadSession(p: Prepared, io: TuiIo): Promise<Session> {
  if (p.kind === 'lines') {
    io.progress?.(`awsim: indexing ${p.lines.length} trace lines…`);
    try {
      return createSession(p.lines);
    } catch (e) {
      if (e instanceof TraceFormatError) throw new TraceInputError(`${p.file}: ${e.message}`);
      throw e;
    }
  }
  const label = `${p.scenario.name} seed ${p.seed} (${p.options.profile ?? 'hardened'})`;
  io.progress?.(`awsim: running ${label}…`);
  const lines = await linesFromSeed(p.scenario, p.seed, { ...p.options, onProgress: (step) => io.progress?.(`awsim: running ${label}… step ${step}`) });
  io.progress?.(`awsim: indexing ${lines.length} trace lines…`);
  return createSession(lines);
}

const NO_TTY = (source: TuiSource): string[] => [
  'awsim: the tui needs an interactive terminal (stdin and stdout must be a TTY).',
  source.kind === 'seed'
    ? `  For a non-interactive run use: npm run sim -- run --scenario ${source.scenario}${source.seed === null ? '' : ` --seed ${source.seed}`}${source.options.profile === 'original' ? ' --profile original' : ''}`
    : `  For a non-interactive run use: npm run sim -- run   (or: npm run sim -- replay ${source.file})`,
];

/** Everything before the screen opens; returns an exit code, or calls `open` and returns 0. */
export async function main(argv: readonly string[], io: TuiIo, env: Readonly<Record<string, string | undefined>>, open: (session: Session, at: number) => Promise<void>): Promise<number> {
  try {
    const args = parseTuiArgs(argv, env);
    if (args.help) {
      io.out(TUI_USAGE);
      return 0;
    }
    const prepared = prepare(args.source, io);
    if (!io.interactive) {
      for (const l of NO_TTY(args.source)) io.err(l);
      return 2;
    }
    const session = await loadSession(prepared, io);
    await open(session, Math.min(args.at ?? 0, session.lastStep));
    return 0;
  } catch (e) {
    if (e instanceof UsageError || e instanceof TraceInputError) {
      io.err(`awsim: ${e.message}`);
      if (e instanceof UsageError) io.err("(see 'npm run tui -- --help')");
      return 2;
    }
    throw e;
  }
}

const invokedDirectly = process.argv[1] !== undefined && /cli[\\/]tui\.ts$/.test(process.argv[1]);
if (invokedDirectly) {
  const interactive = process.stdin.isTTY === true && process.stdout.isTTY === true;
  const io: TuiIo = {
    out: (l) => process.stdout.write(`${l}\n`),
    err: (l) => process.stderr.write(`${l}\n`),
    interactive,
    progress: process.stderr.isTTY === true ? (t) => process.stderr.write(`\r\u001b[K${t}`) : undefined,
  };
  const open = async (session: Session, at: number): Promise<void> => {
    process.stderr.write('\r\u001b[K');
    const { startTui } = await import('../tui/start');
    await startTui(session, { initialStep: at });
  };
  main(process.argv.slice(2), io, process.env, open).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`awsim: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exitCode = 3;
    },
  );
}

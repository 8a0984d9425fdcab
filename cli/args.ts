// Command-line parsing for `npm run sim`. Every mistake is a UsageError (exit 2) whose message
// names the bad flag or value.
import type { Profile } from '../core/ports';
import { parseSeed } from '../sim/rng';

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export type Command =
  | { readonly cmd: 'help' }
  | { readonly cmd: 'list' }
  | { readonly cmd: 'run'; readonly scenario: string | null; readonly seed: string | null; readonly profile: Profile; readonly maxSteps: number | null; readonly untilMs: number | null; readonly out: string }
  | { readonly cmd: 'replay'; readonly file: string };

export const USAGE = `usage: npm run sim -- [command]
  (no command)             run the default scenario on its default seed
  list                     scenarios with one-line descriptions
  run --scenario <name> --seed <n> [--profile original|hardened] [--steps N] [--until-ms T] [--out reports/]
                           run one seed; prints a summary and 'trace-hash: <64 hex>',
                           writes <out>/<scenario>-<seed>-<profile>/{trace.jsonl,summary.md}
  replay <trace-file>      re-run a recorded trace and confirm its hash
exit codes: 0 all invariants held, 1 a violation (or a replay diverged), 2 bad usage or input
seeds: a non-negative decimal integer, or a hex string such as a git SHA`;

const RUN_FLAGS = ['--scenario', '--seed', '--profile', '--steps', '--until-ms', '--out'] as const;
type RunFlag = (typeof RUN_FLAGS)[number];

function positiveInt(text: string, flag: string): number {
  if (!/^\d+$/.test(text) || Number(text) < 1 || !Number.isSafeInteger(Number(text))) {
    throw new UsageError(`${flag} must be a positive integer, got '${text}'`);
  }
  return Number(text);
}

/** `--flag value` or `--flag=value` pairs, each flag one of `allowed`; mistakes are UsageErrors. */
export function readFlags<F extends string>(args: readonly string[], allowed: readonly F[], command: string): Map<F, string> {
  const flags = new Map<F, string>();
  for (let i = 0; i < args.length; i++) {
    const raw = args[i];
    const eq = raw.indexOf('=');
    const name = eq > 0 ? raw.slice(0, eq) : raw;
    if (!(allowed as readonly string[]).includes(name)) {
      throw new UsageError(raw.startsWith('-') ? `unknown flag '${name}' (${command} takes ${allowed.join(', ')})` : `unexpected argument '${raw}'`);
    }
    const value = eq > 0 ? raw.slice(eq + 1) : args[++i];
    if (value === undefined || (eq < 0 && value.startsWith('--'))) throw new UsageError(`${name} needs a value`);
    flags.set(name as F, value);
  }
  return flags;
}

const parseRunFlags = (args: readonly string[]): Map<RunFlag, string> => readFlags(args, RUN_FLAGS, 'run');

export function parseRunArgs(args: readonly string[], env: Readonly<Record<string, string | undefined>> = {}): Command {
  const flags = parseRunFlags(args);
  const profile = flags.get('--profile') ?? 'hardened';
  if (profile !== 'original' && profile !== 'hardened') throw new UsageError(`--profile must be original or hardened, got '${profile}'`);
  const seedText = flags.get('--seed') ?? env.AWSIM_SEED;
  let seed: string | null = null;
  if (seedText !== undefined) {
    try {
      seed = parseSeed(seedText);
    } catch {
      throw new UsageError(`--seed must be a non-negative integer (or a hex string such as a git SHA), got '${seedText}'`);
    }
  }
  const steps = flags.get('--steps');
  const until = flags.get('--until-ms');
  return {
    cmd: 'run',
    scenario: flags.get('--scenario') ?? null,
    seed,
    profile,
    maxSteps: steps === undefined ? null : positiveInt(steps, '--steps'),
    untilMs: until === undefined ? null : positiveInt(until, '--until-ms'),
    out: flags.get('--out') ?? 'reports',
  };
}

export function parseArgs(argv: readonly string[], env: Readonly<Record<string, string | undefined>> = {}): Command {
  const [first, ...rest] = argv;
  if (first === undefined) return parseRunArgs([], env);
  if (first === 'help' || first === '--help' || first === '-h') return { cmd: 'help' };
  if (first === 'list') {
    if (rest.length > 0) throw new UsageError(`list takes no arguments, got '${rest[0]}'`);
    return { cmd: 'list' };
  }
  if (first === 'run') return parseRunArgs(rest, env);
  if (first === 'replay') {
    if (rest.length !== 1 || rest[0].startsWith('--')) throw new UsageError(rest.length === 0 ? 'replay needs a trace file' : `replay takes one trace file, got '${rest.join(' ')}'`);
    return { cmd: 'replay', file: rest[0] };
  }
  if (first.startsWith('-')) return parseRunArgs(argv, env);
  throw new UsageError(`unknown command '${first}' (commands: list, run, replay)`);
}

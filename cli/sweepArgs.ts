// Flags of `npm run sim -- sweep`. Every mistake is a UsageError (exit 2) naming the flag.
import { availableParallelism } from 'node:os';
import type { Profile } from '../core/ports';
import { UsageError } from './args';

export interface SweepConfig {
  readonly scenario: string;
  /** Inclusive decimal range. */
  readonly from: number;
  readonly to: number;
  readonly profile: Profile;
  readonly jobs: number;
  /** 1-based shard index and shard count: this shard runs seeds with (seed - from) % count == index - 1. */
  readonly shard: { readonly index: number; readonly count: number };
  readonly keepGoing: boolean;
  readonly out: string;
  /** Scenario runs the shrinker may spend on a failing seed; 0 = do not shrink. */
  readonly shrinkRuns: number;
}

export const SWEEP_USAGE = `  sweep --scenario <name> --seeds A..B [--profile original|hardened] [--jobs N] [--shard i/n]
        [--keep-going] [--shrink-runs N | --no-shrink] [--out reports/]
                           run seeds A..B (inclusive) in N worker processes; stops at the first
                           violation unless --keep-going, shrinks its fault plan and workload
                           and writes <out>/repro-<scenario>-<seed>-<invariant>.json; --shard i/n runs every
                           n-th seed starting at the i-th, for CI matrices; --jobs defaults to
                           the number of cores (--jobs 1 runs the seeds in this process)`;

const VALUE_FLAGS = ['--scenario', '--seeds', '--profile', '--jobs', '--shard', '--out', '--shrink-runs'] as const;
const BOOL_FLAGS = ['--keep-going', '--no-shrink'] as const;
type Flag = (typeof VALUE_FLAGS)[number] | (typeof BOOL_FLAGS)[number];

function intOf(text: string, flag: string, min: number): number {
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(Number(text)) || Number(text) < min) {
    throw new UsageError(`${flag} must be ${min === 0 ? 'a non-negative' : 'a positive'} integer, got '${text}'`);
  }
  return Number(text);
}

function readFlags(args: readonly string[]): Map<Flag, string> {
  const flags = new Map<Flag, string>();
  for (let i = 0; i < args.length; i++) {
    const raw = args[i];
    const eq = raw.indexOf('=');
    const name = (eq > 0 ? raw.slice(0, eq) : raw) as Flag;
    if ((BOOL_FLAGS as readonly string[]).includes(name)) {
      if (eq > 0) throw new UsageError(`${name} takes no value`);
      flags.set(name, 'true');
      continue;
    }
    if (!(VALUE_FLAGS as readonly string[]).includes(name)) {
      throw new UsageError(raw.startsWith('-') ? `unknown flag '${name}' (sweep takes ${[...VALUE_FLAGS, ...BOOL_FLAGS].join(', ')})` : `unexpected argument '${raw}'`);
    }
    const value = eq > 0 ? raw.slice(eq + 1) : args[++i];
    if (value === undefined || (eq < 0 && value.startsWith('--'))) throw new UsageError(`${name} needs a value`);
    flags.set(name, value);
  }
  return flags;
}

/** `A..B`, decimal, A <= B. */
export function parseSeedRange(text: string): { from: number; to: number } {
  const m = /^(\d+)\.\.(\d+)$/.exec(text.trim());
  if (m === null) throw new UsageError(`--seeds must be a range A..B of non-negative decimal integers (e.g. 1..100), got '${text}'`);
  const [from, to] = [Number(m[1]), Number(m[2])];
  if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to)) throw new UsageError(`--seeds bounds must be at most ${Number.MAX_SAFE_INTEGER}, got '${text}'`);
  if (from > to) throw new UsageError(`--seeds range '${text}' is reversed: A must be <= B`);
  return { from, to };
}

/** `i/n` with 1 <= i <= n. */
export function parseShard(text: string): { index: number; count: number } {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (m === null) throw new UsageError(`--shard must look like i/n (e.g. 2/4), got '${text}'`);
  const [index, count] = [Number(m[1]), Number(m[2])];
  if (count < 1 || index < 1 || index > count) throw new UsageError(`--shard i/n needs 1 <= i <= n, got '${text}'`);
  return { index, count };
}

/** At most this many seeds per sweep (per shard). */
export const SWEEP_SEEDS_MAX = 1_000_000;

export function shardSeedCount(c: Pick<SweepConfig, 'from' | 'to' | 'shard'>): number {
  const first = c.from + c.shard.index - 1;
  return first > c.to ? 0 : Math.floor((c.to - first) / c.shard.count) + 1;
}

/** The seeds of this shard, ascending. */
export function shardSeeds(c: Pick<SweepConfig, 'from' | 'to' | 'shard'>): string[] {
  if (shardSeedCount(c) > SWEEP_SEEDS_MAX) throw new UsageError(`--seeds: at most ${SWEEP_SEEDS_MAX} seeds per sweep (use --shard to split), got ${shardSeedCount(c)}`);
  const out: string[] = [];
  for (let s = c.from + c.shard.index - 1; s <= c.to; s += c.shard.count) out.push(String(s));
  return out;
}

export function parseSweepArgs(args: readonly string[]): SweepConfig {
  const flags = readFlags(args);
  const scenario = flags.get('--scenario');
  if (scenario === undefined) throw new UsageError('sweep needs --scenario <name>');
  const seedsText = flags.get('--seeds');
  if (seedsText === undefined) throw new UsageError('sweep needs --seeds A..B');
  const { from, to } = parseSeedRange(seedsText);
  const profile = flags.get('--profile') ?? 'hardened';
  if (profile !== 'original' && profile !== 'hardened') throw new UsageError(`--profile must be original or hardened, got '${profile}'`);
  const shard = parseShard(flags.get('--shard') ?? '1/1');
  const count = shardSeeds({ from, to, shard }).length;
  if (count === 0) throw new UsageError(`--shard ${shard.index}/${shard.count} of --seeds ${seedsText} has no seeds`);
  const jobsText = flags.get('--jobs');
  const jobs = jobsText === undefined ? Math.max(1, Math.min(availableParallelism(), count)) : intOf(jobsText, '--jobs', 1);
  const shrinkRuns = flags.has('--no-shrink') ? 0 : intOf(flags.get('--shrink-runs') ?? '300', '--shrink-runs', 0);
  return { scenario, from, to, profile, jobs: Math.min(jobs, count), shard, keepGoing: flags.has('--keep-going'), out: flags.get('--out') ?? 'reports', shrinkRuns };
}

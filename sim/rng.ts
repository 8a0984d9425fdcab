// Seeded randomness. Every concern (network, disk per node, clocks, faults, workload) draws from
// its own named stream forked from the run seed, so a new draw in one concern never shifts
// another. Odds are integer ratios `[num, den]`, never floats, so plans print and parse exactly.
import seedrandom from 'seedrandom';

/** Integer odds `num/den`, e.g. `[3, 100]` is 3 %. */
export type Ratio = readonly [num: number, den: number];

export const NEVER: Ratio = [0, 1];
export const ALWAYS: Ratio = [1, 1];

export function formatRatio(r: Ratio): string {
  return `${r[0]}/${r[1]}`;
}

/** Parses `3/100` (or a bare `0`/`1`); throws a RangeError naming `what`. */
export function parseRatio(text: string, what = 'ratio'): Ratio {
  const m = /^\s*(\d+)\s*(?:\/\s*(\d+)\s*)?$/.exec(text);
  if (!m) throw new RangeError(`${what} must look like num/den, got '${text}'`);
  const r: Ratio = [Number(m[1]), m[2] === undefined ? 1 : Number(m[2])];
  validateRatio(r, what);
  return r;
}

export function validateRatio(r: Ratio, what: string): void {
  const [num, den] = r;
  if (!Number.isInteger(num) || !Number.isInteger(den) || den <= 0 || num < 0 || num > den) {
    throw new RangeError(`${what} must be integers 0 <= num <= den, den > 0; got ${formatRatio(r)}`);
  }
}

export interface Rng {
  /** The stream's full name, e.g. `42/net`. */
  readonly key: string;
  /** A uniformly distributed unsigned 32-bit integer. */
  uint32(): number;
  /** An integer in [0, maxExclusive). */
  int(maxExclusive: number): number;
  /** An integer in [min, max], both inclusive. */
  between(min: number, max: number): number;
  chance(odds: Ratio): boolean;
  pick<T>(items: readonly T[]): T;
  /** Fisher-Yates on a copy. */
  shuffled<T>(items: readonly T[]): T[];
  /** A child stream; `fork('a')` never draws from this stream. */
  fork(name: string): Rng;
}

const TWO_32 = 4294967296;

class SeededRng implements Rng {
  private readonly prng: seedrandom.PRNG;
  constructor(readonly key: string) {
    this.prng = seedrandom.alea(key);
  }
  uint32(): number {
    return this.prng.int32() >>> 0;
  }
  int(maxExclusive: number): number {
    if (maxExclusive <= 1) return 0;
    return Math.floor((this.uint32() / TWO_32) * maxExclusive);
  }
  between(min: number, max: number): number {
    return max <= min ? min : min + this.int(max - min + 1);
  }
  chance(odds: Ratio): boolean {
    if (odds[0] <= 0) return false;
    if (odds[0] >= odds[1]) return true;
    return this.int(odds[1]) < odds[0];
  }
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick needs at least one item');
    return items[this.int(items.length)];
  }
  shuffled<T>(items: readonly T[]): T[] {
    const out = items.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = out[i];
      out[i] = out[j];
      out[j] = tmp;
    }
    return out;
  }
  fork(name: string): Rng {
    return new SeededRng(`${this.key}/${name}`);
  }
}

/** The root stream of a run. Prefer `forkStreams`: draw only from named children. */
export function createRng(seed: string): Rng {
  return new SeededRng(seed);
}

/** One independent stream per concern: `forkStreams(seed, ['net', 'disk/n1'])['net']`. */
export function forkStreams<const N extends string>(seed: string, names: readonly N[]): Record<N, Rng> {
  const root = createRng(seed);
  const out = {} as Record<N, Rng>;
  for (const name of names) out[name] = root.fork(name);
  return out;
}

/**
 * Canonical seed text: a decimal non-negative integer (any size), or a hex string such as a git
 * SHA (`0x` optional), converted to its decimal value. Throws a RangeError naming the bad value.
 */
export function parseSeed(text: string): string {
  const t = text.trim();
  if (/^\d+$/.test(t)) return BigInt(t).toString();
  const hex = /^(?:0x)?([0-9a-fA-F]+)$/.exec(t);
  if (hex && /[a-fA-F]|^0x/.test(t)) return BigInt(`0x${hex[1]}`).toString();
  throw new RangeError(`seed must be a non-negative decimal integer or a hex string, got '${text}'`);
}

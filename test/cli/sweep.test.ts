import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../cli/sim';
import { sweepCommand } from '../../cli/sweep';
import { parseSweepArgs, shardSeeds } from '../../cli/sweepArgs';
import { barText, createProgress } from '../../cli/sweepProgress';
import { runSeed } from '../../cli/sweepWorker';

const tmp = () => mkdtempSync(join(tmpdir(), 'awsim-sweep-'));

async function cli(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('sweep arguments', () => {
  it.each([
    [['--seeds', '1..5'], /sweep needs --scenario/],
    [['--scenario', 'kernel-selftest'], /sweep needs --seeds A\.\.B/],
    [['--scenario', 'kernel-selftest', '--seeds', ''], /--seeds must be a range A\.\.B .*got ''/],
    [['--scenario', 'kernel-selftest', '--seeds', '5..1'], /--seeds range '5\.\.1' is reversed/],
    [['--scenario', 'kernel-selftest', '--seeds', 'a..b'], /--seeds must be a range A\.\.B/],
    [['--scenario', 'kernel-selftest', '--seeds', '1..2.5'], /--seeds must be a range/],
    [['--scenario', 'kernel-selftest', '--seeds', '-3..2'], /--seeds must be a range/],
    [['--scenario', 'kernel-selftest', '--seeds', '1..5', '--jobs', '0'], /--jobs must be a positive integer, got '0'/],
    [['--scenario', 'kernel-selftest', '--seeds', '1..5', '--jobs', 'two'], /--jobs must be a positive integer, got 'two'/],
    [['--scenario', 'kernel-selftest', '--seeds', '1..5', '--shard', '0/3'], /--shard i\/n needs 1 <= i <= n, got '0\/3'/],
    [['--scenario', 'kernel-selftest', '--seeds', '1..5', '--shard', '4/3'], /--shard i\/n needs 1 <= i <= n/],
    [['--scenario', 'kernel-selftest', '--seeds', '1..5', '--shard', '1/0'], /--shard i\/n needs 1 <= i <= n/],
    [['--scenario', 'kernel-selftest', '--seeds', '1..5', '--shard', 'half'], /--shard must look like i\/n/],
    [['--scenario', 'kernel-selftest', '--seeds', '1..2', '--shard', '3/4'], /--shard 3\/4 of --seeds 1\.\.2 has no seeds/],
    [['--scenario', 'kernel-selftest', '--seeds', '1..5', '--profile', 'fast'], /--profile must be original or hardened/],
    [['--scenario', 'kernel-selftest', '--seeds', '1..5', '--frob'], /unknown flag '--frob'/],
    [['--scenario', 'nope', '--seeds', '1..5'], /unknown scenario 'nope'/],
  ])('bad input %j exits 2 with a clear message', async (args, message) => {
    const r = await cli(['sweep', ...(args as string[])]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
  });

  it('shards split a range into disjoint parts that cover it', () => {
    const all = [1, 2, 3].flatMap((i) => shardSeeds({ from: 10, to: 30, shard: { index: i, count: 3 } }));
    expect(all.map(Number).sort((a, b) => a - b)).toEqual(Array.from({ length: 21 }, (_, k) => 10 + k));
    expect(shardSeeds({ from: 10, to: 30, shard: { index: 2, count: 3 } }).slice(0, 3)).toEqual(['11', '14', '17']);
  });

  it('defaults: hardened, one shard, no more jobs than seeds, shrinking on', () => {
    const c = parseSweepArgs(['--scenario', 'kernel-selftest', '--seeds', '4..4', '--jobs', '8']);
    expect(c).toMatchObject({ profile: 'hardened', jobs: 1, shard: { index: 1, count: 1 }, keepGoing: false, shrinkRuns: 300, from: 4, to: 4 });
  });
});

describe('sweep progress', () => {
  it('draws a bar on a terminal and plain lines every 10 % otherwise', () => {
    expect(barText(5, 10, 1, '2.0', 80)).toMatch(/^\[#{20}-{20}\] 5\/10 seeds {2}2\.0 seeds\/s {2}1 failing$/);
    const lines: string[] = [];
    const p = createProgress({ out: (l) => lines.push(l), bar: null }, 20, () => 0);
    for (let i = 1; i <= 20; i++) p.tick(i, 0);
    expect(lines).toHaveLength(10);
    expect(lines[9]).toMatch(/^progress: 20\/20 seeds \(100%\), 0 failing/);
    const drawn: string[] = [];
    const q = createProgress({ out: (l) => lines.push(l), bar: (t) => drawn.push(t) }, 3, () => 0);
    q.tick(1, 0);
    q.line('seed 1: something');
    q.end();
    expect(drawn[0]).toMatch(/^\r\[.*\] 1\/3 seeds/);
    expect(drawn[1]).toBe('\r\x1b[K');
  });
});

describe('sweep runs (kernel-selftest)', () => {
  it('a hardened range where every seed holds exits 0 (in process, --jobs 1)', async () => {
    const r = await cli(['sweep', '--scenario', 'kernel-selftest', '--seeds', '1..6', '--jobs', '1']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/sweep kernel-selftest seeds 1\.\.6: 6 seeds, profile hardened, 1 job/);
    expect(r.out).toMatch(/sweep: all 6 seeds held every invariant/);
  });

  it('original stops at the first violation, shrinks it, writes the repro and prints its command, exits 1', async () => {
    const dir = tmp();
    const out: string[] = [];
    const code = await sweepCommand(['--scenario', 'kernel-selftest', '--seeds', '1..40', '--jobs', '1', '--profile', 'original', '--out', dir], { out: (l) => out.push(l), err: () => undefined }, { bar: null });
    const text = out.join('\n');
    expect(code).toBe(1);
    expect(text).toMatch(/seed 1: SAFETY violation of \S+ at step \d+/);
    expect(text).toMatch(/stopped at the first violation after 1 of 40 seeds/);
    const path = /^repro: npm run sim -- replay (\S+)$/m.exec(text)?.[1];
    expect(path).toBeDefined();
    expect(existsSync(path!)).toBe(true);
    expect(JSON.parse(readFileSync(path!, 'utf8'))).toMatchObject({ scenario: 'kernel-selftest', seed: '1', profile: 'original', expected: 'violation' });
    const replay = await cli(['replay', path!]);
    expect(replay.code).toBe(1);
    expect(replay.out).toMatch(/reproduces: SAFETY violation/);
  });

  it('worker processes (--jobs 2) give the same per-seed results as the in-process runner', async () => {
    const out: string[] = [];
    const code = await sweepCommand(['--scenario', 'kernel-selftest', '--seeds', '1..4', '--jobs', '2', '--profile', 'original', '--keep-going', '--no-shrink'], { out: (l) => out.push(l), err: () => undefined }, { bar: null });
    expect(code).toBe(1);
    for (const seed of ['1', '2', '3', '4']) {
      const local = await runSeed({ scenario: 'kernel-selftest', profile: 'original' }, seed);
      const v = local.violations[0];
      expect(out.join('\n')).toContain(`seed ${seed}: SAFETY violation of ${v.invariant} at step ${v.step}, t=${v.timeMs} ms`);
    }
    expect(out.join('\n')).toMatch(/sweep: 4 of 4 seeds violated an invariant$/m);
  });
});

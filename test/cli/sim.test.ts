import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { main } from '../../cli/sim';
import { parseArgs } from '../../cli/args';
import { DEFAULT_SCENARIO_NAME, findScenario } from '../../scenarios/index';

const root = resolve(import.meta.dirname, '../..');
const run = promisify(execFile);

async function cli(argv: string[], env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (l) => out.push(l), err: (l) => err.push(l) }, env);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const tmp = () => mkdtempSync(join(tmpdir(), 'awsim-cli-'));

describe('sim CLI (seed 1)', () => {
  it('run prints a summary and a trace-hash line, writes trace.jsonl and summary.md, exits 0', async () => {
    const dir = tmp();
    const r = await cli(['run', '--scenario', 'kernel-selftest', '--seed', '1', '--out', dir]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/held +counter-never-goes-backwards/);
    expect(r.out).toMatch(/events: \d+ steps {2}virtual time: \d+ ms/);
    const hash = /^trace-hash: ([0-9a-f]{64})$/m.exec(r.out)?.[1];
    expect(hash).toBeDefined();
    const traceFile = join(dir, 'kernel-selftest-1-hardened', 'trace.jsonl');
    const lines = readFileSync(traceFile, 'utf8').trimEnd().split('\n');
    expect(JSON.parse(lines[lines.length - 1]).data.hash).toBe(hash);
    expect(createHash('sha256').update(lines.slice(0, -1).map((l) => `${l}\n`).join('')).digest('hex')).toBe(hash);
    expect(existsSync(join(dir, 'kernel-selftest-1-hardened', 'summary.md'))).toBe(true);
  });

  it('no arguments runs the default scenario on its default seed', async () => {
    const dir = tmp();
    const r = await cli(['--out', dir]);
    expect(r.code).toBe(0);
    const seed = findScenario(DEFAULT_SCENARIO_NAME)?.defaultSeed;
    expect(r.out).toMatch(new RegExp(`scenario ${DEFAULT_SCENARIO_NAME} {2}seed ${seed} {2}profile hardened`));
  });

  it('a violation exits 1 and starts with a repro command', async () => {
    const r = await cli(['run', '--scenario', 'kernel-selftest', '--seed', '1', '--profile', 'original', '--out', tmp()]);
    expect(r.code).toBe(1);
    expect(r.out.split('\n')[0]).toMatch(/^awsim: SAFETY violation of \S+ at step \d+/);
    expect(r.out).toMatch(/repro: npm run sim -- run --scenario kernel-selftest --seed 1 --profile original/);
    expect(r.out).toMatch(/VIOLATED/);
  });

  it('list names every scenario with its description', async () => {
    const r = await cli(['list']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^kernel-selftest +durable counter/m);
  });

  it.each([
    [['run', '--scenario', 'nope'], /unknown scenario 'nope' \(valid: [a-z, -]*kernel-selftest/],
    [['run', '--seed', '-1'], /--seed must be a non-negative integer.*'-1'/],
    [['run', '--seed', '1.5'], /--seed .*'1.5'/],
    [['run', '--frobnicate'], /unknown flag '--frobnicate'/],
    [['run', '--steps', 'ten'], /--steps must be a positive integer, got 'ten'/],
    [['run', '--profile', 'fast'], /--profile must be original or hardened, got 'fast'/],
    [['run', '--seed'], /--seed needs a value/],
    [['dance'], /unknown command 'dance'/],
    [['replay'], /replay needs a trace file/],
    [['replay', '/no/such/trace.jsonl'], /cannot read trace file \/no\/such\/trace.jsonl: ENOENT/],
  ])('bad usage %j exits 2 naming the bad value', async (argv, message) => {
    const r = await cli(argv as string[]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
  });

  it('a hex seed (a git SHA) is accepted, and AWSIM_SEED is the default seed', () => {
    expect(parseArgs(['run', '--seed', '52ad553'])).toMatchObject({ seed: String(0x52ad553) });
    expect(parseArgs(['run'], { AWSIM_SEED: '77' })).toMatchObject({ seed: '77' });
  });
});

describe('sim CLI replay (seed 2)', () => {
  async function recorded(profile = 'hardened') {
    const dir = tmp();
    await cli(['run', '--scenario', 'kernel-selftest', '--seed', '2', '--profile', profile, '--out', dir]);
    return join(dir, `kernel-selftest-2-${profile}`, 'trace.jsonl');
  }

  it('replaying a recorded trace confirms its hash and exits 0', async () => {
    const file = await recorded();
    const r = await cli(['replay', file]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/replay matches/);
  });

  it('replaying a recorded violation reproduces it and exits 1', async () => {
    const r = await cli(['replay', await recorded('original')]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/SAFETY violation/);
  });

  it('a truncated or corrupt trace exits 2 naming the file and line', async () => {
    const file = await recorded();
    const text = readFileSync(file, 'utf8');
    const cut = join(tmp(), 'cut.jsonl');
    writeFileSync(cut, text.slice(0, text.indexOf('\n', 2000) + 40));
    const r1 = await cli(['replay', cut]);
    expect(r1.code).toBe(2);
    expect(r1.err).toMatch(new RegExp(`${cut}:\\d+: truncated trace line`));
    const noEnd = join(tmp(), 'noend.jsonl');
    writeFileSync(noEnd, text.split('\n').slice(0, 30).join('\n') + '\n');
    const r2 = await cli(['replay', noEnd]);
    expect(r2.code).toBe(2);
    expect(r2.err).toMatch(/noend.jsonl:30: truncated trace \(no end line/);
    const edited = join(tmp(), 'edited.jsonl');
    writeFileSync(edited, text.replace('"kind":"timer"', '"kind":"tim3r"'));
    const r3 = await cli(['replay', edited]);
    expect(r3.code).toBe(2);
    expect(r3.err).toMatch(/corrupt trace/);
  });

  it('a consistent trace the code no longer produces exits 1 naming the first divergent step', async () => {
    const file = await recorded();
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    const k = lines.findIndex((l) => l.includes('"kind":"decision"'));
    lines[k] = lines[k].replace('"kind":"decision"', '"kind":"decided"');
    const body = lines.slice(0, -1);
    const hash = createHash('sha256').update(body.map((l) => `${l}\n`).join('')).digest('hex');
    const end = JSON.parse(lines[lines.length - 1]);
    end.data.hash = hash;
    const forged = join(tmp(), 'forged.jsonl');
    writeFileSync(forged, [...body, JSON.stringify(end)].join('\n') + '\n');
    const r = await cli(['replay', forged]);
    expect(r.code).toBe(1);
    const step = JSON.parse(lines[k]).step;
    expect(r.err).toMatch(new RegExp(`replay diverged at step ${step} \\(trace line ${k + 1} of`));
    expect(r.err).toMatch(/recorded: .*"decided"/);
  });
});

describe('determinism across processes (seed 4)', () => {
  it('two separate processes print the same trace hash for the same seed, another seed differs', async () => {
    const go = async (seed: string) => {
      const { stdout } = await run('npx', ['tsx', 'cli/sim.ts', 'run', '--scenario', 'kernel-selftest', '--seed', seed, '--out', tmp()], { cwd: root });
      return /^trace-hash: ([0-9a-f]{64})$/m.exec(stdout)?.[1];
    };
    const [a, b, c] = await Promise.all([go('4'), go('4'), go('5')]);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(b).toBe(a);
    expect(c).not.toBe(a);
    const inProcess = await cli(['run', '--scenario', 'kernel-selftest', '--seed', '4', '--out', tmp()]);
    expect(inProcess.out).toContain(`trace-hash: ${a}`);
  });

  it('a bad seed exits 2 from a real process too', async () => {
    const err = await run('npx', ['tsx', 'cli/sim.ts', 'run', '--seed', 'banana'], { cwd: root }).catch((e: { code: number; stderr: string }) => e);
    expect((err as { code: number }).code).toBe(2);
    expect((err as { stderr: string }).stderr).toMatch(/'banana'/);
  });
});

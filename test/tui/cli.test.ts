// `npm run tui` before the screen opens: bad input gets the sim CLI's own messages and exit code
// 2; no terminal gets a message pointing at `npm run sim -- run`; good input opens a session.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { main as simMain } from '../../cli/sim';
import { main as tuiMain, parseTuiArgs, type TuiIo } from '../../cli/tui';
import { DEFAULT_SCENARIO_NAME, findScenario } from '../../scenarios/index';
import type { Session } from '../../tui/session';

const root = resolve(import.meta.dirname, '../..');
const FIXTURE = join(root, 'test/tui/fixtures/kernel-selftest-1-original.jsonl');
const tmp = () => mkdtempSync(join(tmpdir(), 'awsim-tui-cli-'));

async function tui(argv: string[], interactive = true) {
  const out: string[] = [];
  const err: string[] = [];
  const opened: { session: Session; at: number }[] = [];
  const io: TuiIo = { out: (l) => out.push(l), err: (l) => err.push(l), interactive };
  const code = await tuiMain(argv, io, {}, async (session, at) => {
    opened.push({ session, at });
  });
  return { code, out: out.join('\n'), err: err.join('\n'), opened };
}

async function sim(argv: string[]) {
  const err: string[] = [];
  const code = await simMain(argv, { out: () => undefined, err: (l) => err.push(l) });
  return { code, first: err[0] ?? '' };
}

describe('tui CLI: bad input, before the screen opens (exit 2, the sim CLI\'s messages)', () => {
  it('an unknown scenario', async () => {
    const r = await tui(['--scenario', 'nope']);
    expect(r.code).toBe(2);
    expect(r.err.split('\n')[0]).toBe((await sim(['run', '--scenario', 'nope'])).first);
    expect(r.opened).toHaveLength(0);
  });

  it('a bad seed', async () => {
    const r = await tui(['--scenario', 'kernel-selftest', '--seed', 'x1!']);
    expect(r.code).toBe(2);
    expect(r.err.split('\n')[0]).toBe((await sim(['run', '--scenario', 'kernel-selftest', '--seed', 'x1!'])).first);
  });

  it('a missing trace file', async () => {
    const file = join(tmp(), 'none.jsonl');
    const r = await tui(['--trace', file]);
    expect(r.code).toBe(2);
    expect(r.err).toBe((await sim(['replay', file])).first);
  });

  it('a corrupt trace file (a line changed: its hash no longer matches)', async () => {
    const file = join(tmp(), 'corrupt.jsonl');
    writeFileSync(file, readFileSync(FIXTURE, 'utf8').replace('"t":12,', '"t":13,'));
    const r = await tui(['--trace', file]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/corrupt trace/);
    expect(r.err).toBe((await sim(['replay', file])).first);
  });

  it('a truncated trace file', async () => {
    const file = join(tmp(), 'cut.jsonl');
    writeFileSync(file, readFileSync(FIXTURE, 'utf8').slice(0, 5000));
    const r = await tui(['--trace', file]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/truncated trace line/);
    expect(r.err).toBe((await sim(['replay', file])).first);
  });

  it('unknown flags, mixed sources and bad numbers', async () => {
    for (const argv of [['--bogus', '1'], ['--trace', FIXTURE, '--seed', '1'], ['--at', '-1'], ['--steps', '0'], ['--profile', 'fast']]) {
      const r = await tui(argv);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/^awsim: /);
    }
  });

  it('a bad repro file', async () => {
    const file = join(tmp(), 'repro.json');
    for (const text of ['{"seed": 1}', '{"scenario": "nope", "seed": 1}', 'not json']) {
      writeFileSync(file, text);
      const r = await tui(['--repro', file]);
      expect(r.code).toBe(2);
      expect(r.err).toBe((await sim(['replay', file])).first);
    }
  });
});

describe('tui CLI: no terminal', () => {
  it('exits 2 with a message suggesting npm run sim -- run', async () => {
    const r = await tui(['--scenario', 'kernel-selftest', '--seed', '3', '--profile', 'original'], false);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/needs an interactive terminal/);
    expect(r.err).toMatch(/npm run sim -- run --scenario kernel-selftest --seed 3 --profile original/);
    expect(r.opened).toHaveLength(0);
  });

  it('as a real process with pipes for stdio (tsx cli/tui.ts)', async () => {
    const run = promisify(execFile);
    const r = await run('npx', ['tsx', 'cli/tui.ts', '--scenario', 'kernel-selftest', '--seed', '1'], { cwd: root }).then(
      () => ({ code: 0, stderr: '' }),
      (e: { code: number; stderr: string }) => ({ code: e.code, stderr: e.stderr }),
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/For a non-interactive run use: npm run sim -- run --scenario kernel-selftest --seed 1/);
  });
});

describe('tui CLI: good input opens the screen (seed 1)', () => {
  it('from a seed, at a step', async () => {
    const r = await tui(['--scenario', 'kernel-selftest', '--seed', '1', '--profile', 'original', '--at', '50']);
    expect(r.code).toBe(0);
    expect(r.opened[0].at).toBe(50);
    expect(r.opened[0].session.index.meta).toMatchObject({ scenario: 'kernel-selftest', seed: '1', profile: 'original' });
  });

  it('from a trace file; --at past the end opens at the last step', async () => {
    const r = await tui(['--trace', FIXTURE, '--at', '99999']);
    expect(r.code).toBe(0);
    expect(r.opened[0].at).toBe(139);
  });

  it('from a repro file', async () => {
    const file = join(tmp(), 'repro.json');
    const plan = findScenario('kernel-selftest')?.planFor('1');
    writeFileSync(file, JSON.stringify({ format: 'awsim-repro/1', scenario: 'kernel-selftest', seed: '1', profile: 'original', invariant: 'acknowledged-journal-lines-survive', expected: 'violation', plan }));
    const r = await tui(['--repro', file]);
    expect(r.code).toBe(0);
    expect(r.opened[0].session.index.meta).toMatchObject({ scenario: 'kernel-selftest', seed: '1', profile: 'original' });
  });

  it('--help prints the usage and exits 0; no flags means the default scenario and seed', async () => {
    const r = await tui(['--help']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^usage: npm run tui --/);
    expect(parseTuiArgs([])).toMatchObject({ source: { kind: 'seed', scenario: DEFAULT_SCENARIO_NAME, seed: null } });
  });
});

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { isReproFile, reproFileName, writeRepro, type Repro } from '../../cli/repro';
import { shrinkFailure } from '../../cli/shrink';
import { main } from '../../cli/sim';
import { findScenario } from '../../scenarios/index';

const selftest = findScenario('kernel-selftest')!;
const tmp = () => mkdtempSync(join(tmpdir(), 'awsim-repro-'));

async function cli(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

let repro: Repro;
let file: string;

beforeAll(async () => {
  const first = await selftest.run('3', { profile: 'original', trace: { mode: 'off' } });
  repro = (await shrinkFailure({ scenario: selftest, seed: '3', profile: 'original', plan: first.plan, invariant: first.violations[0].invariant })).repro;
  file = writeRepro(tmp(), repro);
});

function variant(edit: (r: Record<string, unknown>) => void): string {
  const r = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  edit(r);
  const path = join(tmp(), 'edited.json');
  writeFileSync(path, JSON.stringify(r));
  return path;
}

describe('repro files (kernel-selftest seed 3, original)', () => {
  it('are named repro-<scenario>-<seed>-<invariant>.json and hold the explicit plan', () => {
    expect(file.endsWith(reproFileName(repro))).toBe(true);
    expect(reproFileName(repro)).toBe(`repro-kernel-selftest-3-${repro.invariant}.json`);
    const data = JSON.parse(readFileSync(file, 'utf8')) as Repro;
    expect(data).toMatchObject({ scenario: 'kernel-selftest', seed: '3', profile: 'original', expected: 'violation', invariant: repro.invariant });
    expect(data.plan.steps.length).toBeGreaterThan(0);
    expect(data.options).toEqual({ maxSteps: selftest.limits.maxSteps, untilMs: selftest.limits.untilMs, stopOnViolation: true });
    expect(isReproFile(file)).toBe(true);
    expect(isReproFile('reports/x/trace.jsonl')).toBe(false);
  });

  it('replay of a repro that still fails exits 1 and says it reproduces', async () => {
    const r = await cli(['replay', file]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(new RegExp(`reproduces: SAFETY violation of ${repro.invariant} at step \\d+`));
    expect(r.out).toContain(`repro: npm run sim -- replay ${file}`);
    expect(r.out).toMatch(/^trace-hash: [0-9a-f]{64}$/m);
  });

  it('replay of a repro whose fault no longer breaks anything exits 0 and says it no longer reproduces', async () => {
    const fixed = variant((r) => {
      r.profile = 'hardened';
    });
    const r = await cli(['replay', fixed]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(new RegExp(`no longer reproduces: ${repro.invariant} held \\(run: pass\\)`));
  });

  it.each([
    ['unknown scenario', (r: Record<string, unknown>) => void (r.scenario = 'nope'), /scenario: unknown scenario 'nope' \(valid: .*kernel-selftest/],
    ['a fault naming a node that does not exist', (r: Record<string, unknown>) => void ((r.plan as { steps: unknown[] }).steps = [{ atMs: 5, op: 'crash', node: 'n9' }]), /plan\.steps\[0\]\.node names unknown node 'n9'/],
    ['steps that are not an array', (r: Record<string, unknown>) => void ((r.plan as Record<string, unknown>).steps = 'crash'), /plan\.steps must be an array/],
    ['a step that is not an object', (r: Record<string, unknown>) => void ((r.plan as { steps: unknown[] }).steps = [null]), /plan\.steps\[0\] must be an object/],
    ['an unknown fault op', (r: Record<string, unknown>) => void ((r.plan as { steps: unknown[] }).steps = [{ atMs: 1, op: 'explode', node: 's1' }]), /plan\.steps\[0\]\.op must be one of/],
    ['a step with no time', (r: Record<string, unknown>) => void ((r.plan as { steps: unknown[] }).steps = [{ op: 'crash', node: 's1' }]), /plan\.steps\[0\] needs exactly one of atMs\/atStep/],
    ['a wrong plan version', (r: Record<string, unknown>) => void ((r.plan as Record<string, unknown>).version = 2), /plan\.version must be 1/],
    ['no plan', (r: Record<string, unknown>) => void delete r.plan, /plan must be an object/],
    ['a bad profile', (r: Record<string, unknown>) => void (r.profile = 'fast'), /profile must be original or hardened, got "fast"/],
    ['a bad seed', (r: Record<string, unknown>) => void (r.seed = 'banana'), /seed must be a non-negative integer/],
    ['a bad expectation', (r: Record<string, unknown>) => void (r.expected = 'pass'), /expected must be 'violation'/],
    ['bad options', (r: Record<string, unknown>) => void (r.options = { maxSteps: 0 }), /options\.maxSteps must be a positive integer, got 0/],
    ['an invariant the scenario lacks', (r: Record<string, unknown>) => void (r.invariant = 'no-such-invariant'), /invariant: scenario kernel-selftest has no invariant 'no-such-invariant'/],
  ])('replay of a repro with %s exits 2 naming the field', async (_what, edit, message) => {
    const r = await cli(['replay', variant(edit)]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.err).toContain('edited.json');
  });

  it('replay of a file that is not JSON exits 2', async () => {
    const bad = join(tmp(), 'bad.json');
    writeFileSync(bad, '{"scenario": ');
    const r = await cli(['replay', bad]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/bad\.json: not valid JSON/);
  });
});

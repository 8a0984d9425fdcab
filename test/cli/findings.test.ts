import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { findingsCommand } from '../../cli/findings';
import { checkFinding, FindingsInputError, loadScenarioFindings, type ScenarioFindings } from '../../cli/findingsData';
import { main } from '../../cli/sim';
import { findScenario } from '../../scenarios/index';
import { EMPTY_PLAN } from '../../sim/plan';

const selftest = findScenario('kernel-selftest')!;
const tmp = () => mkdtempSync(join(tmpdir(), 'awsim-findings-'));

const base = {
  weakPoint: 'in-place document write (kernel self-test)',
  description: 'the storage node crashes right after an acknowledged increment',
  hardenedBehaviour: 'writes go to a temp file, fsync, rename, fsync dir: the counter survives',
};
const lost = { ...base, id: 'counter-lost', invariant: 'counter-never-goes-backwards', seed: '2', plan: selftest.planFor('2') };
const quiet = { ...base, id: 'quiet', invariant: 'counter-never-goes-backwards', seed: '2', plan: EMPTY_PLAN };

async function runFindings(sources: ScenarioFindings[], extra: string[] = []) {
  const dir = tmp();
  const out: string[] = [];
  const md = join(dir, 'findings.md');
  const code = await findingsCommand(['--md', md, '--repro-dir', join(dir, 'samples'), ...extra], { out: (l) => out.push(l), err: () => undefined }, { sources });
  return { code, out: out.join('\n'), md: readFileSync(md, 'utf8') };
}

describe('findings (kernel-selftest as the subject)', () => {
  let confirmed: Awaited<ReturnType<typeof runFindings>>;
  beforeAll(async () => {
    confirmed = await runFindings([{ scenario: selftest, file: 'scenarios/kernel-selftest/findings.ts', findings: [checkFinding(lost, 0, 'x', selftest)] }]);
  });

  it('a finding that original violates and hardened holds is confirmed, exit 0', () => {
    expect(confirmed.code).toBe(0);
    expect(confirmed.out).toMatch(/^confirmed {2}kernel-selftest\/counter-lost {2}counter-never-goes-backwards {2}plan \d+ -> [12]$/m);
    expect(confirmed.out).toMatch(/findings: all 1 confirmed/);
  });

  it('prints a table with the invariant, weak point and both profiles', () => {
    expect(confirmed.out).toMatch(/^# +finding +invariant +weak point +original +hardened +shrunk plan$/m);
    expect(confirmed.out).toMatch(/^1 +kernel-selftest\/counter-lost +counter-never-goes-backwards +in-place document write.* +violates \(step \d+\) +holds +\d+ -> \d+$/m);
  });

  it('writes findings.md with the weak point, the shrunk replay command and what hardened does', () => {
    const md = confirmed.md;
    expect(md).toMatch(/^# awsim findings/);
    expect(md).toContain('**1 of 1 findings confirmed.**');
    expect(md).toContain('- **Spec weak point:** in-place document write (kernel self-test)');
    const cmd = /`npm run sim -- replay (\S+repro-kernel-selftest-2-counter-never-goes-backwards\.json)`/.exec(md);
    expect(cmd).not.toBeNull();
    expect(md).toContain('- **Hardened instead:** writes go to a temp file, fsync, rename, fsync dir: the counter survives — confirmed');
    expect(JSON.parse(readFileSync(cmd![1], 'utf8'))).toMatchObject({ seed: '2', profile: 'original', invariant: 'counter-never-goes-backwards' });
  });

  it('a finding the original profile does not show is NOT confirmed, exit 1', async () => {
    const r = await runFindings([{ scenario: selftest, file: 'f', findings: [checkFinding(quiet, 0, 'x', selftest)] }], ['--no-shrink']);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^NOT CONFIRMED {2}kernel-selftest\/quiet/m);
    expect(r.md).toContain('NOT reproduced');
  });
});

describe('findings data checks', () => {
  it.each([
    [{ ...lost, plan: { version: 1, steps: [{ atMs: 1, op: 'crash', node: 'n9' }] } }, /x: findings\[0\] \(counter-lost\)\.plan\.steps\[0\]\.node names unknown node 'n9'/],
    [{ ...lost, weakPoint: '' }, /findings\[0\] \(counter-lost\)\.weakPoint must be a non-empty string/],
    [{ ...lost, seed: 'soon' }, /\.seed must be a non-negative integer/],
    [{ ...lost, plan: 'crash everything' }, /\.plan must be a fault plan/],
    [{ ...lost, maxSteps: -1 }, /\.maxSteps must be a positive integer/],
  ])('a malformed finding is rejected naming the field (%#)', (raw, message) => {
    expect(() => checkFinding(raw, 0, 'x', selftest)).toThrow(FindingsInputError);
    expect(() => checkFinding(raw, 0, 'x', selftest)).toThrow(message);
  });

  it('loads scenarios/<name>/findings.ts from any exported list of findings, numeric seeds included', async () => {
    const root = tmp();
    mkdirSync(join(root, 'scenarios', 'kernel-selftest'), { recursive: true });
    const data = [{ ...lost, seed: 2 }];
    writeFileSync(join(root, 'scenarios', 'kernel-selftest', 'findings.ts'), `export const selftestFindings = ${JSON.stringify(data)};\n`);
    const loaded = await loadScenarioFindings(selftest, root);
    expect(loaded?.findings.map((f) => [f.id, f.seed])).toEqual([['counter-lost', '2']]);
    expect(await loadScenarioFindings(selftest, tmp())).toBeNull();
  });

  it('bad usage exits 2', async () => {
    const err: string[] = [];
    expect(await main(['findings', '--shrink-runs', 'lots'], { out: () => undefined, err: (l) => err.push(l) })).toBe(2);
    expect(err.join('\n')).toMatch(/--shrink-runs must be a non-negative integer, got 'lots'/);
    expect(await main(['findings', '--scenario', 'nope'], { out: () => undefined, err: (l) => err.push(l) })).toBe(2);
  });
});

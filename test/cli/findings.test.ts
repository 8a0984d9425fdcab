import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { findingsCommand } from '../../cli/findings';
import { checkDesignFinding, checkFinding, checkGap, findingsOfModule, FindingsInputError, loadAllFindings, loadScenarioFindings, type ScenarioFindings } from '../../cli/findingsData';
import { main } from '../../cli/sim';
import { findScenario, SCENARIOS } from '../../scenarios/index';
import { ROLLBACK_GOVERNANCE_OSCILLATION, ROLLBACK_GOVERNANCE_OSCILLATION_OPTIONS } from '../../scenarios/rollback-governance/index';
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
    const cmd = /`npm run sim -- replay (\S+repro-kernel-selftest-counter-lost\.json)`/.exec(md);
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

describe('findings data: design findings, hardened gaps and scenario options', () => {
  const fair = findScenario('fair-replay')!;
  const governance = findScenario('rollback-governance')!;
  const design = { ...base, id: 'starves', invariant: 'fairness', seed: '3', plan: { version: 1, steps: [] }, options: { workers: ['n1'], replayEntry: 'priority' } };
  const gap = { id: 'gap', invariant: 'conservation', seed: '2', plan: { version: 1, steps: [] }, description: 'a copy ran twice', fixedBy: 'core: admitted once' };

  it('a design finding keeps its options as scenario options; hardenedSeed defaults to the seed', () => {
    const d = checkDesignFinding(design, 0, 'x', fair);
    expect(d.scenarioOptions).toEqual(design.options);
    expect(d.hardenedSeed).toBe('3');
    expect(checkDesignFinding({ ...design, hardenedSeed: 22 }, 0, 'x', fair).hardenedSeed).toBe('22');
  });

  it("a variant's name in `scenario` resolves to its scenario's options (without the name)", () => {
    const d = checkDesignFinding({ ...design, invariant: 'governance-escalation', scenario: ROLLBACK_GOVERNANCE_OSCILLATION, options: undefined }, 0, 'x', governance, 'designLimitations');
    const { name: _name, ...options } = ROLLBACK_GOVERNANCE_OSCILLATION_OPTIONS;
    expect(d.scenarioOptions).toEqual(options);
    expect(d.variant).toBe(ROLLBACK_GOVERNANCE_OSCILLATION);
  });

  it('an archive gap\'s deployment becomes the scenario options', () => {
    const archive = findScenario('archive-tiering')!;
    const g = checkGap({ ...gap, invariant: 'archive-tiers', deployment: { prune: 'retention-only' } }, 0, 'x', archive, { list: 'FIXED_HARDENED_GAPS', fixed: true });
    expect(g).toMatchObject({ scenarioOptions: { deployment: { prune: 'retention-only' } }, fixed: true, fixedBy: 'core: admitted once', weakPoint: null, fix: null });
  });

  it.each([
    [() => checkDesignFinding({ ...design, scenario: 'fair-replay-deluxe' }, 0, 'x', fair), /x: DESIGN_FINDINGS\[0\] \(starves\)\.scenario names 'fair-replay-deluxe', which is neither fair-replay nor one of its variants/],
    [() => checkDesignFinding({ ...design, options: { replayEntry: 'priority', turbo: true } }, 0, 'x', fair), /\(starves\): scenarioOptions\.turbo is not an option of fair-replay/],
    [() => checkDesignFinding({ ...design, options: { workers: [] } }, 0, 'x', fair), /\(starves\): scenarioOptions: pipeline\.workers must be distinct and non-empty/],
    [() => checkDesignFinding({ ...design, options: 'priority' }, 0, 'x', fair), /\(starves\)\.options must be an object/],
    [() => checkDesignFinding({ ...design, plan: { version: 1, steps: [{ atMs: 5, op: 'crash', node: 'n2' }] } }, 0, 'x', fair), /\(starves\)\.plan\.steps\[0\]\.node names unknown node 'n2'/],
    [() => checkDesignFinding({ ...design, hardenedSeed: 'later' }, 0, 'x', fair), /\(starves\)\.hardenedSeed must be a non-negative integer/],
    [() => checkDesignFinding({ ...lost, options: { workers: ['w1'] } }, 0, 'x', selftest), /scenarioOptions: scenario kernel-selftest takes no options/],
    [() => checkGap({ ...gap, fixedBy: undefined }, 1, 'x', fair, { list: 'FIXED_HARDENED_GAPS', fixed: true }), /x: FIXED_HARDENED_GAPS\[1\] \(gap\)\.fixedBy must be a non-empty string/],
    [() => checkGap({ ...gap, suggestedFix: 7 }, 0, 'x', fair, { list: 'HARDENED_GAPS', fixed: false }), /HARDENED_GAPS\[0\] \(gap\)\.suggestedFix must be a non-empty string/],
  ])('a malformed design finding or gap is rejected naming its list and field (%#)', (check, message) => {
    expect(check).toThrow(FindingsInputError);
    expect(check).toThrow(message);
  });

  it('reads each list by its exported name and never takes a design or gap list for the findings', () => {
    const mod = { DESIGN_FINDINGS: [design], HARDENED_GAPS: [{ ...gap, id: 'open', fixedBy: undefined }], fixedHardenedGaps: [gap] };
    const loaded = findingsOfModule(mod, fair, 'x')!;
    expect(loaded.findings).toEqual([]);
    expect(loaded.design?.map((d) => d.id)).toEqual(['starves']);
    expect(loaded.gaps?.map((g) => [g.id, g.fixed])).toEqual([['open', false], ['gap', true]]);
    expect(findingsOfModule({ somethingElse: [1] }, fair, 'x')).toBeNull();
    expect(() => findingsOfModule({ DESIGN_FINDINGS: [design], FIXED_HARDENED_GAPS: [{ ...gap, id: 'starves' }] }, fair, 'x')).toThrow(/finding id 'starves' appears twice/);
  });

  it("every scenario's findings data loads: design findings for three scenarios, fixed hardened gaps with their fix", async () => {
    const all = await loadAllFindings(SCENARIOS);
    const design = all.flatMap((s) => (s.design ?? []).map((d) => s.scenario.name));
    expect(new Set(design)).toEqual(new Set(['fair-replay', 'adaptive-guard', 'rollback-governance']));
    const fixed = all.flatMap((s) => (s.gaps ?? []).filter((g) => g.fixed));
    expect(fixed.length).toBeGreaterThan(0);
    for (const g of fixed) expect(g.fixedBy).toMatch(/\S/);
  });
});

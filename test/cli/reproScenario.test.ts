// Repro files with `scenarioOptions` (optional, awsim-repro/1 stays readable without it): replay
// builds the scenario variant from them, so design findings reproduce; bad options exit 2 naming
// the field; a variant built from options behaves exactly like the exported one.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPRO_FORMAT, type Repro } from '../../cli/repro';
import { readRepro } from '../../cli/reproRead';
import { namedVariantOptions, ScenarioOptionsError, scenarioWithOptions } from '../../cli/reproScenario';
import { main } from '../../cli/sim';
import { DESIGN_FINDINGS } from '../../scenarios/fair-replay/findings';
import { findScenario } from '../../scenarios/index';
import { ROLLBACK_GOVERNANCE_OSCILLATION, rollbackGovernanceOscillation } from '../../scenarios/rollback-governance/index';

const starvation = DESIGN_FINDINGS[0];

const repro: Repro = {
  format: REPRO_FORMAT,
  scenario: 'fair-replay',
  seed: '3',
  profile: 'original',
  invariant: 'fairness',
  expected: 'violation',
  options: { maxSteps: 60_000, untilMs: 5200, stopOnViolation: true },
  scenarioOptions: starvation.options,
  plan: starvation.plan,
};

function file(r: Record<string, unknown>): string {
  const path = join(mkdtempSync(join(tmpdir(), 'awsim-repro-options-')), 'edited.json');
  writeFileSync(path, JSON.stringify(r));
  return path;
}

async function cli(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('repro files with scenarioOptions', () => {
  it('replay builds the variant from the options and reproduces the design finding (exit 1)', async () => {
    const r = await cli(['replay', file({ ...repro })]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/: fair-replay with options \{"workers":\["n1"\],"replayEntry":"priority".*\} seed 3 \(original\)/);
    expect(r.out).toMatch(/reproduces: SAFETY violation of fairness at step \d+, t=\d+ ms \(node n1\): two consecutive replay runs of n1/);
  });

  it('without the options the same file runs the registered scenario (the fair entry: hardened holds, exit 0)', async () => {
    const { scenarioOptions: _o, ...plain } = repro;
    const r = await cli(['replay', file({ ...plain, profile: 'hardened' })]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('no longer reproduces: fairness held (run: pass)');
  });

  it('readRepro returns the built variant (the TUI steps the same world) and keeps the options in the repro', () => {
    const loaded = readRepro(file({ ...repro }));
    expect(loaded.repro.scenarioOptions).toEqual(starvation.options);
    expect(loaded.scenario.name).toBe('fair-replay');
    expect(loaded.scenario.start('3', { profile: 'original', trace: { mode: 'off' } }).sim.nodeIds().sort()).toEqual(['n1', 'storage']);
  });

  it.each([
    ['options that are not an object', { scenarioOptions: ['priority'] }, /scenarioOptions must be an object \(the scenario's build options\), got \["priority"\]/],
    ['an unknown option', { scenarioOptions: { replayEntry: 'priority', turbo: 1 } }, /scenarioOptions\.turbo is not an option of fair-replay \(options: workers, /],
    ['an invalid option value', { scenarioOptions: { workers: [] } }, /scenarioOptions: pipeline\.workers must be distinct and non-empty, got \[\]/],
    ['options for a scenario that takes none', { scenario: 'kernel-selftest', scenarioOptions: { workers: ['w1'] } }, /scenarioOptions: scenario kernel-selftest takes no options \(scenarios with options: adaptive-guard, archive-tiering, /],
    ['a bad archive deployment', { scenario: 'archive-tiering', invariant: 'archive-tiers', scenarioOptions: { deployment: { prune: 'sometimes' } } }, /scenarioOptions\.deployment must be \{prune: 'tiered' \| 'retention-only'\}, got \{"prune":"sometimes"\}/],
    ['a fault on a node the variant does not have', { plan: { version: 1, steps: [{ atMs: 5, op: 'crash', node: 'n2' }] } }, /plan\.steps\[0\]\.node names unknown node 'n2'/],
  ])('a repro with %s exits 2 naming the field', async (_what, edit, message) => {
    const r = await cli(['replay', file({ ...repro, ...edit })]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.err).toContain('edited.json');
  });
});

describe('scenario variants by options', () => {
  it('the registered scenario without options, a new one with them (same name)', () => {
    expect(scenarioWithOptions('fair-replay')).toBe(findScenario('fair-replay'));
    const variant = scenarioWithOptions('fair-replay', { replayEntry: 'priority' });
    expect(variant).not.toBe(findScenario('fair-replay'));
    expect(variant.name).toBe('fair-replay');
    expect(() => scenarioWithOptions('nope')).toThrow(ScenarioOptionsError);
    expect(() => scenarioWithOptions('nope')).toThrow(/scenario: unknown scenario 'nope'/);
  });

  it('the oscillation variant built from its exported options runs exactly as rollbackGovernanceOscillation', async () => {
    const options = namedVariantOptions('rollback-governance', ROLLBACK_GOVERNANCE_OSCILLATION)!;
    expect(options).not.toHaveProperty('name');
    expect(namedVariantOptions('fair-replay', ROLLBACK_GOVERNANCE_OSCILLATION)).toBeUndefined();
    const built = scenarioWithOptions('rollback-governance', options);
    const run = { profile: 'original' as const, plan: { version: 1 as const, steps: [] }, trace: { mode: 'off' as const }, stopOnViolation: false };
    const [a, b] = await Promise.all([built.run('3', run), rollbackGovernanceOscillation.run('3', run)]);
    expect(a.violations.map((v) => [v.invariant, v.step, v.message])).toEqual(b.violations.map((v) => [v.invariant, v.step, v.message]));
    expect(a.violations.map((v) => v.invariant)).toContain('governance-escalation');
    expect([a.steps, a.timeMs]).toEqual([b.steps, b.timeMs]);
  });
});

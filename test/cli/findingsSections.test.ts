// The findings command's design-finding and hardened-gap sections: design findings run on the
// variant their options build and must violate in both profiles; fixed gaps must hold in
// hardened (their repro is the recorded plan: replay exits 0); open gaps may still violate
// (shrunk, replay exits 1); every repro file records the scenario options.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { findingsCommand } from '../../cli/findings';
import { checkDesignFinding, checkGap, type ScenarioFindings } from '../../cli/findingsData';
import { DESIGN_LABEL } from '../../cli/findingsReportSections';
import { main } from '../../cli/sim';
import { DESIGN_FINDINGS } from '../../scenarios/fair-replay/findings';
import { FIXED_HARDENED_GAPS } from '../../scenarios/lease-contention/findings';
import { findScenario } from '../../scenarios/index';

const fairReplay = findScenario('fair-replay')!;
const leaseContention = findScenario('lease-contention')!;
const starvation = DESIGN_FINDINGS[0];
const clockJump = FIXED_HARDENED_GAPS[0];
/** The priority-entry starvation dressed as a hardened gap: hardened violates it. */
const starvationGap = { ...starvation, fixedBy: 'nothing (a test entry)', suggestedFix: 'use the fair entry' };

async function runFindings(sources: ScenarioFindings[]) {
  const dir = mkdtempSync(join(tmpdir(), 'awsim-findings-sections-'));
  const out: string[] = [];
  const md = join(dir, 'findings.md');
  const code = await findingsCommand(['--md', md, '--repro-dir', join(dir, 'samples'), '--shrink-runs', '20'], { out: (l) => out.push(l), err: () => undefined }, { sources });
  return { code, out: out.join('\n'), md: readFileSync(md, 'utf8'), dir };
}

async function replay(file: string) {
  const out: string[] = [];
  const code = await main(['replay', file], { out: (l) => out.push(l), err: (l) => out.push(l) });
  return { code, out: out.join('\n') };
}

const json = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;

/** The options without the workload knobs the shrinker may cut (the variant itself must stay). */
function variantPart(options: unknown): Record<string, unknown> {
  const { reportsPerTarget: _r, targets: _t, workloadUntilMs: _w, sinkOutages: _s, ...rest } = options as Record<string, unknown>;
  return rest;
}

describe('findings: a design finding and a fixed hardened gap', () => {
  let r: Awaited<ReturnType<typeof runFindings>>;
  beforeAll(async () => {
    r = await runFindings([
      { scenario: fairReplay, file: 'f', findings: [], design: [checkDesignFinding(starvation, 0, 'f', fairReplay)], gaps: [] },
      { scenario: leaseContention, file: 'l', findings: [], gaps: [checkGap(clockJump, 0, 'l', leaseContention, { list: 'FIXED_HARDENED_GAPS', fixed: true })] },
    ]);
  });

  it('confirms both (the design finding violates in both profiles, the fixed gap holds in hardened), exit 0', () => {
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^confirmed {2}design {2}fair-replay\/priority-replay-starves-capacity-records {2}fairness {2}original violates, hardened violates/m);
    expect(r.out).toMatch(/^confirmed {2}fixed gap {2}lease-contention\/storage-clock-jump-extends-unreleased-lease {2}dead-letters-delivered {2}hardened holds$/m);
    expect(r.out).toMatch(/findings: all 2 confirmed \(0 findings, 1 design findings, 1 hardened-design bugs\)/);
  });

  it('prints a table per section', () => {
    expect(r.out).toMatch(/^design limitations: the spec's decision rules, not fixed by hardened \(1\)$/m);
    expect(r.out).toMatch(/^D1 +fair-replay\/priority-replay-starves-capacity-re… +fairness +A §14\.9.* +violates \(step \d+\) +violates \(step \d+\) +0 -> 0$/m);
    expect(r.out).toMatch(/^bugs awsim found in its own hardened design \(1\)$/m);
    expect(r.out).toMatch(/^G1 +lease-contention\/storage-clock-jump-extends-unr… +dead-letters-delivered +fixed: hardened holds +recorded$/m);
  });

  it('writes the design section: the label, the weak point, the options and both replay commands', () => {
    expect(r.md).toContain("## Design limitations: the spec's decision rules, not fixed by hardened");
    expect(r.md).toContain(`*${DESIGN_LABEL}.*`);
    expect(DESIGN_LABEL).toBe("design limitation: the spec's decision rule, not fixed by hardened");
    expect(r.md).toContain(`- **Spec weak point:** ${starvation.weakPoint}`);
    expect(r.md).toContain(`- **Scenario options:** \`${JSON.stringify(starvation.options)}\``);
    expect(r.md).toMatch(/- \*\*Shrunk reproduction:\*\* `npm run sim -- replay \S+repro-fair-replay-priority-replay-starves-capacity-records\.json` \(original, seed 3;/);
    expect(r.md).toMatch(/- \*\*Same in hardened:\*\* `npm run sim -- replay \S+repro-fair-replay-priority-replay-starves-capacity-records-hardened\.json` \(hardened, seed 3;/);
    expect(r.md).toContain('confirmed: both profiles violate it.');
  });

  it("writes the hardened-design section: what hardened does now and the regression check", () => {
    expect(r.md).toContain('## Bugs awsim found in its own hardened design');
    expect(r.md).toContain(`- **What hardened does now:** ${clockJump.fixedBy}`);
    expect(r.md).toContain(`- **Fix asked for:** ${clockJump.suggestedFix}`);
    expect(r.md).toMatch(/- \*\*Regression check:\*\* `npm run sim -- replay \S+repro-lease-contention-storage-clock-jump-extends-unreleased-lease\.json` \(the recorded plan, hardened, seed 2\): exit 0/);
    expect(r.md).toContain('**Bugs awsim found in its own hardened design:** 1 of 1 confirmed (1 fixed');
  });

  it('the design repro files carry the variant options (workload shrunk from the entry\'s) and replay with exit 1 in either profile', async () => {
    for (const [suffix, profile] of [['', 'original'], ['-hardened', 'hardened']] as const) {
      const file = join(r.dir, 'samples', `repro-fair-replay-priority-replay-starves-capacity-records${suffix}.json`);
      expect(json(file)).toMatchObject({ scenario: 'fair-replay', profile, invariant: 'fairness', options: { stopOnViolation: false } });
      const written = json(file).scenarioOptions as Record<string, unknown>;
      expect(variantPart(written)).toEqual(variantPart(starvation.options));
      expect(written.reportsPerTarget as number).toBeLessThanOrEqual(starvation.options.reportsPerTarget as number);
      const rr = await replay(file);
      expect(rr.code).toBe(1);
      expect(rr.out).toMatch(/reproduces: SAFETY violation of fairness at step \d+/);
      expect(rr.out).toContain('fair-replay with options {"workers":["n1"],"replayEntry":"priority"');
    }
  });

  it('the fixed gap repro is the recorded plan in hardened and replays with exit 0, "no longer reproduces"', async () => {
    const file = join(r.dir, 'samples', 'repro-lease-contention-storage-clock-jump-extends-unreleased-lease.json');
    expect(json(file)).toMatchObject({ scenario: 'lease-contention', seed: '2', profile: 'hardened', plan: clockJump.plan });
    expect(json(file).scenarioOptions).toBeUndefined();
    const rr = await replay(file);
    expect(rr.code).toBe(0);
    expect(rr.out).toContain('no longer reproduces: dead-letters-delivered held (run: pass)');
  });
});

describe('findings: entries the runs contradict are NOT confirmed', () => {
  it('a design finding that holds in both profiles (the fair entry) is NOT confirmed, exit 1', async () => {
    const { replayEntry: _priority, ...fair } = starvation.options;
    const r = await runFindings([{ scenario: fairReplay, file: 'f', findings: [], design: [checkDesignFinding({ ...starvation, options: fair }, 0, 'f', fairReplay)] }]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^NOT CONFIRMED {2}design {2}fair-replay\/priority-replay-starves-capacity-records {2}fairness {2}original HOLDS, hardened HOLDS$/m);
    expect(r.md).toContain('NOT confirmed: one profile holds it.');
  });

  it('a fixed gap that hardened violates again is NOT confirmed; listed open, it is confirmed and its shrunk repro replays with exit 1', async () => {
    const fixed = checkGap(starvationGap, 0, 'f', fairReplay, { list: 'FIXED_HARDENED_GAPS', fixed: true });
    const open = checkGap({ ...starvationGap, id: 'still-open', fixedBy: undefined }, 0, 'f', fairReplay, { list: 'HARDENED_GAPS', fixed: false });
    const r = await runFindings([{ scenario: fairReplay, file: 'f', findings: [], gaps: [fixed, open] }]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^NOT CONFIRMED {2}fixed gap {2}fair-replay\/priority-replay-starves-capacity-records {2}fairness {2}hardened still violates/m);
    expect(r.out).toMatch(/^confirmed {2}open gap {2}fair-replay\/still-open {2}fairness {2}hardened still violates {2}plan 0 -> 0 {2}reports\/target 16 -> \d+, sink outages/m);
    expect(r.md).toContain('FIXED BUT FAILS AGAIN');
    expect(r.md).toContain('- **What hardened does now:** no fix recorded in the data (an open bug).');
    const file = join(r.dir, 'samples', 'repro-fair-replay-still-open.json');
    expect(json(file)).toMatchObject({ profile: 'hardened' });
    expect(variantPart(json(file).scenarioOptions)).toEqual(variantPart(starvation.options));
    expect((await replay(file)).code).toBe(1);
  });
});

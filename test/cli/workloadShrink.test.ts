// Workload shrinking (cli/workloadShrink.ts, scenarios/pipeline/workloadShrink.ts, cli/shrink.ts):
// the seed-drawn workload made explicit is the same run; every candidate is strictly smaller and
// shrinking terminates; a failing run shrinks plan and workload to a repro whose scenarioOptions
// carry the shrunk workload, and `npm run sim -- replay` of it reproduces the same violation.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { writeRepro } from '../../cli/repro';
import { namedVariantOptions, scenarioWithOptions, type ScenarioOptions } from '../../cli/reproScenario';
import { shrinkFailure } from '../../cli/shrink';
import { main } from '../../cli/sim';
import { sweepCommand } from '../../cli/sweep';
import { workloadScenarioNames, workloadShrinkerOf } from '../../cli/workloadShrink';
import { FINDINGS as LEASE_FINDINGS } from '../../scenarios/lease-contention/findings';
import { findScenario } from '../../scenarios/index';
import { resolvePipelineOptions, type PipelineOptionsInput } from '../../scenarios/pipeline/index';
import { ROLLBACK_GOVERNANCE_OSCILLATION } from '../../scenarios/rollback-governance/index';
import { findings as GOVERNANCE_FINDINGS } from '../../scenarios/rollback-governance/findings';
import { pipelineWorkloadArb } from '../support/pipelineProperties';

const LIMITS = { maxSteps: 4000 };

async function traceLines(scenario: string, options: ScenarioOptions | undefined, seed: string, profile: 'original' | 'hardened'): Promise<{ lines: string[]; hash: string }> {
  const built = scenarioWithOptions(scenario, options);
  const lines: string[] = [];
  const r = await built.run(seed, { ...LIMITS, profile, plan: built.planFor(seed), trace: { mode: 'hash', onLine: (l) => lines.push(l) } });
  return { lines, hash: r.traceHash };
}

async function replay(file: string): Promise<{ code: number; out: string }> {
  const out: string[] = [];
  const code = await main(['replay', file], { out: (l) => out.push(l), err: (l) => out.push(l) });
  return { code, out: out.join('\n') };
}

describe('materialize: the seed-drawn workload made explicit is the same run', () => {
  const exact: [string, ScenarioOptions | undefined, string, 'original' | 'hardened'][] = [
    ['rollback-governance', undefined, '4', 'hardened'],
    ['rollback-governance', namedVariantOptions('rollback-governance', ROLLBACK_GOVERNANCE_OSCILLATION), '9', 'original'],
    ['full-stack', undefined, '2', 'hardened'],
    ['full-stack', undefined, '5', 'original'],
    ['fair-replay', undefined, '3', 'hardened'],
    ['fair-replay', undefined, '2', 'original'],
    ['lease-contention', undefined, '5', 'hardened'],
    ['adaptive-guard', undefined, '7', 'original'],
  ];
  it.each(exact)('%s (options %j, seed %s, %s): the materialized options give the same trace hash as the run without', async (name, options, seed, profile) => {
    const materialized = workloadShrinkerOf(name)!.materialize(seed, options);
    const pipeline = (materialized.pipeline ?? materialized) as PipelineOptionsInput;
    expect(pipeline.sinkOutages?.length).toBeGreaterThan(0);
    const [a, b] = [await traceLines(name, options, seed, profile), await traceLines(name, materialized, seed, profile)];
    expect(b.hash).toBe(a.hash);
  });

  it('options with explicit outages are already materialized: materialize returns them as they are', () => {
    const options = { reportsPerTarget: 4, sinkOutages: [{ fromMs: 100, untilMs: 300 }] };
    expect(workloadShrinkerOf('fair-replay')!.materialize('1', options)).toEqual(options);
  });
});

/** Random explicit workloads in each covered scenario's option shape. */
function optionsArb(name: string): fc.Arbitrary<ScenarioOptions> {
  const nested = name === 'rollback-governance' || name === 'full-stack';
  const base = pipelineWorkloadArb({ reportsPerTargetMax: 30, workloadUntilMs: 4000, outageMsMin: 1, outageMsMax: 2000 });
  const arb = fc.tuple(base, fc.subarray(['n1', 'n2', 'n3'], { minLength: 1 }), fc.integer({ min: 0, max: 4000 })).map(([w, targets, workloadUntilMs]) => ({ ...w, targets, workloadUntilMs }));
  return arb.map((w): ScenarioOptions => (nested ? { pipeline: w } : w));
}

describe('workload candidates', () => {
  it.each(workloadScenarioNames())('%s: every candidate is strictly smaller by the measure, builds, keeps the nodes, and any chain of them ends', (name) => {
    const shrinker = workloadShrinkerOf(name)!;
    const nodes = (o: ScenarioOptions): string[] => scenarioWithOptions(name, o).start('1', { trace: { mode: 'off' } }).sim.nodeIds();
    fc.assert(
      fc.property(optionsArb(name), fc.infiniteStream(fc.nat()), (options, picks) => {
        const expected = nodes(options);
        for (const c of shrinker.candidates(options)) {
          expect(shrinker.size(c.value), c.label).toBeLessThan(shrinker.size(options));
          expect(JSON.stringify(c.value)).not.toBe(JSON.stringify(options));
        }
        const first = [...shrinker.candidates(options)];
        if (first.length > 0) expect(nodes(first[picks.next().value % first.length].value)).toEqual(expected);
        // A random chain of candidates: each step lowers the measure, so the chain ends.
        let current = options;
        for (;;) {
          const cs = [...shrinker.candidates(current)];
          if (cs.length === 0) break;
          const next = cs[picks.next().value % cs.length].value;
          expect(shrinker.size(next)).toBeLessThan(shrinker.size(current));
          current = next;
        }
      }),
      { numRuns: 15 },
    );
  });

  it('yield the biggest cuts first: all outages, then one, then reports down to 1', () => {
    const labels = [...workloadShrinkerOf('fair-replay')!.candidates({ sinkOutages: [{ fromMs: 100, untilMs: 500 }, { fromMs: 900, untilMs: 1200 }] })].map((c) => c.label);
    expect(labels.slice(0, 4)).toEqual(['no sink outages', 'drop sink outage 0 (100..500 ms)', 'drop sink outage 1 (900..1200 ms)', 'reportsPerTarget 10 -> 1']);
  });

  it('the smallest workload has no candidates (1 report, 1 target, no outages, no new reports)', () => {
    const smallest = { reportsPerTarget: 1, targets: ['n2'], sinkOutages: [], workloadUntilMs: 0 };
    expect([...workloadShrinkerOf('adaptive-guard')!.candidates(smallest)]).toEqual([]);
    expect([...workloadShrinkerOf('full-stack')!.candidates({ pipeline: smallest })]).toEqual([]);
  });

  it('drawn outages (not materialized) are left alone: no candidate sets sinkOutages', () => {
    for (const c of workloadShrinkerOf('lease-contention')!.candidates({})) expect(c.value).not.toHaveProperty('sinkOutages');
  });

  it('adaptive-guard keeps its non-workload option policyFreezeAfterMs in every candidate', () => {
    for (const c of workloadShrinkerOf('adaptive-guard')!.candidates({ policyFreezeAfterMs: 700, sinkOutages: [] })) expect(c.value).toMatchObject({ policyFreezeAfterMs: 700 });
  });
});

const ttl = LEASE_FINDINGS.find((f) => f.id === 'ttl-expires-mid-run-without-fencing')!;
const leaseContention = findScenario('lease-contention')!;

describe('shrinkFailure shrinks the workload with the plan', () => {
  it('lease-contention ttl-expires-mid-run-without-fencing (original): fewer reports and outages, still lease-safety, and the written repro replays it', async () => {
    const run = { scenario: leaseContention, seed: ttl.seed, profile: 'original' as const, plan: ttl.plan, invariant: ttl.invariant };
    const a = await shrinkFailure(run, { runsMax: 120 });
    expect(a.report.violations.map((v) => v.invariant)).toContain('lease-safety');
    const w = a.workload!;
    expect(w.after.reportsPerTarget).toBeLessThan(w.before.reportsPerTarget);
    expect(w.after.sinkOutages).toBeLessThan(w.before.sinkOutages);
    expect(w.sizeAfter).toBeLessThan(w.sizeBefore);
    expect(a.repro.shrunkFrom?.workload).toEqual(w.before);
    expect(resolvePipelineOptions(a.repro.scenarioOptions as PipelineOptionsInput).reportsPerTarget).toBe(w.after.reportsPerTarget);
    expect(a.shrink.accepted.some((l) => l.startsWith('workload: '))).toBe(true);
    const b = await shrinkFailure(run, { runsMax: 120 });
    expect(b.repro).toEqual(a.repro);
    const file = writeRepro(mkdtempSync(join(tmpdir(), 'awsim-wl-')), a.repro);
    expect(JSON.parse(readFileSync(file, 'utf8')).scenarioOptions).toEqual(a.repro.scenarioOptions);
    const r = await replay(file);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^reproduces: SAFETY violation of lease-safety at step \d+/m);
    expect(r.out).toContain('lease-contention with options {');
  });

  it('rollback-governance transport-error-after-w1 (original): the workload shrinks inside `pipeline`, and the repro replays it', async () => {
    const f = GOVERNANCE_FINDINGS.find((x) => x.id === 'transport-error-after-w1-leaves-decision-unaudited')!;
    const scenario = findScenario('rollback-governance')!;
    const a = await shrinkFailure({ scenario, seed: f.seed, profile: 'original', plan: f.plan, invariant: f.invariant }, { runsMax: 80 });
    expect(Object.keys(a.repro.scenarioOptions ?? {})).toEqual(['pipeline']);
    expect(a.workload!.sizeAfter).toBeLessThan(a.workload!.sizeBefore);
    const r = await replay(writeRepro(mkdtempSync(join(tmpdir(), 'awsim-wl-')), a.repro));
    expect(r.code).toBe(1);
    expect(r.out).toMatch(new RegExp(`^reproduces: SAFETY violation of ${f.invariant}`, 'm'));
  });

  it('with workload: false only the plan shrinks and the repro has no scenarioOptions, as before', async () => {
    const a = await shrinkFailure({ scenario: leaseContention, seed: ttl.seed, profile: 'original', plan: ttl.plan, invariant: ttl.invariant }, { workload: false });
    expect(a.workload).toBeNull();
    expect(a.repro).not.toHaveProperty('scenarioOptions');
    expect(a.repro.shrunkFrom).not.toHaveProperty('workload');
    expect(a.shrink.accepted.every((l) => !l.startsWith('workload: '))).toBe(true);
  });

  it('onAccept hears every kept step, plan and workload, in order, with a rising run count within the total', async () => {
    const heard: { label: string; runs: number }[] = [];
    const a = await shrinkFailure(
      { scenario: leaseContention, seed: ttl.seed, profile: 'original', plan: ttl.plan, invariant: ttl.invariant },
      { runsMax: 120, onAccept: (label, _plan, runs) => heard.push({ label, runs }) },
    );
    expect(heard.map((h) => h.label)).toEqual(a.shrink.accepted);
    expect(heard.some((h) => h.label.startsWith('workload: '))).toBe(true);
    const runs = heard.map((h) => h.runs);
    expect(runs).toEqual([...runs].sort((x, y) => x - y));
    expect(new Set(runs).size).toBe(runs.length);
    expect(runs[runs.length - 1]).toBeLessThanOrEqual(a.shrink.runs);
  });

  it('the run budget covers plan and workload together', async () => {
    const a = await shrinkFailure({ scenario: leaseContention, seed: ttl.seed, profile: 'original', plan: ttl.plan, invariant: ttl.invariant }, { runsMax: 4 });
    expect(a.shrink.runs).toBeLessThanOrEqual(4);
    expect(a.shrink.minimal).toBe(false);
  });

  it('a scenario without workload knobs (kernel-selftest) shrinks only its plan; its repro has no scenarioOptions', async () => {
    const selftest = findScenario('kernel-selftest')!;
    const first = await selftest.run('2', { profile: 'original', trace: { mode: 'off' } });
    const a = await shrinkFailure({ scenario: selftest, seed: '2', profile: 'original', plan: first.plan, invariant: first.violations[0].invariant });
    expect(a.workload).toBeNull();
    expect(a.repro).not.toHaveProperty('scenarioOptions');
  });
});

describe('sweep shrinks the workload of the failing seed', () => {
  it('lease-contention seeds 2..3 (original): prints plan and workload sizes, and the repro replays with exit 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'awsim-wl-sweep-'));
    const out: string[] = [];
    const code = await sweepCommand(['--scenario', 'lease-contention', '--seeds', '2..3', '--jobs', '1', '--profile', 'original', '--shrink-runs', '60', '--out', dir], { out: (l) => out.push(l), err: () => undefined }, { bar: null });
    expect(code).toBe(1);
    const text = out.join('\n');
    expect(text).toMatch(/^shrunk seed 2 \(\w[\w-]*\): plan size \d+ -> \d+, workload 10 reports\/target, 3 targets, 2 sink outages \(\d+ ms\), workload until 1800 ms -> \d+ reports?\/target/m);
    const path = /repro: npm run sim -- replay (\S+)/.exec(text)?.[1];
    expect(JSON.parse(readFileSync(path!, 'utf8')).scenarioOptions).toBeDefined();
    expect((await replay(path!)).code).toBe(1);
  });
});

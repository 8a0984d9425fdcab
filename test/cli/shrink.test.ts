import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { shrinkFailure, NotFailingError } from '../../cli/shrink';
import { findScenario } from '../../scenarios/index';
import { NODES } from '../../scenarios/kernel-selftest/index';
import { planHash, validatePlan, type FaultPlan } from '../../sim/plan';
import { randomPlan } from '../../sim/planGen';
import { createRng } from '../../sim/rng';
import { shrinkLoop } from '../../sim/shrinkLoop';
import { planSize, shrinkCandidates, smallerSkew } from '../../sim/shrinkPlan';

const selftest = findScenario('kernel-selftest')!;
const planOf = (seed: number): FaultPlan => randomPlan(createRng(String(seed)), { nodes: NODES, healAtMs: 1500 });

function activeFaults(f: unknown): number {
  const d = (f ?? {}) as { eioRatio?: [number, number]; tornWrites?: boolean; quotaBytes?: number | null };
  const e = d as { latencyMsMax?: number };
  return (d.eioRatio !== undefined && d.eioRatio[0] > 0 ? 1 : 0) + (d.tornWrites === true ? 1 : 0) + (d.quotaBytes != null ? 1 : 0) + ((e.latencyMsMax ?? 0) > 0 ? 1 : 0);
}

/** A measure every candidate must strictly decrease (lexicographic on a few totals). */
function weight(p: FaultPlan): number[] {
  const sel = (x: unknown): number => (Array.isArray(x) ? x.length : x === undefined ? 0 : 1);
  const stepWeight = p.steps.reduce((w, s) => {
    const a = s as Record<string, unknown>;
    const skew = (a.skew as Record<string, number> | undefined) ?? {};
    return w + sel(a.a) + sel(a.b) + sel(a.from) + sel(a.to) + sel(a.node) + ((a.restartAfterMs as number | undefined) ?? 0) + Math.abs(skew.offsetMs ?? 0) + Math.abs(skew.driftPpm ?? 0) + Math.abs(skew.amplitudeMs ?? 0) + Math.abs(skew.jumpMs ?? 0) + activeFaults(a.faults);
  }, 0);
  const clocks = Object.values(p.clocks ?? {}).reduce((w, s) => w + 1 + JSON.stringify(s).length, 0);
  return [p.steps.length, planSize(p) * 1e9 + stepWeight + clocks + (p.healAtMs ?? 0) + JSON.stringify(p.net ?? {}).length + JSON.stringify(p.disk ?? {}).length];
}
const less = (a: number[], b: number[]): boolean => a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);

describe('shrink candidates (seeded random plans)', () => {
  it('every candidate is a valid plan for the same nodes and strictly smaller than its parent', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000 }), (seed) => {
        const plan = planOf(seed);
        for (const c of shrinkCandidates(plan)) {
          validatePlan(c.plan, NODES);
          expect(less(weight(c.plan), weight(plan)), c.label).toBe(true);
          expect(c.plan.steps.every((s, i) => i === 0 || (s.atMs ?? 0) >= (c.plan.steps[i - 1].atMs ?? 0))).toBe(true);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('drops steps biggest chunk first and never yields the plan itself', () => {
    const plan = planOf(7);
    const first = shrinkCandidates(plan).next().value;
    expect(first?.plan.steps).toEqual([]);
    for (const c of shrinkCandidates(plan)) expect(planHash(c.plan)).not.toBe(planHash(plan));
  });

  it('a halved skew reaches no skew', () => {
    let s = smallerSkew({ kind: 'step', offsetMs: 300, atMs: 10, jumpMs: -77 });
    let n = 0;
    while (s !== null && n < 100) {
      s = smallerSkew(s);
      n++;
    }
    expect(s).toBeNull();
  });
});

describe('shrink loop', () => {
  it('finds the one step a synthetic failure depends on, within budget, and stops there', async () => {
    const plan = planOf(11);
    const culprit = plan.steps.find((s) => s.op === 'crash' || s.op === 'partition') ?? plan.steps[0];
    const fails = async (p: FaultPlan): Promise<boolean> => p.steps.some((s) => s.op === culprit.op);
    const r = await shrinkLoop(plan, fails, { runsMax: 500 });
    expect(r.minimal).toBe(true);
    expect(r.plan.steps).toHaveLength(1);
    expect(r.plan.steps[0].op).toBe(culprit.op);
    expect(r.sizeAfter).toBeLessThan(r.sizeBefore);
  });

  it('respects the run budget', async () => {
    const r = await shrinkLoop(planOf(12), async () => false, { runsMax: 3 });
    expect(r.runs).toBe(3);
    expect(r.minimal).toBe(false);
    expect(r.accepted).toEqual([]);
  });
});

describe('shrinkFailure on kernel-selftest (seed 2, original)', () => {
  it('shrinks the seed plan to a small one that still violates the same invariant, deterministically', async () => {
    const first = await selftest.run('2', { profile: 'original', trace: { mode: 'off' } });
    const invariant = first.violations[0].invariant;
    const a = await shrinkFailure({ scenario: selftest, seed: '2', profile: 'original', plan: first.plan, invariant });
    expect(a.repro.invariant).toBe(invariant);
    expect(a.shrink.sizeAfter).toBeLessThanOrEqual(2);
    expect(a.repro.plan.steps.length).toBeLessThanOrEqual(1);
    expect(a.report.violations.map((v) => v.invariant)).toContain(invariant);
    expect(a.repro.found?.traceHash).toBe(a.report.traceHash);
    const b = await shrinkFailure({ scenario: selftest, seed: '2', profile: 'original', plan: first.plan, invariant });
    expect(b.repro).toEqual(a.repro);
    const hardened = await selftest.run('2', { plan: a.repro.plan });
    expect(hardened.status).toBe('pass');
  });

  it('refuses a run that does not fail', async () => {
    await expect(shrinkFailure({ scenario: selftest, seed: '2', profile: 'hardened', plan: selftest.planFor('2'), invariant: 'counter-never-goes-backwards' })).rejects.toThrow(NotFailingError);
  });
});

// adaptive-guard's findings: a torn metrics append that breaks every later list (A §14.17) in
// `original` only, and the guard's decision-level weak points (A §14.13, §14.14) that both
// profiles share: a restart's out-of-bounds policy kept by the cooldown early return, and a
// cooldown that never lets the policy change while replays are frequent. The world scope's
// starved emit under a slow disk was a hardened gap until acquire became fair; its plan is kept.
import { describe, expect, it } from 'vitest';
import { gapStatus } from '../../scenarios/pipeline/findingTypes';
import { adaptiveGuard, makeAdaptiveGuard } from '../../scenarios/adaptive-guard/index';
import { DESIGN_FINDINGS, FINDINGS, FIXED_HARDENED_GAPS } from '../../scenarios/adaptive-guard/findings';


describe('adaptive-guard findings (original violates, hardened holds)', () => {
  for (const f of FINDINGS) {
    it(`${f.id}: seed ${f.seed} breaks ${f.invariant} in original (${f.weakPoint})`, async () => {
      const o = await adaptiveGuard.run(f.seed, { profile: 'original', plan: f.plan, trace: { mode: 'off' } });
      expect(o.violations[0]?.invariant).toBe(f.invariant);
      expect(o.violations[0]?.message).toMatch(new RegExp(f.expectMessage));
      const h = await adaptiveGuard.run(f.seed, { profile: 'hardened', plan: f.plan, trace: { mode: 'off' } });
      expect(h.violations).toEqual([]);
    });
  }

  it('after the torn metrics line, n2 is never replayed again (pipeline-progress fails too)', async () => {
    const f = FINDINGS[0];
    const o = await adaptiveGuard.run(f.seed, { profile: 'original', plan: f.plan, trace: { mode: 'off' }, stopOnViolation: false });
    const stuck = o.violations.find((v) => v.invariant === 'pipeline-progress');
    expect(stuck?.message).toMatch(/no replay run of n2 completed .*SerdeError/);
  });
});

describe('adaptive-guard design findings (both profiles)', () => {
  for (const f of DESIGN_FINDINGS) {
    it(`${f.id}: seed ${f.seed} breaks ${f.invariant} in original and in hardened (${f.weakPoint})`, async () => {
      const scenario = makeAdaptiveGuard(f.options);
      for (const profile of ['original', 'hardened'] as const) {
        const r = await scenario.run(f.seed, { profile, plan: f.plan, trace: { mode: 'off' }, stopOnViolation: false });
        const v = r.violations.find((x) => x.invariant === f.invariant);
        expect(v?.message).toMatch(new RegExp(f.expectMessage));
      }
    });
  }

  it('with the caller\'s initial policy inside the bounds, the same restart keeps every policy in bounds', async () => {
    const f = DESIGN_FINDINGS[0];
    const inBounds = { ...f.options, adaptive: { ...f.options.adaptive!, initialPolicy: { maxReplayPerRun: 2, maxRetryLimitExceededStreak: 2 } } };
    const r = await makeAdaptiveGuard(inBounds).run(f.seed, { profile: 'hardened', plan: f.plan, trace: { mode: 'off' } });
    expect(r.status).toBe('pass');
  });
});

describe('adaptive-guard fixed hardened gaps (regression tests)', () => {
  for (const g of FIXED_HARDENED_GAPS) {
    it(`${g.id} (seed ${g.seed}): hardened now holds every invariant (${g.fixedBy})`, async () => {
      const h = await adaptiveGuard.run(g.seed, { profile: 'hardened', plan: g.plan, trace: { mode: 'off' } });
      expect(gapStatus(h, g)).toBe('fixed');
    });
  }

  it('duplicated-metrics-export-counts-a-run-twice: the checker sees the copied line in original (the blind append the hardened storage replaced)', async () => {
    const g = FIXED_HARDENED_GAPS.find((x) => x.id === 'duplicated-metrics-export-counts-a-run-twice')!;
    const o = await adaptiveGuard.run(g.seed, { profile: 'original', plan: g.plan, trace: { mode: 'off' } });
    const v = o.violations.find((x) => x.invariant === g.invariant);
    expect(v?.message).toMatch(new RegExp(g.expectMessage));
  });

  it('with a fast disk from the heal on, the same run passes too', async () => {
    const g = FIXED_HARDENED_GAPS[0];
    const plan = { ...g.plan, steps: [...g.plan.steps, { atMs: 2600, op: 'disk' as const, node: 'storage', faults: { latencyMsMin: 0, latencyMsMax: 0 } }] };
    expect((await adaptiveGuard.run(g.seed, { profile: 'hardened', plan, trace: { mode: 'off' } })).status).toBe('pass');
  });
});

// fair-replay's findings: each FINDINGS entry shows its weak point as the first violation in
// `original` and holds in `hardened`; the design finding (P3.25) fails in both profiles and the
// fair entry fixes it; a former hardened gap's plan now holds in hardened (a regression test).
import { describe, expect, it } from 'vitest';
import { gapStatus } from '../../scenarios/pipeline/findingTypes';
import type { RunReport } from '../../scenarios/registry';
import { fairReplay, makeFairReplay } from '../../scenarios/fair-replay/index';
import { DESIGN_FINDINGS, FINDINGS, FIXED_HARDENED_GAPS } from '../../scenarios/fair-replay/findings';

const first = (r: RunReport) => r.violations[0];


describe('fair-replay findings (original violates, hardened holds)', () => {
  for (const f of FINDINGS) {
    it(`${f.id}: seed ${f.seed} breaks ${f.invariant} in original (${f.weakPoint})`, async () => {
      const o = await fairReplay.run(f.seed, { profile: 'original', plan: f.plan, trace: { mode: 'off' } });
      expect(first(o)?.invariant).toBe(f.invariant);
      expect(first(o)?.message).toMatch(new RegExp(f.expectMessage));
      const h = await fairReplay.run(f.seed, { profile: 'hardened', plan: f.plan, trace: { mode: 'off' } });
      expect(h.violations).toEqual([]);
      expect(h.status).toBe('pass');
    });
  }
});

describe('fair-replay design finding: P3.25 priority replay starves capacity records', () => {
  const f = DESIGN_FINDINGS[0];
  it(`seed ${f.seed}: both profiles break ${f.invariant} with the priority entry`, async () => {
    const scenario = makeFairReplay(f.options);
    for (const profile of ['original', 'hardened'] as const) {
      const r = await scenario.run(f.seed, { profile, plan: f.plan, trace: { mode: 'off' }, stopOnViolation: false });
      expect(first(r)?.invariant).toBe(f.invariant);
      expect(first(r)?.message).toMatch(new RegExp(f.expectMessage));
      expect(r.violations.map((v) => v.invariant)).toContain('dead-letters-delivered');
    }
  });

  it('the fair P3.26 entry on the same seed, plan and workload holds in both profiles', async () => {
    const { replayEntry: _priority, ...fairOptions } = f.options;
    const scenario = makeFairReplay(fairOptions);
    for (const profile of ['original', 'hardened'] as const) {
      expect((await scenario.run(f.seed, { profile, plan: f.plan, trace: { mode: 'off' } })).status).toBe('pass');
    }
  });
});

describe('fair-replay fixed hardened gaps (regression tests)', () => {
  for (const g of FIXED_HARDENED_GAPS) {
    it(`${g.id} (seed ${g.seed}): hardened now holds every invariant (${g.fixedBy})`, async () => {
      const h = await fairReplay.run(g.seed, { profile: 'hardened', plan: g.plan, trace: { mode: 'off' } });
      expect(gapStatus(h, g)).toBe('fixed');
    });
  }
});

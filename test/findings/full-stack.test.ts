// full-stack's findings (scenarios/full-stack/findings.ts): each seed and explicit fault plan makes
// its invariant the first violation in `original` while every invariant of every world holds in
// `hardened`; the once-failing hardened plan (a duplicated part-A commitEmit) now holds.
import { describe, expect, it } from 'vitest';
import { fullStack } from '../../scenarios/full-stack/index';
import { findings, fixedHardenedGaps } from '../../scenarios/full-stack/findings';

describe('full-stack findings (original violates, hardened holds)', () => {
  for (const f of findings) {
    it(`${f.id}: seed ${f.seed} breaks ${f.invariant} in original (${f.weakPoint}), hardened holds`, async () => {
      const o = await fullStack.run(f.seed, { profile: 'original', plan: f.plan, trace: { mode: 'off' } });
      expect(o.violations[0]?.invariant).toBe(f.invariant);
      expect(o.violations[0]?.message).toMatch(new RegExp(f.expectMessage));
      const h = await fullStack.run(f.seed, { profile: 'hardened', plan: f.plan, trace: { mode: 'off' } });
      expect(h.violations).toEqual([]);
      expect(h.status).toBe('pass');
    });
  }
});

describe('full-stack fixed hardened gaps (regression plans)', () => {
  for (const g of fixedHardenedGaps) {
    it(`${g.id}: seed ${g.seed} holds ${g.invariant} in hardened since ${g.fixedBy.split(':')[0]}`, async () => {
      const h = await fullStack.run(g.seed, { profile: 'hardened', plan: g.plan, trace: { mode: 'off' } });
      expect(h.violations).toEqual([]);
    });
  }
});

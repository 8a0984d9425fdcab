// rollback-governance's findings (scenarios/rollback-governance/findings.ts): each seed and explicit
// fault plan makes its invariant the first violation in `original` and holds every invariant in
// `hardened`; the design limitation (governance never leaves normal, B 8.3) fails in both.
import { describe, expect, it } from 'vitest';
import { rollbackGovernance, rollbackGovernanceOscillation, ROLLBACK_GOVERNANCE_OSCILLATION } from '../../scenarios/rollback-governance/index';
import { designLimitations, findings } from '../../scenarios/rollback-governance/findings';

describe('rollback-governance findings (original violates, hardened holds)', () => {
  for (const f of findings) {
    it(`${f.id}: seed ${f.seed} breaks ${f.invariant} in original (${f.weakPoint}), hardened holds`, async () => {
      const o = await rollbackGovernance.run(f.seed, { profile: 'original', plan: f.plan, trace: { mode: 'off' } });
      expect(o.violations[0]?.invariant).toBe(f.invariant);
      expect(o.violations[0]?.message).toMatch(new RegExp(f.expectMessage));
      const h = await rollbackGovernance.run(f.seed, { profile: 'hardened', plan: f.plan, trace: { mode: 'off' } });
      expect(h.violations).toEqual([]);
      expect(h.status).toBe('pass');
    });
  }

  it('the crash finding needs its crash: without it, the same seed holds every invariant in original', async () => {
    const f = findings[0];
    const r = await rollbackGovernance.run(f.seed, { profile: 'original', plan: { version: 1, steps: [] }, trace: { mode: 'off' } });
    expect(r.status).toBe('pass');
  });
});

describe('rollback-governance design limitations (both profiles)', () => {
  for (const f of designLimitations) {
    it(`${f.id}: ${f.invariant} fails in original (seed ${f.seed}) and in hardened (seed ${f.hardenedSeed}) (${f.weakPoint})`, async () => {
      expect(rollbackGovernanceOscillation.name).toBe(f.scenario);
      expect(f.scenario).toBe(ROLLBACK_GOVERNANCE_OSCILLATION);
      for (const [profile, seed] of [['original', f.seed], ['hardened', f.hardenedSeed]] as const) {
        const r = await rollbackGovernanceOscillation.run(seed, { profile, plan: f.plan, trace: { mode: 'off' }, stopOnViolation: false });
        const v = r.violations.find((x) => x.invariant === f.invariant);
        expect(v?.message, `${profile} seed ${seed}`).toMatch(new RegExp(f.expectMessage));
      }
      expect(f.hardenedBehaviour).toMatch(/design limitation, not fixed by hardened/);
    });
  }
});

// archive-tiering finds the spec's archive weak points: each finding's seed and explicit fault
// plan (scenarios/archive-tiering/findings.ts) makes its invariant the first violation in
// `original`, and the same seed and plan hold every invariant in `hardened`. The hardened gaps
// are plans on which the hardened design still fails (real bugs, reported for core/ to fix).
import { describe, expect, it } from 'vitest';
import { archiveTiering, ARCHIVE_TIERING_INVARIANTS, createArchiveTieringScenario } from '../../scenarios/archive-tiering/index';
import { NODES } from '../../scenarios/archive-tiering/config';
import { FINDINGS, HARDENED_GAPS } from '../../scenarios/archive-tiering/findings';
import { validatePlan } from '../../sim/index';

const invariantNames = ARCHIVE_TIERING_INVARIANTS.map((i) => i.name);

describe('archive-tiering findings data', () => {
  it('has unique ids, known invariants, and plans valid for the topology', () => {
    const all = [...FINDINGS, ...HARDENED_GAPS];
    expect(new Set(all.map((f) => f.id)).size).toBe(all.length);
    for (const f of all) {
      expect(invariantNames).toContain(f.invariant);
      expect(() => validatePlan(f.plan, NODES)).not.toThrow();
    }
  });

  it('covers both target weak points (prune racing an append, offload crash between the tier writes)', () => {
    expect(FINDINGS.map((f) => f.weakPoint).join(' ')).toMatch(/B §8\.6/);
    expect(FINDINGS.map((f) => f.weakPoint).join(' ')).toMatch(/C W-F1/);
  });
});

for (const f of FINDINGS) {
  describe(`finding ${f.id} (seed ${f.seed}, ${f.weakPoint})`, () => {
    it(`original: ${f.invariant} is the first violation`, async () => {
      const r = await archiveTiering.run(f.seed, { profile: 'original', plan: f.plan });
      expect(r.status).toBe('safety');
      expect(r.violations[0]?.invariant).toBe(f.invariant);
      expect(r.violations[0]?.message).toMatch(new RegExp(f.expectMessage));
    });

    it('hardened: every invariant holds on the same seed and plan', async () => {
      const r = await archiveTiering.run(f.seed, { profile: 'hardened', plan: f.plan });
      expect(r.violations).toEqual([]);
      expect(r.status).toBe('pass');
      expect(r.endReason).toBe('done');
    });
  });
}

describe('hardened gaps (known bugs in the hardened design, see the findings data)', () => {
  for (const g of HARDENED_GAPS) {
    it(`${g.id}: hardened still violates ${g.invariant} on seed ${g.seed} (flip this test once core fixes it)`, async () => {
      const scenario = g.deployment === undefined ? archiveTiering : createArchiveTieringScenario(g.deployment, 'archive-tiering-variant');
      const r = await scenario.run(g.seed, { profile: 'hardened', plan: g.plan });
      expect(r.violations[0]?.invariant).toBe(g.invariant);
      expect(r.violations[0]?.message).toMatch(new RegExp(g.expectMessage));
    });
  }

  it('the registered deployment (a prune first finishes a pending offload) holds on the prune gap\'s plan', async () => {
    const g = HARDENED_GAPS.find((x) => x.deployment !== undefined)!;
    const r = await archiveTiering.run(g.seed, { profile: 'hardened', plan: g.plan });
    expect(r.violations).toEqual([]);
    expect(r.status).toBe('pass');
  });
});

// lease-contention's findings: two replay lease holders in `original` — a fast clock stealing a
// valid lease (A §14.3) and a run outliving its TTL with nothing fencing it (A §14.2) — as the
// first violation, and every invariant holding in `hardened` on the same seed and plan.
import { describe, expect, it } from 'vitest';
import { gapStatus } from '../../scenarios/pipeline/findingTypes';
import { leaseContention } from '../../scenarios/lease-contention/index';
import { FINDINGS, FIXED_HARDENED_GAPS } from '../../scenarios/lease-contention/findings';


describe('lease-contention findings (original violates, hardened holds)', () => {
  for (const f of FINDINGS) {
    it(`${f.id}: seed ${f.seed} breaks ${f.invariant} in original (${f.weakPoint})`, async () => {
      const o = await leaseContention.run(f.seed, { profile: 'original', plan: f.plan, trace: { mode: 'off' } });
      const v = o.violations[0];
      expect(v?.invariant).toBe(f.invariant);
      expect(v?.message).toMatch(new RegExp(f.expectMessage));
      const h = await leaseContention.run(f.seed, { profile: 'hardened', plan: f.plan, trace: { mode: 'off' } });
      expect(h.violations).toEqual([]);
      expect(h.status).toBe('pass');
    });
  }

  it('the stale holder in the skew finding wrote after a grant its own clock would not have allowed', async () => {
    const f = FINDINGS.find((x) => x.id === 'fast-clock-steals-valid-lease')!;
    const o = await leaseContention.run(f.seed, { profile: 'original', plan: f.plan, trace: { mode: 'off' } });
    const e = o.violations[0].evidence as { staleHold: { clockMs: number; worker: string }; newerHold: { clockMs: number; worker: string }; mechanism: string };
    expect(e.mechanism).toBe('clock-skew');
    expect(e.newerHold.worker).toBe('n2');
    expect(e.newerHold.clockMs - e.staleHold.clockMs).toBeGreaterThanOrEqual(250);
  });
});

describe('lease-contention fixed hardened gaps (regression tests)', () => {
  for (const g of FIXED_HARDENED_GAPS) {
    it(`${g.id} (seed ${g.seed}): hardened now holds every invariant (${g.fixedBy})`, async () => {
      const h = await leaseContention.run(g.seed, { profile: 'hardened', plan: g.plan, trace: { mode: 'off' } });
      expect(gapStatus(h, g)).toBe('fixed');
    });
  }
});

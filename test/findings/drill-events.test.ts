// drill-events findings: on each recorded seed + fault plan the original profile violates the
// finding's invariant with the expected evidence, and the hardened profile holds every invariant.
import { describe, expect, it } from 'vitest';
import { drillEvents } from '../../scenarios/drill-events/index';
import { DRILL_EVENTS_FINDINGS, FIXED_HARDENED_GAPS } from '../../scenarios/drill-events/findings';
import { findingRepro, violationShowing } from '../../scenarios/drill-events/findingCheck';

const off = { mode: 'off' as const };

describe.each(DRILL_EVENTS_FINDINGS.map((f) => [f.id, f] as const))('drill-events finding %s', (_id, f) => {
  it(`original (seed ${f.seed}) violates ${f.invariant} at ${f.expect.consumer ?? f.expect.node}${f.expect.cause ? ` (${f.expect.cause})` : ''} [${f.weakPoint}]`, async () => {
    const r = await drillEvents.run(f.seed, { profile: 'original', plan: f.plan, trace: off });
    expect(r.status).not.toBe('pass');
    const v = violationShowing(r, f);
    expect(v, JSON.stringify(r.violations.map((x) => x.message))).toBeDefined();
  });

  it('its repro document replays the same seed, plan and profile', async () => {
    const repro = findingRepro(f);
    const r = await drillEvents.run(repro.seed, { profile: repro.profile, plan: repro.plan, maxSteps: repro.options.maxSteps, trace: off });
    expect([repro.scenario, repro.invariant, violationShowing(r, f) !== undefined]).toEqual(['drill-events', f.invariant, true]);
  });

  it(`hardened (seed ${f.seed}) holds every invariant on the same plan`, async () => {
    const r = await drillEvents.run(f.seed, { profile: 'hardened', plan: f.plan, trace: off });
    expect(r.violations).toEqual([]);
    expect(r.status).toBe('pass');
    expect(r.endReason).toBe('done');
  });
});

describe('drill-events finding cursor-state-lost-goes-backwards, run on past the violation', () => {
  it('original re-delivers the state-store consumer\'s earlier events after its cursor went back', async () => {
    const f = DRILL_EVENTS_FINDINGS.find((x) => x.id === 'cursor-state-lost-goes-backwards')!;
    const r = await drillEvents.run(f.seed, { profile: 'original', plan: f.plan, trace: off, stopOnViolation: false });
    const dup = r.violations.find((v) => v.invariant === 'cursor-no-duplicate');
    expect((dup?.evidence as { consumer?: string } | undefined)?.consumer).toBe('st');
  });
});

describe.each(FIXED_HARDENED_GAPS.map((b) => [b.id, b] as const))('regression: hardened design bug %s (fixed)', (_id, b) => {
  // Found by this scenario: readJournal accepted an unterminated last line, which the next
  // append cut off, so a failed append made the stored cursor fall back. Fixed in stateJournal.
  it(`hardened (seed ${b.seed}) keeps ${b.invariant} on the recorded plan`, async () => {
    const r = await drillEvents.run(b.seed, { profile: 'hardened', plan: b.plan, trace: off });
    expect(r.violations).toEqual([]);
  });
});

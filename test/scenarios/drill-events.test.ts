// The drill-events scenario as a whole (default seed 1): registered, deterministic, hardened holds
// every invariant on the seed's own plan, original does not, runs stay fast, and the workload
// really contains what the findings rely on (same-millisecond groups, bursts, outcome variety).
import { describe, expect, it } from 'vitest';
import { findScenario } from '../../scenarios/index';
import { drillEvents, drillEventsPlan } from '../../scenarios/drill-events/index';
import { drawDrills } from '../../scenarios/drill-events/workload';
import { NODES, PUBLISHERS } from '../../scenarios/drill-events/topology';
import { createRng, planHash, validatePlan } from '../../sim/index';

const off = { mode: 'off' as const };

describe('drill-events registration and plans (seed 1)', () => {
  it('is registered under its name', () => {
    expect(findScenario('drill-events')).toBe(drillEvents);
  });

  it('a seed always yields the same valid plan, heals at 1500 ms and skews the publishers', () => {
    const plan = drillEvents.planFor('1');
    expect(drillEvents.planFor('1')).toEqual(plan);
    expect(planHash(drillEvents.planFor('2'))).not.toBe(planHash(plan));
    validatePlan(plan, NODES);
    expect(plan.healAtMs).toBe(1500);
    expect(Object.keys(plan.clocks ?? {}).sort()).toEqual([...PUBLISHERS]);
    for (let s = 0; s < 50; s += 1) validatePlan(drillEventsPlan(createRng(`p${s}`)), NODES);
  });

  it('the drill schedule has bursts (one node, one millisecond) and every drill condition', () => {
    const drills = Object.values(drawDrills(createRng('1/workload/drills'), PUBLISHERS)).flat();
    expect(drills.some((d) => d.runs > 1)).toBe(true);
    expect(new Set(drills.map((d) => d.condition)).size).toBe(4);
  });
});

describe('drill-events default run (seed 1)', () => {
  it('hardened holds every invariant on the seed plan and ends once the consumers are done', async () => {
    const r = await drillEvents.run('1', { trace: off });
    expect(r.violations).toEqual([]);
    expect(r.status).toBe('pass');
    expect(r.endReason).toBe('done');
    expect(r.invariants.map((i) => [i.name, i.result])).toEqual([
      ['watermark-monotonic', 'held'],
      ['cursor-no-duplicate', 'held'],
      ['event-bus-integrity', 'held'],
      ['event-bus-durable', 'held'],
      ['cursor-no-lost-batch', 'held'],
      ['cursor-no-skip', 'held'],
      ['processes-do-not-throw', 'held'],
    ]);
  });

  it('original loses acknowledged events on the same seed (its plan crashes a publisher)', async () => {
    const r = await drillEvents.run('1', { profile: 'original', trace: off });
    expect(r.status).toBe('safety');
    expect(r.violations.map((v) => v.invariant)).toEqual(['event-bus-durable']);
  });

  it('original, run on past its first violation, also skips events on the same seed', async () => {
    const r = await drillEvents.run('1', { profile: 'original', trace: off, stopOnViolation: false });
    expect(r.violations.map((v) => v.invariant)).toContain('cursor-no-skip');
  });

  it('is deterministic: two runs of seed 1 give one trace hash, seed 2 another', async () => {
    const a = await drillEvents.run('1');
    const b = await drillEvents.run('1');
    const c = await drillEvents.run('2');
    expect(b.traceHash).toBe(a.traceHash);
    expect(c.traceHash).not.toBe(a.traceHash);
  });

  it('stepping one event at a time gives the same trace as running', async () => {
    const whole = await drillEvents.run('1', { trace: { mode: 'hash' } });
    const run = drillEvents.start('1', { trace: { mode: 'hash' } });
    while (!run.ended) await run.step();
    const stepped = await run.finish();
    expect(stepped.traceHash).toBe(whole.traceHash);
    expect(stepped.steps).toBe(whole.steps);
  });

  it('a default run takes well under a second of wall time (median of three)', async () => {
    await drillEvents.run('3', { trace: off }); // warm up
    const times: number[] = [];
    for (let i = 0; i < 3; i += 1) {
      const t0 = performance.now();
      const r = await drillEvents.run('1', { trace: { mode: 'hash' } });
      times.push(performance.now() - t0);
      expect(r.steps).toBeGreaterThan(1000);
    }
    expect(times.sort((a, b) => a - b)[1]).toBeLessThan(1000);
  });

  it('a run cut short by the caller skips the no-skip liveness check instead of failing it', async () => {
    const r = await drillEvents.run('1', { profile: 'original', plan: { version: 1, steps: [] }, maxSteps: 200, trace: off });
    expect(r.endReason).toBe('step-limit');
    expect(r.invariants.find((i) => i.name === 'cursor-no-skip')?.result).toBe('skipped');
  });
});

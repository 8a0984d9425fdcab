import { describe, expect, it } from 'vitest';
import { DEFAULT_SCENARIO_NAME, defineScenario, findScenario, SCENARIOS, type Invariant } from '../../scenarios/index';
import { planHash } from '../../sim/plan';

const selftest = findScenario('kernel-selftest')!;

describe('scenario registry', () => {
  it('lists kernel-selftest and has a default scenario that exists', () => {
    expect(SCENARIOS.map((s) => s.name)).toContain('kernel-selftest');
    expect(findScenario(DEFAULT_SCENARIO_NAME)).toBeDefined();
    expect(findScenario('nope')).toBeUndefined();
  });

  it('a seed always yields the same plan, with a stable hash', () => {
    expect(selftest.planFor('9')).toEqual(selftest.planFor('9'));
    expect(planHash(selftest.planFor('9'))).toBe(planHash(selftest.planFor('9')));
    expect(planHash(selftest.planFor('9'))).not.toBe(planHash(selftest.planFor('10')));
  });
});

describe('kernel-selftest (default seed 1)', () => {
  it('passes under hardened, with the same trace hash every time', async () => {
    const a = await selftest.run('1');
    const b = await selftest.run('1');
    expect(a.status).toBe('pass');
    expect(a.endReason).toBe('done');
    expect(a.invariants.every((i) => i.result === 'held')).toBe(true);
    expect(a.traceHash).toMatch(/^[0-9a-f]{64}$/);
    expect(b.traceHash).toBe(a.traceHash);
  });

  it('different seeds give different traces', async () => {
    expect((await selftest.run('1')).traceHash).not.toBe((await selftest.run('2')).traceHash);
  });

  it('under original, a server crash loses acknowledged increments (a safety violation)', async () => {
    const r = await selftest.run('1', { profile: 'original' });
    expect(r.status).toBe('safety');
    expect(r.endReason).toBe('violation');
    expect(r.violations[0].invariant).toMatch(/counter-never-goes-backwards|acknowledged-journal-lines-survive|journal-lines-intact/);
    expect(r.invariants.find((i) => i.name === 'workers-finish')?.result).toBe('skipped');
  });

  it('stepping a run one event at a time gives the same trace as running it', async () => {
    const whole = await selftest.run('3', { trace: { mode: 'full' } });
    const run = selftest.start('3');
    let steps = 0;
    while (!run.ended) if ((await run.step()).ran) steps++;
    const stepped = await run.finish();
    expect(stepped.traceHash).toBe(whole.traceHash);
    expect(steps).toBe(whole.steps);
  });

  it('a run cut short by the caller skips liveness instead of failing it', async () => {
    const r = await selftest.run('1', { maxSteps: 20 });
    expect(r.endReason).toBe('step-limit');
    expect(r.status).toBe('pass');
    expect(r.invariants.find((i) => i.name === 'workers-finish')?.result).toBe('skipped');
  });

  it('a replaced plan is used, recorded in the header, and applies step faults', async () => {
    const plan = { version: 1 as const, steps: [{ atStep: 5, op: 'crash' as const, node: 's1', restartAfterMs: 10 }], healAtMs: null };
    const r = await selftest.run('1', { plan, trace: { mode: 'full' } });
    expect(r.planHash).toBe(planHash(plan));
    expect(r.status).toBe('pass');
  });
});

describe('invariant framework', () => {
  type S = { n: number };
  const tooBig: Invariant<S> = { name: 'n-small', kind: 'safety', when: 'step', check: ({ state }) => (state.n > 3 ? { message: `n is ${state.n}`, evidence: state.n } : null) };
  const reached: Invariant<S> = { name: 'n-reaches-10', kind: 'liveness', when: 'end', check: ({ state }) => (state.n >= 10 ? null : { message: 'n stayed below 10' }) };
  const counting = (limit: number) =>
    defineScenario<S>({
      name: 'counting',
      description: 'counts',
      defaultSeed: '1',
      limits: { maxSteps: 1000, untilMs: 1000 },
      plan: () => ({ version: 1, steps: [] }),
      build: ({ sim }) => {
        const state = { n: 0 };
        sim.addNode('a', { program: async (ctx) => { while (state.n < limit) { await ctx.sleep(1); state.n++; } } });
        return { state, invariants: [tooBig, reached] };
      },
    });

  it('reports the first safety violation with its step and stops there', async () => {
    const r = await counting(10).run('1');
    expect(r.status).toBe('safety');
    expect(r.violations).toMatchObject([{ invariant: 'n-small', kind: 'safety', message: 'n is 4', evidence: 4 }]);
    expect(r.violations[0].step).toBe(r.steps);
  });

  it('reports a liveness violation when the run ends without progress', async () => {
    const r = await counting(2).run('1');
    expect(r.status).toBe('liveness');
    expect(r.endReason).toBe('quiescent');
    expect(r.violations.map((v) => v.invariant)).toEqual(['n-reaches-10']);
  });

  it('a process that throws is a safety violation by default', async () => {
    const s = defineScenario<S>({
      name: 'thrower',
      description: 'throws',
      defaultSeed: '1',
      limits: { maxSteps: 100, untilMs: 100 },
      plan: () => ({ version: 1, steps: [] }),
      build: ({ sim }) => {
        sim.addNode('a', { program: async () => { throw new Error('kaput'); } });
        return { state: { n: 0 }, invariants: [] };
      },
    });
    const r = await s.run('1');
    expect(r.violations).toMatchObject([{ invariant: 'processes-do-not-throw', node: 'a' }]);
  });
});

describe('regression (core/common/storeFiles, hardened appendLine)', () => {
  // Found by the property test over random plans: when the first append to a new JSONL file
  // got EIO on the directory fsync, later appends saw the file existed and skipped the directory
  // fsync, so the file's entry never became durable and a crash lost every acknowledged line.
  // Fixed by fsyncing the directory on every hardened append.
  const plan = {
    version: 1 as const,
    net: { lossRatio: [0, 1] as const, duplicateRatio: [0, 1] as const, requestTimeoutMs: 200 },
    disk: { tornWrites: false },
    steps: [
      { atMs: 0, op: 'disk' as const, node: 'w2', faults: { eioRatio: [1, 3] as const } },
      { atMs: 422, op: 'crash' as const, node: 'w2', restartAfterMs: 1 },
    ],
    healAtMs: 1500,
  };
  it('hardened journal keeps acknowledged lines after an EIO on the first directory fsync (seed 0)', async () => {
    const r = await selftest.run('0', { plan });
    expect(r.violations).toEqual([]);
  });
});

// The shared replay-pipeline world (scenarios/pipeline): options, alert ids, determinism, the
// store host's files as checkers see them, co-located stores, and both profiles on one seed.
import { describe, expect, it } from 'vitest';
import { EMPTY_PLAN } from '../../sim/index';
import { defineScenario, type Invariant } from '../../scenarios/registry';
import {
  alertIdOf,
  alertIdsIn,
  entryAt,
  pipelineFromBuild,
  pipelineInvariants,
  pipelineNodes,
  resolvePipelineOptions,
  type PipelineOptionsInput,
  type PipelineState,
  type PipelineWorld,
} from '../../scenarios/pipeline/index';

/** A pipeline scenario with a fixed (empty, healing) plan, exposing its world. */
function world(options: PipelineOptionsInput = {}, invariants: Invariant<PipelineState>[] = pipelineInvariants()) {
  let built: PipelineWorld | null = null;
  const scenario = defineScenario<PipelineState>({
    name: 'pipeline-test',
    description: 'test',
    defaultSeed: '1',
    limits: { maxSteps: 60_000, untilMs: 6000 },
    plan: () => ({ ...EMPTY_PLAN, healAtMs: 2600 }),
    build: (ctx) => {
      built = pipelineFromBuild(ctx, options);
      return { state: { pipeline: built }, invariants };
    },
  });
  return { scenario, world: () => built as unknown as PipelineWorld };
}

describe('pipeline options', () => {
  it('default topology is n1..n3 plus the storage node, every worker a target', () => {
    const o = resolvePipelineOptions();
    expect(pipelineNodes(o)).toEqual(['n1', 'n2', 'n3', 'storage']);
    expect(o.targets).toEqual(['n1', 'n2', 'n3']);
    expect(resolvePipelineOptions({ workers: ['a', 'b'] }).targets).toEqual(['a', 'b']);
  });

  it('rejects bad options with a RangeError naming the field', () => {
    expect(() => resolvePipelineOptions({ workers: [] })).toThrow(/pipeline\.workers/);
    expect(() => resolvePipelineOptions({ targets: ['zz'] })).toThrow(/pipeline\.targets names 'zz'/);
    expect(() => resolvePipelineOptions({ leaseTtlMs: 0 })).toThrow(/pipeline\.leaseTtlMs/);
    expect(() => resolvePipelineOptions({ sinkOutages: [{ fromMs: 10, untilMs: 5 }] })).toThrow(/pipeline\.sinkOutages\[0\]/);
    expect(() => resolvePipelineOptions({ workloadUntilMs: 99_999 })).toThrow(/pipeline\.workloadUntilMs/);
  });
});

describe('replay entry in force', () => {
  it('the priority phase switches to the P3.25 entry inside its window only', () => {
    const o = resolvePipelineOptions({ priorityPhase: { fromMs: 500, untilMs: 900 } });
    expect([entryAt(o, 499), entryAt(o, 500), entryAt(o, 899), entryAt(o, 900)]).toEqual(['fair', 'priority', 'priority', 'fair']);
  });
});

describe('alert ids', () => {
  it('the drained count and the code make the id, found anywhere inside store-call arguments', () => {
    const alert = { worldId: 'w1', nodeId: 'n1', detectedAtMs: 5, severity: 'warn', code: 'reconcile_diverged', message: 'm', drained: 7, diverged: 1, rejected: 0 };
    expect(alertIdOf(alert)).toBe('a7d');
    expect(alertIdOf({ ...alert, code: 'reconcile_rejected' })).toBe('a7r');
    expect(alertIdsIn([null, { fence: 1 }, { key: {}, pending: [{ alert }, { alert: { ...alert, drained: 9 } }] }])).toEqual(['a7d', 'a9d']);
  });
});

describe('pipeline world, seed 1, no faults', () => {
  it('hardened: every invariant holds, alerts are delivered and the trace hash repeats', async () => {
    const { scenario, world: w } = world();
    const a = await scenario.run('1', { trace: { mode: 'hash' } });
    expect(a.status).toBe('pass');
    expect(a.invariants.every((i) => i.result === 'held')).toBe(true);
    expect(w().ledger.delivered.size).toBeGreaterThan(20);
    expect(w().ledger.batches.length).toBeGreaterThan(0);
    expect((await scenario.run('1', { trace: { mode: 'hash' } })).traceHash).toBe(a.traceHash);
  });

  it('hardened: the view decodes every store file and agrees with the ledger', async () => {
    const { scenario, world: w } = world();
    await scenario.run('1', { trace: { mode: 'off' } });
    const view = w().view();
    expect(view.files.length).toBeGreaterThan(3);
    expect(view.files.every((f) => f.error === null)).toBe(true);
    for (const t of view.targets) expect(t.deadLetters).not.toBeNull();
    expect(w().ledger.grants.length).toBeGreaterThan(0);
  });

  it('original: concurrent workers break an invariant without any fault', async () => {
    const { scenario } = world();
    const r = await scenario.run('1', { profile: 'original', trace: { mode: 'off' } });
    expect(r.status).toBe('safety');
    expect(['conservation', 'lease-safety']).toContain(r.violations[0].invariant);
  });

  it('stores hosted on a worker: that worker calls them in-process and its writes are still recorded', async () => {
    const { scenario, world: w } = world({ storeHost: 'n1', sinkHost: 'n1' });
    const r = await scenario.run('2', { trace: { mode: 'off' } });
    expect(r.status).toBe('pass');
    expect(pipelineNodes(w().options)).toEqual(['n1', 'n2', 'n3']);
    expect(w().ledger.writes.some((x) => x.from === 'n1')).toBe(true);
    expect(w().ledger.deliveries.some((d) => d.from === 'n1')).toBe(true);
  });
});

describe('pipeline world, other entries (hardened, seed 3, no faults)', () => {
  it('the unguarded adaptive entry (P3.27) keeps every adopted policy within the bounds', async () => {
    const { scenario, world: w } = world({ replayEntry: 'adaptive' }, pipelineInvariants({ policy: true }));
    expect((await scenario.run('3', { trace: { mode: 'off' } })).status).toBe('pass');
    expect(w().ledger.policies.length).toBeGreaterThan(10);
    expect(w().ledger.batches.every((b) => b.entry === 'adaptive' && b.policy.maxReplayPerRun > 0)).toBe(true);
  });

  it('a priority phase runs P3.25 replays inside the window and fair ones outside it', async () => {
    const { scenario, world: w } = world({ priorityPhase: { fromMs: 0, untilMs: 1500 } }, []);
    await scenario.run('3', { trace: { mode: 'off' } });
    const entries = new Set(w().ledger.batches.map((b) => `${b.entry}:${b.timeMs < 1500}`));
    expect([...entries].every((e) => e === 'priority:true' || e === 'fair:false' || e === 'priority:false')).toBe(true);
    expect(w().ledger.batches.some((b) => b.entry === 'priority')).toBe(true);
  });
});

// full-stack end to end: every world is active in one run (pipeline reconcile and guarded replay,
// governed runs with archive, archive retention and offload, drills and consumers), every world's
// invariants are checked, the default seed holds them all in hardened, and the run is sparse
// enough to simulate far faster than real time (a deterministic proxy for the bench target:
// under 10 steps per simulated second, about 1000x real time at 10k steps per wall second).
import { describe, expect, it } from 'vitest';
import { defineScenario } from '../../scenarios/registry';
import { buildFullStack, fullStack, type FullStackState } from '../../scenarios/full-stack/index';
import { fullStackPlan } from '../../scenarios/full-stack/plan';
import { findScenario } from '../../scenarios/index';

async function runKeepingState(seed: string) {
  let state: FullStackState | null = null;
  const scenario = defineScenario<FullStackState>({
    name: 'full-stack-inspected',
    description: 'full-stack with its state kept for inspection',
    defaultSeed: '1',
    limits: fullStack.limits,
    plan: (_s, rng) => fullStackPlan(rng),
    build: (ctx) => {
      const built = buildFullStack(ctx);
      state = built.state;
      return built;
    },
  });
  const report = await scenario.run(seed, { trace: { mode: 'off' } });
  return { report, state: state as unknown as FullStackState };
}

describe('full-stack (default seed 1)', () => {
  it('is registered, and checks the invariants of every world', () => {
    expect(findScenario('full-stack')).toBe(fullStack);
  });

  it('holds every invariant in hardened, over about an hour of virtual time, sparsely', async () => {
    const { report, state } = await runKeepingState('1');
    expect(report.status).toBe('pass');
    const names = report.invariants.map((i) => i.name);
    for (const n of ['conservation', 'lease-safety', 'priority-order', 'fairness', 'policy-bounds', 'store-integrity', 'rollback-guard', 'governance-transitions', 'decision-audit', 'alert-dedup', 'archive-tiers', 'archive-no-loss', 'retention', 'retention-floor', 'watermark-monotonic', 'cursor-no-duplicate', 'cursor-no-skip']) {
      expect(names).toContain(n);
    }
    expect(report.invariants.every((i) => i.result === 'held')).toBe(true);
    expect(report.timeMs).toBeGreaterThan(55 * 60_000);
    expect(report.steps / (report.timeMs / 1000)).toBeLessThan(10);
    expect(state.pipeline.ledger.runs.filter((r) => r.kind === 'reconcile' && r.ok).length).toBeGreaterThan(20);
    expect(state.pipeline.ledger.runs.filter((r) => r.kind === 'replay' && r.ok).length).toBeGreaterThan(20);
    expect(state.governance.ledger.runs.filter((r) => r.outcome === 'ok').length).toBeGreaterThan(20);
    expect(state.archive.counts.append.ok + state.archive.counts.prune.ok + state.archive.counts.offload.ok).toBeGreaterThan(20);
    expect(state.events.ledger.publishes.length).toBeGreaterThan(10);
    expect(state.events.ledger.processed.length).toBeGreaterThan(10);
  });

  it('a run is a pure function of its seed', async () => {
    const a = await fullStack.run('3');
    const b = await fullStack.run('3');
    expect(b.traceHash).toBe(a.traceHash);
  });
});

// The property claims every scenario with a drawn fault plan and a drawn workload makes, written
// once: the run's scenario is built from the workload as a repro file builds it, so a failure's
// repro (written by `env.expectHolds`) replays with the same workload.
//   const p = { env, scenario: 'fair-replay', seedArb, planArb, workloadArb };
//   itHardenedHolds(p, 'hardened holds every invariant for any seed, plan and workload');
//   itOriginalFailsOnly(p, 'original fails only pipeline invariants, never the harness', allowed, 4);
//   itPureFunction(p, 10);
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { scenarioWithOptions, type ScenarioOptions } from '../../cli/reproScenario';
import type { FaultPlan } from '../../sim/plan';
import type { PropertyEnv } from './propertyEnv';

export interface DrawnRuns {
  readonly env: PropertyEnv;
  /** Registered scenario name; the workload becomes its `scenarioOptions`. */
  readonly scenario: string;
  readonly seedArb: fc.Arbitrary<number>;
  readonly planArb: fc.Arbitrary<FaultPlan>;
  readonly workloadArb: fc.Arbitrary<ScenarioOptions>;
  /** Per-test timeout (ms), for the slow scenarios. */
  readonly timeoutMs?: number;
}

const runsOver = (p: DrawnRuns, divisor: number): number => Math.max(1, Math.ceil(p.env.runs / divisor));

export function itHardenedHolds(p: DrawnRuns, name: string): void {
  it(name, async () => {
    await fc.assert(
      fc.asyncProperty(p.seedArb, p.planArb, p.workloadArb, async (seed, plan, workload) => {
        p.env.expectHolds(await scenarioWithOptions(p.scenario, workload).run(String(seed), { plan, trace: { mode: 'off' } }), workload);
      }),
      p.env.params(),
    );
  }, p.timeoutMs);
}

/** Original runs never make a process throw; with `allowed`, every violation is one of those invariants. */
export function itOriginalFailsOnly(p: DrawnRuns, name: string, allowed: readonly string[] | null, divisor: number): void {
  it(name, async () => {
    await fc.assert(
      fc.asyncProperty(p.seedArb, p.planArb, p.workloadArb, async (seed, plan, workload) => {
        const r = await scenarioWithOptions(p.scenario, workload).run(String(seed), { profile: 'original', plan, trace: { mode: 'off' }, stopOnViolation: false });
        expect(r.errors).toEqual([]);
        if (allowed !== null) for (const v of r.violations) expect(allowed).toContain(v.invariant);
      }),
      p.env.params({ numRuns: runsOver(p, divisor) }),
    );
  }, p.timeoutMs);
}

export function itPureFunction(p: DrawnRuns, divisor: number): void {
  it('a run is a pure function of seed, plan and workload: two runs, one trace hash', async () => {
    await fc.assert(
      fc.asyncProperty(p.seedArb, p.planArb, p.workloadArb, fc.constantFrom('original' as const, 'hardened' as const), async (seed, plan, workload, profile) => {
        const scenario = scenarioWithOptions(p.scenario, workload);
        const a = await scenario.run(String(seed), { plan, profile });
        const b = await scenario.run(String(seed), { plan, profile });
        expect(b.traceHash).toBe(a.traceHash);
      }),
      p.env.params({ numRuns: runsOver(p, divisor) }),
    );
  }, p.timeoutMs);
}

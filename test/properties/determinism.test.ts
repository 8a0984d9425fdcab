// Determinism is the product: for every registered scenario, a sample of seeds (from AWSIM_SEED,
// AWSIM_RUNS seeds per scenario, plus its default seed) runs twice in each profile and must give
// byte-identical traces. On a mismatch the failure shows the first divergent step of both traces.
import { describe, expect, it } from 'vitest';
import type { Profile } from '../../core/ports';
import { defineScenario, SCENARIOS, type Scenario } from '../../scenarios/index';
import { EMPTY_PLAN } from '../../sim/plan';
import { createRng } from '../../sim/rng';
import { parseTraceLine } from '../../sim/trace';
import { propertyEnv } from '../support/propertyEnv';

const FILE = 'test/properties/determinism.test.ts';
const env = propertyEnv({ file: FILE, defaultRuns: 2 });
const PROFILES: readonly Profile[] = ['hardened', 'original'];

interface Divergence {
  readonly line: number;
  readonly a: string;
  readonly b: string;
  /** A few lines before, shared by both traces. */
  readonly context: readonly string[];
}

/** The first line where two traces differ, or null if they are equal. */
function firstDivergence(a: readonly string[], b: readonly string[]): Divergence | null {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (a[i] !== b[i]) return { line: i, a: a[i] ?? '(trace ended)', b: b[i] ?? '(trace ended)', context: a.slice(Math.max(0, i - 3), i) };
  }
  return null;
}

function stepOf(line: string): string {
  try {
    const l = parseTraceLine(line);
    return `step ${l.step} (t=${l.t} ms, ${l.node ?? 'global'} ${l.kind})`;
  } catch {
    return 'an unparsable line';
  }
}

function describeDivergence(d: Divergence, what: string): string {
  return [
    `${what}: traces diverge at line ${d.line}, first run at ${stepOf(d.a)}, second run at ${stepOf(d.b)}`,
    ...d.context.map((c) => `  same:   ${c}`),
    `  run 1:  ${d.a}`,
    `  run 2:  ${d.b}`,
  ].join('\n');
}

async function traceOf(s: Scenario, seed: string, profile: Profile): Promise<{ lines: string[]; hash: string }> {
  const lines: string[] = [];
  const r = await s.run(seed, { profile, trace: { mode: 'hash', onLine: (l) => lines.push(l) } });
  return { lines, hash: r.traceHash };
}

/** Runs a seed twice; null if the traces are equal, else where they diverge. */
async function twiceDiffers(scenario: Scenario, seed: string, profile: Profile): Promise<string | null> {
  const first = await traceOf(scenario, seed, profile);
  const second = await traceOf(scenario, seed, profile);
  if (first.hash === second.hash) return null;
  const d = firstDivergence(first.lines, second.lines);
  const what = `${scenario.name} seed ${seed} (${profile}); re-run: ${env.command}; one run: npm run sim -- run --scenario ${scenario.name} --seed ${seed} --profile ${profile}`;
  return d === null ? `${what}: equal lines but different hashes ${first.hash} / ${second.hash}` : describeDivergence(d, what);
}

/** The scenario's default seed and `runs` seeds drawn from AWSIM_SEED, per scenario. */
function sampleSeeds(s: Scenario): string[] {
  const rng = createRng(env.seedText).fork(`determinism/${s.name}`);
  const drawn = Array.from({ length: env.runs }, () => String(rng.uint32()));
  return [...new Set([s.defaultSeed, ...drawn])];
}

describe(`determinism: a seed run twice gives the same trace (${env.tag})`, () => {
  it('names the first divergent step of two traces', () => {
    const a = ['{"i":0,"step":0,"t":0,"node":null,"kind":"header"}', '{"i":1,"step":3,"t":7,"node":"n1","kind":"timer"}'];
    const b = [a[0], '{"i":1,"step":3,"t":9,"node":"n1","kind":"timer"}'];
    const d = firstDivergence(a, b);
    expect(d?.line).toBe(1);
    expect(describeDivergence(d!, 'x')).toMatch(/diverge at line 1, first run at step 3 \(t=7 ms, n1 timer\), second run at step 3 \(t=9 ms/);
    expect(firstDivergence(a, a)).toBeNull();
    expect(firstDivergence(a, a.slice(0, 1))?.b).toBe('(trace ended)');
  });

  it('catches a scenario that is not deterministic and shows where', async () => {
    let calls = 0;
    const flaky = defineScenario({
      name: 'flaky',
      description: 'depends on state outside the seed',
      defaultSeed: '1',
      limits: { maxSteps: 100, untilMs: 1000 },
      plan: () => EMPTY_PLAN,
      build: ({ sim }) => {
        const delay = 5 + (calls++ % 2);
        sim.addNode('n1', { program: async (ctx) => void (await ctx.sleep(delay)) });
        return { state: null, invariants: [] };
      },
    });
    const message = await twiceDiffers(flaky, '1', 'hardened');
    expect(message).toMatch(/flaky seed 1 \(hardened\).*traces diverge at line \d+, first run at step \d+ \(t=5 ms, n1 timer\), second run at step \d+ \(t=6 ms, n1 timer\)/s);
  });

  for (const scenario of SCENARIOS) {
    it(`${scenario.name}: sampled seeds hash equal in both profiles`, async () => {
      for (const seed of sampleSeeds(scenario)) {
        for (const profile of PROFILES) {
          const message = await twiceDiffers(scenario, seed, profile);
          if (message !== null) throw new Error(message);
        }
      }
    });
  }
});

// full-stack properties over fast-check-drawn fault plans (scenarios/full-stack/planArbitrary.ts:
// loss, duplication, latency spikes, partitions, one-way cuts, isolation, crashes of any node, crash at any
// write of any node, torn writes, EIO and ENOSPC windows, disk latency, skew and clock jumps up to
// 2 s, over 45 minutes of chaos, then heal): hardened holds every invariant of every world for any
// seed and plan. Each run simulates an hour; the whole file stays within about a minute.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fullStack } from '../../scenarios/full-stack/index';
import { fullStackPlanArb } from '../../scenarios/full-stack/planArbitrary';
import { propertyEnv } from '../support/propertyEnv';

const FILE = 'test/properties/full-stack.test.ts';
const env = propertyEnv({ file: FILE, defaultRuns: 12 });
const planArb = fullStackPlanArb();
const seedArb = fc.integer({ min: 0, max: 1_000_000 });

describe(`full-stack properties (${env.tag})`, () => {
  it('hardened holds every invariant of every world for any seed and plan', async () => {
    await fc.assert(
      fc.asyncProperty(seedArb, planArb, async (seed, plan) => {
        env.expectHolds(await fullStack.run(String(seed), { plan, trace: { mode: 'off' } }));
      }),
      env.params(),
    );
  }, 300_000);

  it('hardened holds on the seed-drawn plans of the scenario itself', async () => {
    await fc.assert(
      fc.asyncProperty(seedArb, async (seed) => {
        env.expectHolds(await fullStack.run(String(seed), { trace: { mode: 'off' } }));
      }),
      env.params({ numRuns: Math.max(1, Math.ceil(env.runs / 3)) }),
    );
  }, 300_000);

  it('original never breaks the harness (no process throws)', async () => {
    await fc.assert(
      fc.asyncProperty(seedArb, planArb, async (seed, plan) => {
        const r = await fullStack.run(String(seed), { profile: 'original', plan, trace: { mode: 'off' }, stopOnViolation: false });
        expect(r.errors).toEqual([]);
      }),
      env.params({ numRuns: Math.max(1, Math.ceil(env.runs / 6)) }),
    );
  }, 300_000);
});

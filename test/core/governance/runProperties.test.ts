// Property tests of the governed runs over random workloads (bounded): bounds, rollback target,
// rollback cooldown, level transitions, one audit record per decision; and in fault-free
// single-writer runs the hardened shell decides exactly as the original.
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import {
  governanceLevelFor,
  runReplayWithGovernanceArchive,
  withVirginFallback,
  type GovernanceRunResult,
} from '../../../core/exports-governance';
import type { Profile } from '../../../core/ports';
import { metrics, policy } from './support/fixtures';
import { TARGET, W, makeWorld, type World } from './support/harness';

const BOUNDS = { minReplayPerRun: 2, maxReplayPerRun: 16, maxRetryLimitExceededStreak: 4 };
const COOLDOWN = 150;
const GOV = { levelOneRollbackStreak: 1, levelTwoRollbackStreak: 2, levelTwoEmergencyPolicy: policy(2, 1) };

const arbStep = fc.record({
  gapMs: fc.integer({ min: 1, max: 300 }),
  deadLetters: fc.integer({ min: 0, max: 3 }),
  attempted: fc.integer({ min: 0, max: 12 }),
  failed: fc.integer({ min: 0, max: 12 }),
  deadLettered: fc.integer({ min: 0, max: 6 }),
  drift: fc.option(fc.record({ maxReplayPerRun: fc.integer({ min: 2, max: 16 }), maxRetryLimitExceededStreak: fc.integer({ min: 1, max: 4 }) }), { nil: null }),
});
type Step = typeof arbStep extends fc.Arbitrary<infer T> ? T : never;

interface Trace {
  readonly results: GovernanceRunResult[];
  readonly violations: string[];
  readonly world: World;
}

const inBounds = (p: { maxReplayPerRun: number; maxRetryLimitExceededStreak: number }): boolean =>
  p.maxReplayPerRun >= BOUNDS.minReplayPerRun && p.maxReplayPerRun <= BOUNDS.maxReplayPerRun &&
  p.maxRetryLimitExceededStreak >= 1 && p.maxRetryLimitExceededStreak <= BOUNDS.maxRetryLimitExceededStreak;

async function play(profile: Profile, steps: readonly Step[]): Promise<Trace> {
  const world = await makeWorld(profile);
  const results: GovernanceRunResult[] = [];
  const violations: string[] = [];
  let now = 1000;
  let lastRollback: number | null = null;
  let streak = 0;
  for (const s of steps) {
    now += s.gapMs;
    for (let i = 0; i < s.deadLetters; i += 1) await world.addDeadLetter(now, 4);
    await world.addMetrics(now, metrics({ attempted: s.attempted, failed: Math.min(s.failed, s.attempted), deadLettered: s.deadLettered }));
    if (s.drift) {
      // An operator (or spec B's tests) moving the active policy; the rollback target stays.
      const cur = withVirginFallback(await world.gov.raw.replayPolicyStore.loadPolicyState(W, TARGET), policy(4, 2));
      await world.seedPolicy({ ...cur, activePolicy: s.drift, lastPolicyUpdateAtMs: cur.lastPolicyUpdateAtMs ?? now });
    }
    const before = withVirginFallback(await world.gov.raw.replayPolicyStore.loadPolicyState(W, TARGET), policy(4, 2));
    const r = await runReplayWithGovernanceArchive(
      world.options({ nowMs: now, ...BOUNDS, governancePolicy: GOV, rollbackGuard: { minAttempted: 4, failureRatioPerMille: 500, deadLetterRatioPerMille: 350, rollbackCooldownMs: COOLDOWN } }),
    );
    results.push(r);
    const audits = await world.gov.raw.policyAuditStore.list(W, TARGET);
    const applied = audits[audits.length - 1].appliedPolicy;
    if (!r.rolledBack && !inBounds(applied)) violations.push(`adopted ${JSON.stringify(applied)} out of bounds at ${now}`);
    if (r.rolledBack && JSON.stringify(applied) !== JSON.stringify(before.lastStablePolicy)) violations.push(`rollback at ${now} did not restore the last stable policy`);
    if (r.rolledBack && lastRollback !== null && now - lastRollback < COOLDOWN) violations.push(`rollback at ${now} inside the cooldown of ${lastRollback}`);
    if (r.rolledBack) lastRollback = now;
    streak = r.rolledBack ? streak + 1 : 0;
    if (r.level !== governanceLevelFor(streak, GOV)) violations.push(`level ${r.level} at streak ${streak}`);
    const archive = await world.gov.raw.governanceAuditStore.list(W, TARGET);
    if (audits.length !== results.length || archive.length !== results.length) violations.push(`${results.length} runs but ${audits.length}/${archive.length} audit records`);
  }
  return { results, violations, world };
}

let rollbacksSeen = 0;
let emergenciesSeen = 0;

describe('governed-run properties', () => {
  test.prop([fc.array(arbStep, { minLength: 1, maxLength: 8 }), fc.constantFrom<Profile>('original', 'hardened')], { numRuns: 60 })(
    'adoptions stay in bounds, rollbacks restore the last stable policy outside their cooldown, levels follow the streak, one audit record of each kind per run',
    async (steps, profile) => {
      const trace = await play(profile, steps);
      expect(trace.violations).toEqual([]);
      rollbacksSeen += trace.results.filter((r) => r.rolledBack).length;
      emergenciesSeen += trace.results.filter((r) => r.level === 'emergency').length;
    },
  );

  // Runs after the property above (tests of a file run in order): it must not be vacuous.
  test('the random workloads above reached rollbacks and the emergency level', () => {
    expect(rollbacksSeen).toBeGreaterThan(10);
    expect(emergenciesSeen).toBeGreaterThan(0);
  });

  test.prop([fc.array(arbStep, { minLength: 1, maxLength: 8 })], { numRuns: 40 })(
    'without faults, hardened decides and records exactly what original does',
    async (steps) => {
      const a = await play('original', steps);
      const b = await play('hardened', steps);
      expect(b.results).toEqual(a.results);
      for (const store of ['replayPolicyStore', 'governanceStateStore', 'alertStateStore'] as const) {
        const load = (w: World) => {
          const s = w.gov.raw[store];
          return 'loadPolicyState' in s ? s.loadPolicyState(W, TARGET) : 'loadGovernanceState' in s ? s.loadGovernanceState(W, TARGET) : s.loadAlertState(W, TARGET);
        };
        expect(await load(b.world)).toEqual(await load(a.world));
      }
      expect(await b.world.gov.raw.policyAuditStore.list(W, TARGET)).toEqual(await a.world.gov.raw.policyAuditStore.list(W, TARGET));
      expect(await b.world.gov.raw.governanceAuditStore.list(W, TARGET)).toEqual(await a.world.gov.raw.governanceAuditStore.list(W, TARGET));
      expect(b.world.sink.list()).toEqual(a.world.sink.list());
    },
  );
});

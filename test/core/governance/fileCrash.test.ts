// Crashes inside the file system (spec B §8.1.1-§8.1.3): a crash at any write of a governed run,
// optionally tearing that write. Hardened files never become unreadable and every invariant holds
// after recovery; original files can become unreadable for good.
import { describe, expect, it } from 'vitest';
import { createGovernanceStores, runReplayWithGovernanceArchive, type GovernanceStores } from '../../../core/exports-governance';
import type { Profile } from '../../../core/ports';
import { InMemoryAlertSink } from '../../../core/replay/alerts/sinks';
import { UNHEALTHY, policy, unstable } from './support/fixtures';
import { checkInvariants } from './support/crashWorld';
import { TARGET, W, makeWorld } from './support/harness';
import { CrashError, createMemoryFs, type MemoryFs } from './support/memoryFs';

interface FileRun {
  readonly violations: string[];
  readonly errors: string[];
  readonly fsMutations: number;
}

async function fileScenario(profile: Profile, crashAt: number | null, torn: boolean, runs = 5): Promise<FileRun> {
  let fs: MemoryFs = createMemoryFs();
  let gov: GovernanceStores = await createGovernanceStores({ profile, fs, root: '/gov' });
  const world = await makeWorld(profile);
  const sink = new InMemoryAlertSink();
  await gov.raw.replayPolicyStore.savePolicyState(W, TARGET, unstable(null));
  const start = fs.mutations();
  if (crashAt !== null) fs.crashAfter(crashAt, torn);
  const violations: string[] = [];
  const errors: string[] = [];
  for (let i = 0; i < runs; i += 1) {
    const now = 1000 + 300 * i;
    await world.addDeadLetter(now);
    await world.addMetrics(now, UNHEALTHY);
    const worker = gov.forWorker();
    const opts = {
      ...world.options({ nowMs: now, alertSink: sink }),
      ...worker,
      commitPort: worker.commitPort ?? undefined,
      rollbackAlertPolicy: { rollbackWindowMs: 5000, maxRollbacksPerWindow: 2, minAttempted: 4, alertCooldownMs: 300 },
      governancePolicy: { levelOneRollbackStreak: 1, levelTwoRollbackStreak: 2, levelTwoEmergencyPolicy: policy(1, 1) },
    };
    try {
      if (i % 2 === 1) {
        const s = await gov.raw.replayPolicyStore.loadPolicyState(W, TARGET);
        await gov.raw.replayPolicyStore.savePolicyState(W, TARGET, { ...s, activePolicy: policy(8, 1) });
      }
      await runReplayWithGovernanceArchive(opts);
    } catch (e) {
      if (e instanceof CrashError || fs.crashed()) {
        fs = fs.restart();
        gov = await createGovernanceStores({ profile, fs, root: '/gov' });
        continue;
      }
      errors.push(`run at ${now}: ${(e as Error).name}: ${(e as Error).message}`);
      continue;
    }
    if (fs.crashed()) {
      fs = fs.restart();
      gov = await createGovernanceStores({ profile, fs, root: '/gov' });
      continue;
    }
    try {
      violations.push(...(await checkInvariants(gov.raw, sink.list())).map((v) => `after run at ${now}: ${v}`));
    } catch (e) {
      errors.push(`reading the stores after the run at ${now}: ${(e as Error).name}: ${(e as Error).message}`);
    }
  }
  return { violations, errors, fsMutations: fs.mutations() - start };
}

describe('crash inside the file system at every write of 5 governed runs', () => {
  it('hardened: files stay readable and every invariant holds, with clean or torn crashes', async () => {
    const total = (await fileScenario('hardened', null, false)).fsMutations;
    expect(total).toBeGreaterThan(40);
    for (const torn of [false, true]) {
      for (let k = 1; k <= total; k += 1) {
        const r = await fileScenario('hardened', k, torn);
        expect(r.errors, `crash at write ${k}, torn ${torn}`).toEqual([]);
        expect(r.violations, `crash at write ${k}, torn ${torn}`).toEqual([]);
      }
    }
  });

  it('original: a torn write leaves a state or log that fails every later run (spec B §8.1.1, §8.1.2)', async () => {
    const total = (await fileScenario('original', null, false)).fsMutations;
    let stuck = 0;
    for (let k = 1; k <= total; k += 1) {
      const r = await fileScenario('original', k, true);
      if (r.errors.some((e) => e.includes('SerdeError'))) stuck += 1;
    }
    expect(stuck).toBeGreaterThan(0);
  });
});

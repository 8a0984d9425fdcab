// Governed runs on the simulator's fake disk (sim/fs): writes are volatile until fsync, a crash
// keeps only what was durable, and with torn writes an unsynced file keeps a random prefix. A crash
// before each write of a sequence of governed runs: hardened keeps every file readable and every
// invariant after recovery; original ends in an unreadable file or a broken invariant somewhere.
import { describe, expect, it } from 'vitest';
import { createGovernanceStores, runReplayWithGovernanceArchive, type GovernanceStores } from '../../../core/exports-governance';
import type { FileSystem, Profile } from '../../../core/ports';
import { InMemoryAlertSink } from '../../../core/replay/alerts/sinks';
import { SimFs, type FsHost } from '../../../sim/fs/simFs';
import { createRng } from '../../../sim/rng';
import { UNHEALTHY, policy, unstable } from './support/fixtures';
import { checkInvariants } from './support/crashWorld';
import { TARGET, W, makeWorld } from './support/harness';

const ROOT = '/gov';

function storageDisk(tornWrites: boolean, seed: string) {
  let incarnation = { id: 'inc-0', alive: true };
  let crashAt = Number.POSITIVE_INFINITY;
  const host: FsHost = {
    record: () => undefined,
    later: (_delay, _owner, fn) => fn(),
    beforeWrite: (_node, n) => {
      if (n >= crashAt) incarnation.alive = false;
    },
    afterWrite: () => undefined,
  };
  const disk = new SimFs('storage', host, createRng(seed), { tornWrites });
  return {
    disk,
    alive: () => incarnation.alive,
    port: (): FileSystem => disk.port(incarnation),
    crashBeforeWrite: (n: number) => (crashAt = n),
    restart: () => {
      disk.crash();
      crashAt = Number.POSITIVE_INFINITY;
      incarnation = { id: `inc-${Number(incarnation.id.slice(4)) + 1}`, alive: true };
    },
  };
}

// A run whose incarnation died never settles; let everything that can settle do so.
const settle = async () => {
  for (let i = 0; i < 50; i += 1) await new Promise<void>((r) => setImmediate(r));
};

async function scenario(profile: Profile, tornWrites: boolean, crashAt: number | null, runs = 4) {
  const d = storageDisk(tornWrites, `gov-crash-${crashAt}`);
  let gov: GovernanceStores = await createGovernanceStores({ profile, fs: d.port(), root: ROOT });
  await createGovernanceStores({ profile: 'hardened', fs: d.port(), root: ROOT }).then((g) => g.raw.replayPolicyStore.savePolicyState(W, TARGET, unstable(null)));
  const world = await makeWorld(profile);
  const sink = new InMemoryAlertSink();
  const start = d.disk.writeOps;
  if (crashAt !== null) d.crashBeforeWrite(start + crashAt);
  const problems: string[] = [];
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
    let outcome = 'pending' as 'pending' | 'ok' | Error;
    void runReplayWithGovernanceArchive(opts).then(
      () => (outcome = 'ok'),
      (e: Error) => (outcome = e),
    );
    await settle();
    if (!d.alive()) {
      d.restart();
      gov = await createGovernanceStores({ profile, fs: d.port(), root: ROOT });
      continue;
    }
    if (outcome instanceof Error) {
      problems.push(`run at ${now}: ${outcome.name}: ${outcome.message}`);
      continue;
    }
    try {
      problems.push(...(await checkInvariants(gov.raw, sink.list())).map((v) => `after run at ${now}: ${v}`));
    } catch (e) {
      problems.push(`reading after run at ${now}: ${(e as Error).name}`);
    }
  }
  return { problems, writes: d.disk.writeOps - start };
}

describe('crash before every write of 4 governed runs on the simulator disk (page cache lost)', () => {
  it('hardened: every file stays readable and every invariant holds, clean or torn', async () => {
    const total = (await scenario('hardened', false, null)).writes;
    expect(total).toBeGreaterThan(30);
    for (const torn of [false, true]) {
      for (let k = 1; k <= total; k += 1) {
        expect((await scenario('hardened', torn, k)).problems, `crash before write ${k}, torn ${torn}`).toEqual([]);
      }
    }
  });

  it('original: some crash point leaves an unreadable file or a broken invariant', async () => {
    const total = (await scenario('original', true, null)).writes;
    let broken = 0;
    for (let k = 1; k <= total; k += 1) if ((await scenario('original', true, k)).problems.length > 0) broken += 1;
    expect(broken).toBeGreaterThan(0);
  });
});

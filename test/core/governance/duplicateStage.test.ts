// Regression (found by the rollback-governance scenario, seed 9 of its hardened sweep): the
// transport delivered a worker's `stageIntent` twice, and the copy reached the storage after the
// intent had been applied, still under the same lease. The copy staged the intent again with fresh
// append bases, and the next access rolled it forward a second time: two adoption audit records
// and two governance audit records for one decision. A stage whose intent is already applied is
// now a no-op.
import { describe, expect, it } from 'vitest';
import { runReplayWithGovernanceArchive, type GovernanceCommitIntent, type GovernanceCommitPort } from '../../../core/exports-governance';
import { UNHEALTHY, unstable } from './support/fixtures';
import { TARGET, W, makeWorld } from './support/harness';

/** A commit port that, after each apply, delivers the run's stages once more (late duplicates). */
function duplicatingPort(inner: GovernanceCommitPort): GovernanceCommitPort {
  let staged: GovernanceCommitIntent[] = [];
  return {
    pending: (w, n) => inner.pending(w, n),
    stage: async (w, n, intent) => {
      staged.push(intent);
      await inner.stage(w, n, intent);
    },
    apply: async (w, n) => {
      await inner.apply(w, n);
      for (const copy of staged) await inner.stage(w, n, copy);
      staged = [];
      await inner.apply(w, n);
    },
  };
}

describe('hardened governance storage under duplicated stage requests', () => {
  it('a late copy of an applied stage appends no second audit record', async () => {
    const world = await makeWorld('hardened');
    await world.seedPolicy(unstable(null));
    const port = duplicatingPort(world.worker.commitPort as GovernanceCommitPort);
    for (const now of [1200, 1400, 1600]) {
      await world.addDeadLetter(now);
      await world.addMetrics(now, UNHEALTHY);
      await runReplayWithGovernanceArchive(world.options({ nowMs: now, commitPort: port }));
    }
    const adoption = await world.gov.raw.policyAuditStore.list(W, TARGET);
    const archive = await world.gov.raw.governanceAuditStore.list(W, TARGET);
    expect(adoption.map((r) => r.auditedAtMs)).toEqual([1200, 1400, 1600]);
    expect(archive.map((r) => r.auditedAtMs)).toEqual([1200, 1400, 1600]);
    expect(await world.gov.raw.intents?.load(W, TARGET)).toBeNull();
  });

  it('a copy of the stage that awaited an alert, arriving after the commit, changes nothing', async () => {
    const world = await makeWorld('hardened');
    await world.seedPolicy(unstable(null));
    await world.addDeadLetter(1200);
    await world.addMetrics(1200, UNHEALTHY);
    const port = duplicatingPort(world.worker.commitPort as GovernanceCommitPort);
    const alertPolicy = { rollbackWindowMs: 5000, maxRollbacksPerWindow: 1, minAttempted: 4, alertCooldownMs: 500 };
    const r = await runReplayWithGovernanceArchive(world.options({ nowMs: 1200, commitPort: port, rollbackAlertPolicy: alertPolicy }));
    expect(r.alertEmitted).toBe(true);
    expect(world.sink.list()).toHaveLength(1);
    expect((await world.gov.raw.policyAuditStore.list(W, TARGET)).length).toBe(1);
    expect((await world.gov.raw.governanceAuditStore.list(W, TARGET)).map((x) => x.alertEmitted)).toEqual([true]);
  });
});

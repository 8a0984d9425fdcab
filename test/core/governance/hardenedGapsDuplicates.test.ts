// Regression (same root cause as fair-replay's `duplicated-commit-emit-appends-twice`): part B's
// fenced storage ran every delivered copy of a request. A copy of a governed run's first stage
// (phase await_alert) arriving after the run confirmed its alert put the intent back to
// await_alert, so the commit was not applied and the next run emitted the alert again; a copy of a
// stage without an adoption audit, arriving after the apply, staged the run again. Fenced writes
// now carry their number under the grant and each is admitted once, in order.
import { describe, expect, it } from 'vitest';
import { createGovernanceStores, fenceSourceOf, type GovernanceCommitIntent } from '../../../core/exports-governance';
import { createReplayStores } from '../../../core/replay/factory';
import { DuplicateRequestError } from '../../../core/replay/hardened/errors';
import { MemoryFs } from '../replay/support/memoryFs';
import { alertAt, ManualClock } from '../replay/support/fixtures';
import { policy, policyState } from './support/fixtures';

const W = 'w1';
const N = 'node-a';

async function world() {
  const fs = new MemoryFs();
  const replay = await createReplayStores({ profile: 'hardened', fs, root: '/shared', clock: new ManualClock(1000) });
  const lease = { service: replay.hardened!.leases, mutex: replay.hardened!.mutex };
  const gov = await createGovernanceStores({ profile: 'hardened', fs, root: '/shared', lease });
  const worker = replay.forWorker();
  const stores = gov.forWorker(fenceSourceOf(worker.coordinator));
  return { gov, worker, storage: gov.hardened!.storage, stores };
}

const intent = (phase: GovernanceCommitIntent['phase'], withAlert: boolean): GovernanceCommitIntent => ({
  phase,
  plannedAtMs: 1000,
  policyState: policyState({ activePolicy: policy(4, 2), lastPolicyUpdateAtMs: 1000 }),
  adoptionAudit: null,
  alert: withAlert ? alertAt(1000) : null,
  alertState: withAlert ? { lastAlertAtMs: 1000 } : null,
  alertStateWithoutAlert: null,
  governanceState: null,
  governanceAudit: null,
});

describe('hardened governance storage: a delivered copy of a request is performed at most once', () => {
  it('a copy of the await_alert stage arriving after the confirm cannot undo it', async () => {
    const { gov, worker, storage, stores } = await world();
    expect(await worker.coordinator.acquire(W, 'n1', 1000, 500)).toBe(true);
    const port = stores.commitPort!;
    const first = intent('await_alert', true);
    await port.stage(W, N, first);
    const firstFence = { scope: W, token: 1, seq: 1 };
    await port.stage(W, N, { ...first, phase: 'apply' });
    await expect(storage.stageIntent(firstFence, W, N, first)).rejects.toThrow(DuplicateRequestError);
    await port.apply(W, N);
    expect(await gov.raw.intents?.load(W, N)).toBeNull();
    expect(await gov.raw.alertStateStore.loadAlertState(W, N)).toEqual({ lastAlertAtMs: 1000 });
  });

  it('a copy of an applied stage without an adoption audit does not stage the run again', async () => {
    const { gov, worker, storage, stores } = await world();
    await worker.coordinator.acquire(W, 'n1', 1000, 500);
    const port = stores.commitPort!;
    await port.stage(W, N, intent('apply', false));
    await port.apply(W, N);
    await expect(storage.stageIntent({ scope: W, token: 1, seq: 1 }, W, N, intent('apply', false))).rejects.toThrow(DuplicateRequestError);
    expect(await gov.raw.intents?.load(W, N)).toBeNull();
  });
});

// The hardened shell of the governed runs (README "Profiles"): each entry point requires exactly
// the stores and policies its stage uses, a node without the lease reports the stored policy and
// level having read only what its stage reads, the lease is released after the run, a failing alert
// sink is reported after the commit (the audit then says "no alert"), and the commit protocol
// stages, resolves the alert, then applies.
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../core/common/errors';
import { replayLeaseKey } from '../../../core/common/ids';
import {
  GOVERNANCE_FILE_SUFFIX,
  anchorAtOrBefore,
  createGovernanceStores,
  dropAlert,
  runPersistedGuardedReplay,
  runReplayWithAuditAndAlert,
  runReplayWithGovernance,
  runReplayWithGovernanceArchive,
  type GovernanceArchiveRunOptions,
  type GovernanceCommitIntent,
  type GovernanceCommitPort,
} from '../../../core/exports-governance';
import { commitGovernedRun, recoverPendingCommit } from '../../../core/governance/hardened/commitRun';
import type { RevocationAlert } from '../../../core/replay/types';
import { UNHEALTHY, adoptionAudit, govAudit, policy, policyState, unstable } from './support/fixtures';
import { TARGET, W, makeWorld, type World } from './support/harness';
import { createMemoryFs } from './support/memoryFs';
import { spyOn } from './support/spy';

const LEASE = replayLeaseKey(W, TARGET);
const ALERT_ON_FIRST_ROLLBACK = { rollbackWindowMs: 5000, maxRollbacksPerWindow: 1, minAttempted: 4, alertCooldownMs: 100 };

/** A hardened world where the run at 1200 rolls back and (with one rollback per window) alerts. */
async function alertingWorld(): Promise<World> {
  const world = await makeWorld('hardened');
  await world.seedPolicy(unstable(1000));
  await world.addDeadLetter(1200);
  await world.addMetrics(1200, UNHEALTHY);
  return world;
}

const without = (o: GovernanceArchiveRunOptions, ...keys: (keyof GovernanceArchiveRunOptions)[]): GovernanceArchiveRunOptions => {
  const copy: Record<string, unknown> = { ...o };
  for (const k of keys) delete copy[k];
  return copy as unknown as GovernanceArchiveRunOptions;
};

const required = (name: string): string => `membership revocation dead-letter replay governance ${name} is required by the hardened profile`;

describe('hardened: each entry point requires what its stage uses, and only that', () => {
  const P330 = ['policyAuditStore', 'rollbackAlertPolicy', 'alertSink'] as const;
  const P331 = ['alertStateStore', 'governanceStateStore', 'governancePolicy'] as const;

  it('P3.29 runs with only its own options and writes no audit', async () => {
    const world = await alertingWorld();
    const r = await runPersistedGuardedReplay(without(world.options(), ...P330, ...P331, 'governanceAuditStore'));
    expect(r.rolledBack).toBe(true);
    expect(await world.gov.raw.policyAuditStore.list(W, TARGET)).toEqual([]);
    expect((await world.gov.raw.replayPolicyStore.loadPolicyState(W, TARGET)).activePolicy).toEqual(policy(4, 2));
  });

  it('P3.29 writes no audit even when an audit store is given', async () => {
    const world = await alertingWorld();
    await runPersistedGuardedReplay(world.options());
    expect(await world.gov.raw.policyAuditStore.list(W, TARGET)).toEqual([]);
    expect(world.sink.list()).toEqual([]);
  });

  it('P3.29 over hardened file stores commits through the intent file and leaves none behind', async () => {
    const world = await alertingWorld();
    const fs = createMemoryFs();
    const gov = await createGovernanceStores({ profile: 'hardened', fs, root: '/data/gov' });
    await gov.raw.replayPolicyStore.savePolicyState(W, TARGET, unstable(1000));
    const worker = gov.forWorker();
    const r = await runPersistedGuardedReplay(world.options({ ...worker, commitPort: worker.commitPort ?? undefined }));
    expect(r.rolledBack).toBe(true);
    expect((await gov.raw.replayPolicyStore.loadPolicyState(W, TARGET)).activePolicy).toEqual(policy(4, 2));
    expect([...fs.files.keys()].filter((k) => k.endsWith(GOVERNANCE_FILE_SUFFIX.commitIntent))).toEqual([]);
  });

  it('P3.30 runs without the governance stores', async () => {
    const world = await alertingWorld();
    const cell = { lastAlertAtMs: null as number | null };
    const r = await runReplayWithAuditAndAlert(without(world.options({ rollbackAlertPolicy: ALERT_ON_FIRST_ROLLBACK }), ...P331, 'governanceAuditStore'), cell);
    expect(r).toMatchObject({ rolledBack: true, alertEmitted: true });
    expect(cell.lastAlertAtMs).toBe(1200);
    expect(await world.gov.raw.governanceStateStore.loadGovernanceState(W, TARGET)).toEqual({ rollbackStreak: 0, lastLevel: 'normal', lastLevelUpdatedAtMs: null });
  });

  it('P3.31 runs without an archive and archives nothing when one is given', async () => {
    const world = await alertingWorld();
    await runReplayWithGovernance(without(world.options(), 'governanceAuditStore'));
    await world.addMetrics(1400, UNHEALTHY);
    await runReplayWithGovernance(world.options({ nowMs: 1400 }));
    expect(await world.gov.raw.governanceAuditStore.list(W, TARGET)).toEqual([]);
    expect((await world.gov.raw.policyAuditStore.list(W, TARGET)).map((r) => r.auditedAtMs)).toEqual([1200, 1400]);
  });

  const RUNS = {
    'P3.30': (o: GovernanceArchiveRunOptions) => runReplayWithAuditAndAlert(o, { lastAlertAtMs: null }),
    'P3.31': runReplayWithGovernance,
    'P3.32': runReplayWithGovernanceArchive,
  } as const;
  const cases: [keyof typeof RUNS, keyof GovernanceArchiveRunOptions, string][] = [
    ['P3.30', 'rollbackAlertPolicy', 'rollback_alert_policy'],
    ['P3.30', 'policyAuditStore', 'policy_audit_store'],
    ['P3.30', 'alertSink', 'alert_sink'],
    ['P3.30', 'commitPort', 'commit_port'],
    ['P3.31', 'governancePolicy', 'governance_policy'],
    ['P3.31', 'alertStateStore', 'alert_state_store'],
    ['P3.31', 'governanceStateStore', 'governance_state_store'],
    ['P3.32', 'governanceAuditStore', 'governance_audit_store'],
    ['P3.32', 'commitPort', 'commit_port'],
  ];
  it.each(cases)('%s without %s is a ValidationError naming %s, before any effect', async (entry, field, name) => {
    const world = await alertingWorld();
    const log: string[] = [];
    const o = world.options();
    const e = await RUNS[entry](without({ ...o, coordinator: spyOn(o.coordinator, 'coordinator', log) }, field)).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ValidationError);
    expect((e as ValidationError).reason).toBe(required(name));
    expect(log).toEqual([]);
  });

  it('P3.29 without a commit port is a ValidationError naming it', async () => {
    const world = await alertingWorld();
    await expect(runPersistedGuardedReplay(without(world.options(), 'commitPort'))).rejects.toThrow(required('commit_port'));
  });
});

describe('hardened: a node without the lease reports the stored state and writes nothing', () => {
  async function heldElsewhere() {
    const world = await alertingWorld();
    await world.gov.raw.governanceStateStore.saveGovernanceState(W, TARGET, { rollbackStreak: 4, lastLevel: 'emergency', lastLevelUpdatedAtMs: 900 });
    expect(await world.coordinator.acquire(LEASE, 'other-node', 1200, 10_000)).toBe(true);
    return world;
  }

  it.each([['P3.31', runReplayWithGovernance], ['P3.32', runReplayWithGovernanceArchive]] as const)(
    '%s reports the stored level and active policy',
    async (_, run) => {
      const world = await heldElsewhere();
      const r = await run(world.options());
      expect(r).toEqual({ replayed: 0, policy: policy(8, 1), rolledBack: false, alertEmitted: false, level: 'emergency' });
      expect(await world.gov.raw.policyAuditStore.list(W, TARGET)).toEqual([]);
    },
  );

  it('a virgin policy state is reported as the fallback policy', async () => {
    const world = await makeWorld('hardened');
    await world.coordinator.acquire(LEASE, 'other-node', 1200, 10_000);
    const r = await runReplayWithGovernance(world.options({ fallbackPolicy: policy(3, 3) }));
    expect(r).toMatchObject({ policy: policy(3, 3), level: 'normal' });
  });

  it.each([
    ['P3.29', (o: GovernanceArchiveRunOptions) => runPersistedGuardedReplay(o)],
    ['P3.30', (o: GovernanceArchiveRunOptions) => runReplayWithAuditAndAlert(o, { lastAlertAtMs: null })],
  ] as const)('%s reads only the policy state (not the governance state)', async (_, run) => {
    const world = await heldElsewhere();
    const log: string[] = [];
    const o = world.options();
    const r = await run({ ...o, governanceStateStore: spyOn(o.governanceStateStore, 'governance', log) });
    expect(r).toMatchObject({ replayed: 0, applied: policy(8, 1), rolledBack: false });
    expect(log).toEqual([]);
  });
});

describe('hardened: the lease and the alert sink', () => {
  it('the replay lease is released when the run ends', async () => {
    const world = await alertingWorld();
    await runReplayWithGovernanceArchive(world.options({ leaseTtlMs: 10_000 }));
    expect(await world.coordinator.acquire(LEASE, 'other-node', 1200, 500)).toBe(true);
  });

  it('a failing sink fails the run after committing the decision without the alert, and frees the lease', async () => {
    const world = await alertingWorld();
    const boom = new Error('sink down');
    const sink = { emit: async (_a: RevocationAlert) => Promise.reject(boom) };
    const e = await runReplayWithGovernanceArchive(world.options({ leaseTtlMs: 10_000, alertSink: sink, rollbackAlertPolicy: ALERT_ON_FIRST_ROLLBACK })).catch((x: unknown) => x);
    expect(e).toBe(boom);
    const archive = await world.gov.raw.governanceAuditStore.list(W, TARGET);
    expect(archive.map((r) => [r.auditedAtMs, r.rolledBack, r.alertEmitted])).toEqual([[1200, true, false]]);
    expect(await world.gov.raw.alertStateStore.loadAlertState(W, TARGET)).toEqual({ lastAlertAtMs: null });
    expect(await world.gov.raw.intents!.load(W, TARGET)).toBeNull();
    expect(await world.coordinator.acquire(LEASE, 'other-node', 1200, 500)).toBe(true);
  });

  it('P3.30: a failing sink leaves the caller\'s alert state as it was', async () => {
    const world = await alertingWorld();
    const cell = { lastAlertAtMs: 700 as number | null };
    const sink = { emit: async () => Promise.reject(new Error('sink down')) };
    await expect(runReplayWithAuditAndAlert(world.options({ alertSink: sink, rollbackAlertPolicy: ALERT_ON_FIRST_ROLLBACK }), cell)).rejects.toThrow('sink down');
    expect(cell.lastAlertAtMs).toBe(700);
  });

  it('an alert is emitted and recorded as emitted when the sink works', async () => {
    const world = await alertingWorld();
    const r = await runReplayWithGovernanceArchive(world.options({ rollbackAlertPolicy: ALERT_ON_FIRST_ROLLBACK }));
    expect(r.alertEmitted).toBe(true);
    expect((await world.gov.raw.governanceAuditStore.list(W, TARGET)).map((x) => x.alertEmitted)).toEqual([true]);
    expect(await world.gov.raw.alertStateStore.loadAlertState(W, TARGET)).toEqual({ lastAlertAtMs: 1200 });
  });

  it('a rollback audit dated exactly one window ahead still counts toward the alert; one beyond does not', async () => {
    for (const [ahead, alerts] of [[5000, true], [5001, false]] as const) {
      const world = await alertingWorld();
      await world.gov.raw.policyAuditStore.append(W, TARGET, adoptionAudit(1200 + ahead));
      const twoPerWindow = { ...ALERT_ON_FIRST_ROLLBACK, maxRollbacksPerWindow: 2 };
      const r = await runReplayWithGovernanceArchive(world.options({ rollbackAlertPolicy: twoPerWindow }));
      expect([ahead, r.alertEmitted]).toEqual([ahead, alerts]);
    }
  });
});

describe('the commit protocol: stage, resolve the alert, apply', () => {
  const alert: RevocationAlert = {
    worldId: W, nodeId: TARGET, detectedAtMs: 1200, severity: 'critical', code: 'c', message: 'm', drained: 0, diverged: 0, rejected: 0,
  };
  const intent = (phase: GovernanceCommitIntent['phase'], withAlert: boolean): GovernanceCommitIntent => ({
    phase,
    plannedAtMs: 1200,
    policyState: policyState({ lastPolicyUpdateAtMs: 1200 }),
    adoptionAudit: { base: 0, record: adoptionAudit(1200) },
    alert: withAlert ? alert : null,
    alertState: { lastAlertAtMs: withAlert ? 1200 : 500 },
    alertStateWithoutAlert: { lastAlertAtMs: 500 },
    governanceState: { rollbackStreak: 1, lastLevel: 'normal', lastLevelUpdatedAtMs: null },
    governanceAudit: { base: 0, record: { ...govAudit(1200), alertEmitted: withAlert } },
  });

  function recordingPort(pending: GovernanceCommitIntent | null = null) {
    const calls: string[] = [];
    const staged: GovernanceCommitIntent[] = [];
    const port: GovernanceCommitPort = {
      pending: async () => pending,
      stage: async (_w, _n, i) => {
        calls.push(`stage:${i.phase}`);
        staged.push(i);
      },
      apply: async () => void calls.push('apply'),
    };
    return { port, calls, staged };
  }

  const sinkOf = (emitted: RevocationAlert[], fail?: Error) => ({
    emit: async (a: RevocationAlert) => {
      if (fail) throw fail;
      emitted.push(a);
    },
  });

  it('an intent ready to apply is staged once and applied; no sink is called', async () => {
    const { port, calls } = recordingPort();
    const emitted: RevocationAlert[] = [];
    const out = await commitGovernedRun(port, W, TARGET, intent('apply', false), sinkOf(emitted));
    expect(calls).toEqual(['stage:apply', 'apply']);
    expect(emitted).toEqual([]);
    expect(out).toEqual({ intent: intent('apply', false), sinkError: null });
  });

  it('an alert is emitted between the stage and its confirmation', async () => {
    const { port, calls, staged } = recordingPort();
    const emitted: RevocationAlert[] = [];
    const out = await commitGovernedRun(port, W, TARGET, intent('await_alert', true), sinkOf(emitted));
    expect(calls).toEqual(['stage:await_alert', 'stage:apply', 'apply']);
    expect(emitted).toEqual([alert]);
    expect(staged[1]).toEqual({ ...intent('await_alert', true), phase: 'apply' });
    expect(out.sinkError).toBeNull();
  });

  it('a failing sink drops the alert from the intent and is returned, not thrown', async () => {
    const { port, calls } = recordingPort();
    const boom = new Error('down');
    const out = await commitGovernedRun(port, W, TARGET, intent('await_alert', true), sinkOf([], boom));
    expect(calls).toEqual(['stage:await_alert', 'stage:apply', 'apply']);
    expect(out).toEqual({ intent: dropAlert(intent('await_alert', true)), sinkError: boom });
  });

  it('without a sink the alert is dropped', async () => {
    const { port } = recordingPort();
    const out = await commitGovernedRun(port, W, TARGET, intent('await_alert', true), null);
    expect(out).toEqual({ intent: dropAlert(intent('await_alert', true)), sinkError: null });
  });

  it('an intent awaiting an alert it does not have is applied without calling the sink', async () => {
    const { port, calls } = recordingPort();
    const emitted: RevocationAlert[] = [];
    await commitGovernedRun(port, W, TARGET, intent('await_alert', false), sinkOf(emitted));
    expect(emitted).toEqual([]);
    expect(calls).toEqual(['stage:await_alert', 'stage:apply', 'apply']);
  });

  it('dropping an alert keeps the decision, restores the alert state and marks the archive record', () => {
    const dropped = dropAlert(intent('await_alert', true));
    expect(dropped).toEqual({
      ...intent('await_alert', true),
      phase: 'apply',
      alert: null,
      alertState: { lastAlertAtMs: 500 },
      governanceAudit: { base: 0, record: { ...govAudit(1200), alertEmitted: false } },
    });
    expect(dropAlert({ ...intent('await_alert', true), governanceAudit: null }).governanceAudit).toBeNull();
  });

  it('recovery completes a pending commit and then throws the sink error', async () => {
    const boom = new Error('down');
    const { port, calls } = recordingPort(intent('await_alert', true));
    await expect(recoverPendingCommit(port, W, TARGET, sinkOf([], boom))).rejects.toBe(boom);
    expect(calls).toEqual(['stage:apply', 'apply']);
  });

  it('recovery with nothing pending does nothing', async () => {
    const { port, calls } = recordingPort(null);
    await recoverPendingCommit(port, W, TARGET, sinkOf([]));
    expect(calls).toEqual([]);
  });
});

describe('clock re-anchoring', () => {
  it('keeps null (never happened) even at negative times, and moves only future times to now', () => {
    expect(anchorAtOrBefore(null, -5)).toBeNull();
    expect(anchorAtOrBefore(null, 0)).toBeNull();
    expect(anchorAtOrBefore(900, 1000)).toBe(900);
    expect(anchorAtOrBefore(1000, 1000)).toBe(1000);
    expect(anchorAtOrBefore(1001, 1000)).toBe(1000);
  });
});

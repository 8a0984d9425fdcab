// The store shells of part B: JSONL logs (line numbers in errors, the prune primitive's conflict
// check, the original in-place rewrite), the store assembly per profile, and the hardened
// storage's worker views (every write lands, archive rewrites wait for a pending alert, a stage
// copy of an applied run is recognised only when both its audit record and its state match).
import { describe, expect, it } from 'vitest';
import { SerdeError, ValidationError } from '../../../core/common/errors';
import { createStoreFiles } from '../../../core/common/storeFiles';
import {
  GOVERNANCE_FILE_SUFFIX,
  PendingGovernanceCommitError,
  SnapshotConflictError,
  createGovernanceStores,
  fenceSourceOf,
  type GovernanceCommitIntent,
} from '../../../core/exports-governance';
import { createFileLogStore, createMemoryLogStore } from '../../../core/governance/stores/logStore';
import { FenceRejectedError } from '../../../core/replay/hardened/errors';
import { FencedLeaseService, InMemoryFencedLeaseRecordStore } from '../../../core/replay/hardened/fencedLease';
import { KeyedMutex } from '../../../core/replay/hardened/mutex';
import { StoreBackedScheduleCoordinator } from '../../../core/replay/leases/coordinators';
import { InMemoryLeaseStore } from '../../../core/replay/stores/memory';
import type { Profile } from '../../../core/ports';
import { adoptionAudit, govAudit, policy, policyState } from './support/fixtures';
import { TARGET, W } from './support/harness';
import { createMemoryFs, type MemoryFs } from './support/memoryFs';

const ROOT = '/data/gov';

const fileEnding = (fs: MemoryFs, suffix: string): string => {
  const path = [...fs.files.keys()].find((p) => p.endsWith(suffix));
  if (path === undefined) throw new Error(`no file ending ${suffix}`);
  return path;
};

async function fileStores(profile: Profile) {
  const fs = createMemoryFs();
  const gov = await createGovernanceStores({ profile, fs, root: ROOT });
  return { fs, gov };
}

describe('JSONL logs name the bad line, counting from 1', () => {
  it('an adoption audit log with a bad second line names line 2 and the field', async () => {
    const { fs, gov } = await fileStores('original');
    for (const t of [100, 200]) await gov.raw.policyAuditStore.append(W, TARGET, adoptionAudit(t));
    const path = fileEnding(fs, GOVERNANCE_FILE_SUFFIX.policyAudit);
    const [first, second] = (fs.files.get(path) as string).split('\n');
    const bad = { ...JSON.parse(second as string), metrics: { ...JSON.parse(second as string).metrics, attempted: -1 } };
    fs.files.set(path, `${first}\n${JSON.stringify(bad)}\n`);
    const e = await gov.raw.policyAuditStore.list(W, TARGET).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(SerdeError);
    expect((e as SerdeError).message).toBe(`cannot decode ${path}: line 2.metrics.attempted is not an unsigned integer`);
  });

  it('an adoption audit line with an unknown decision is named', async () => {
    const { fs, gov } = await fileStores('original');
    await gov.raw.policyAuditStore.append(W, TARGET, adoptionAudit(100));
    const path = fileEnding(fs, GOVERNANCE_FILE_SUFFIX.policyAudit);
    fs.files.set(path, (fs.files.get(path) as string).replace('rolled_back_to_stable', 'kept'));
    await expect(gov.raw.policyAuditStore.list(W, TARGET)).rejects.toThrow(
      `cannot decode ${path}: line 1.decision is not one of adopted, rolled_back_to_stable`,
    );
  });

  it.each([
    ['governance_level', (o: Record<string, unknown>) => ({ ...o, governance_level: 'panic' }), 'line 1.governance_level is not one of normal, stable, emergency'],
    ['applied_policy', (o: Record<string, unknown>) => ({ ...o, applied_policy: { max_replay_per_run: 'x' } }), 'line 1.applied_policy.max_replay_per_run is not an unsigned integer'],
  ])('a governance audit line with a bad %s is named', async (_, change, what) => {
    const { fs, gov } = await fileStores('hardened');
    await gov.raw.governanceAuditStore.append(W, TARGET, govAudit(100));
    const path = fileEnding(fs, GOVERNANCE_FILE_SUFFIX.governanceAudit);
    const line = JSON.parse((fs.files.get(path) as string).trim()) as Record<string, unknown>;
    fs.files.set(path, `${JSON.stringify(change(line))}\n`);
    await expect(gov.raw.governanceAuditStore.list(W, TARGET)).rejects.toThrow(`cannot decode ${path}: ${what}`);
  });
});

describe('replacePrefix rewrites only when the log still starts with the snapshot', () => {
  const codec = { suffix: 'log.jsonl', encode: (r: { t: number }) => JSON.stringify(r), decode: (l: string) => JSON.parse(l) as { t: number } };
  const backends = [
    ['memory', () => ({ log: createMemoryLogStore<{ t: number }>(), where: `in-memory log of ${W}/${TARGET}` })],
    ['file', () => ({ log: createFileLogStore(createStoreFiles(createMemoryFs(), 'hardened'), '/', codec), where: null })],
  ] as const;

  for (const [name, make] of backends) {
    it(`${name}: a snapshot that differs from the log is a SnapshotConflictError and nothing is written`, async () => {
      const { log, where } = make();
      for (const t of [1, 2]) await log.append(W, TARGET, { t });
      const e = await log.replacePrefix(W, TARGET, [{ t: 1 }, { t: 9 }], []).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(SnapshotConflictError);
      expect((e as Error).name).toBe('SnapshotConflictError');
      if (where !== null) expect((e as Error).message).toBe(`${where} changed since it was read; not rewritten`);
      else expect((e as Error).message).toMatch(/log\.jsonl changed since it was read; not rewritten$/);
      expect(await log.list(W, TARGET)).toEqual([{ t: 1 }, { t: 2 }]);
    });

    it(`${name}: a snapshot longer than the log (it was pruned meanwhile) is a conflict`, async () => {
      const { log } = make();
      await log.append(W, TARGET, { t: 1 });
      await expect(log.replacePrefix(W, TARGET, [{ t: 1 }, { t: 2 }], [])).rejects.toBeInstanceOf(SnapshotConflictError);
      expect(await log.list(W, TARGET)).toEqual([{ t: 1 }]);
    });

    it(`${name}: a matching snapshot is replaced and later appends are kept`, async () => {
      const { log } = make();
      for (const t of [1, 2, 3]) await log.append(W, TARGET, { t });
      await log.replacePrefix(W, TARGET, [{ t: 1 }, { t: 2 }], [{ t: 2 }]);
      expect(await log.list(W, TARGET)).toEqual([{ t: 2 }, { t: 3 }]);
    });
  }

  it('the archive file store: a snapshot longer than the archive is a conflict, not a decoding accident', async () => {
    const { gov } = await fileStores('hardened');
    await gov.raw.governanceAuditStore.append(W, TARGET, govAudit(100));
    await expect(gov.raw.governanceAuditStore.replacePrefix(W, TARGET, [govAudit(100), govAudit(200)], [])).rejects.toBeInstanceOf(SnapshotConflictError);
    expect((await gov.raw.governanceAuditStore.list(W, TARGET)).map((r) => r.auditedAtMs)).toEqual([100]);
  });

  it('original rewrites a log in place (spec B §5.1): a crash mid-rewrite leaves it truncated', async () => {
    const fs = createMemoryFs();
    const log = createFileLogStore(createStoreFiles(fs, 'original'), '/', codec);
    for (const t of [1, 2]) await log.append(W, TARGET, { t });
    // truncate, then record 1, then its newline: the third write dies.
    fs.crashAfter(3);
    await expect(log.replace(W, TARGET, [{ t: 3 }, { t: 4 }])).rejects.toThrow('simulated crash');
    expect([...fs.restart().files.values()]).toEqual(['{"t":3}']);
  });

  it('hardened rewrites a log as one atomic document: a crash keeps the old log whole', async () => {
    const fs = createMemoryFs();
    const log = createFileLogStore(createStoreFiles(fs, 'hardened'), '/', codec);
    for (const t of [1, 2]) await log.append(W, TARGET, { t });
    fs.crashAfter(2);
    await expect(log.replace(W, TARGET, [{ t: 3 }, { t: 4 }])).rejects.toThrow('simulated crash');
    const after = createFileLogStore(createStoreFiles(fs.restart(), 'hardened'), '/', codec);
    expect(await after.list(W, TARGET)).toEqual([{ t: 1 }, { t: 2 }]);
  });
});

describe('createGovernanceStores assembles the stores of a profile', () => {
  it('fs without a root is a ValidationError', async () => {
    const e = await createGovernanceStores({ profile: 'original', fs: createMemoryFs() }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ValidationError);
    expect((e as ValidationError).reason).toBe('governance stores root must be given with fs');
  });

  it('a root without fs gives in-memory stores and touches no file system', async () => {
    const gov = await createGovernanceStores({ profile: 'hardened', root: ROOT });
    await gov.forWorker().replayPolicyStore.savePolicyState(W, TARGET, policyState({ lastStableAtMs: 5 }));
    expect((await gov.raw.replayPolicyStore.loadPolicyState(W, TARGET)).lastStableAtMs).toBe(5);
  });

  it.each(['original', 'hardened'] as const)('%s: the root directory exists before the first write', async (profile) => {
    const fs = createMemoryFs();
    await createGovernanceStores({ profile, fs, root: ROOT });
    expect(fs.dirs.has(ROOT)).toBe(true);
  });

  it('original: shared plain stores, no intents, no commit port, no hardened storage', async () => {
    const gov = await createGovernanceStores({ profile: 'original' });
    expect(gov.profile).toBe('original');
    expect(gov.raw.intents).toBeNull();
    expect(gov.hardened).toBeNull();
    const worker = gov.forWorker();
    expect(worker.commitPort).toBeNull();
    expect(worker.replayPolicyStore).toBe(gov.raw.replayPolicyStore);
    expect(worker.retentionStore).toBe(gov.raw.governanceAuditStore);
  });

  it('hardened: the journal, the storage and worker views with a commit port', async () => {
    const gov = await createGovernanceStores({ profile: 'hardened' });
    expect(gov.profile).toBe('hardened');
    expect(gov.raw.intents).not.toBeNull();
    expect(gov.hardened?.storage).toBeDefined();
    const worker = gov.forWorker();
    expect(worker.commitPort).not.toBeNull();
    expect(worker.replayPolicyStore).not.toBe(gov.raw.replayPolicyStore);
  });

  it('hardened with a lease service: a worker view without a fence source writes nothing (no grant)', async () => {
    const mutex = new KeyedMutex();
    const service = new FencedLeaseService(new InMemoryFencedLeaseRecordStore(), { nowMs: () => 1000 }, mutex);
    const gov = await createGovernanceStores({ profile: 'hardened', lease: { service, mutex } });
    await expect(gov.forWorker().replayPolicyStore.savePolicyState(W, TARGET, policyState({ lastStableAtMs: 5 }))).rejects.toBeInstanceOf(FenceRejectedError);
    expect((await gov.raw.replayPolicyStore.loadPolicyState(W, TARGET)).lastStableAtMs).toBeNull();
  });

  it('a plain coordinator has no fence', () => {
    const fenceFor = fenceSourceOf(new StoreBackedScheduleCoordinator(new InMemoryLeaseStore()));
    expect(fenceFor(W)).toBeNull();
  });
});

describe('hardened worker views write through the storage', () => {
  const pendingIntent = (): GovernanceCommitIntent => ({
    phase: 'await_alert', plannedAtMs: 300, policyState: policyState({}), adoptionAudit: null, alert: null,
    alertState: null, alertStateWithoutAlert: null, governanceState: null, governanceAudit: { base: 0, record: govAudit(300) },
  });

  it('every write of a view lands in the plain store underneath', async () => {
    const gov = await createGovernanceStores({ profile: 'hardened' });
    const v = gov.forWorker();
    await v.policyAuditStore.append(W, TARGET, adoptionAudit(100));
    await v.alertStateStore.saveAlertState(W, TARGET, { lastAlertAtMs: 100 });
    await v.governanceStateStore.saveGovernanceState(W, TARGET, { rollbackStreak: 1, lastLevel: 'stable', lastLevelUpdatedAtMs: 100 });
    await v.governanceAuditStore.append(W, TARGET, govAudit(100));
    await v.retentionStore.append(W, TARGET, govAudit(200));
    await v.scheduleStateStore.saveState(W, TARGET, { lastDrillAtMs: 100 });
    expect(await gov.raw.policyAuditStore.list(W, TARGET)).toEqual([adoptionAudit(100)]);
    expect(await gov.raw.alertStateStore.loadAlertState(W, TARGET)).toEqual({ lastAlertAtMs: 100 });
    expect(await gov.raw.governanceStateStore.loadGovernanceState(W, TARGET)).toEqual({ rollbackStreak: 1, lastLevel: 'stable', lastLevelUpdatedAtMs: 100 });
    expect((await gov.raw.governanceAuditStore.list(W, TARGET)).map((r) => r.auditedAtMs)).toEqual([100, 200]);
    expect(await gov.raw.scheduleStateStore.loadState(W, TARGET)).toEqual({ lastDrillAtMs: 100 });
    await v.governanceAuditStore.replace(W, TARGET, [govAudit(200)]);
    expect((await v.governanceAuditStore.list(W, TARGET)).map((r) => r.auditedAtMs)).toEqual([200]);
  });

  it('the archive is not replaced while a commit awaits its alert; plain appends still are', async () => {
    const gov = await createGovernanceStores({ profile: 'hardened' });
    const v = gov.forWorker();
    await v.governanceAuditStore.append(W, TARGET, govAudit(100));
    await v.commitPort!.stage(W, TARGET, pendingIntent());
    const e = await v.governanceAuditStore.replace(W, TARGET, []).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(PendingGovernanceCommitError);
    expect((e as Error).name).toBe('PendingGovernanceCommitError');
    expect((e as Error).message).toBe(`governance commit of ${W}/${TARGET} awaits its alert; the archive is not rewritten meanwhile`);
    await v.policyAuditStore.append(W, TARGET, adoptionAudit(100));
    expect((await gov.raw.governanceAuditStore.list(W, TARGET)).map((r) => r.auditedAtMs)).toEqual([100]);
    expect(await gov.raw.policyAuditStore.list(W, TARGET)).toHaveLength(1);
  });

  describe('a stage is skipped as a late copy only if the run it stages is already applied', () => {
    const applied = (t: number, activeMax: number): GovernanceCommitIntent => ({
      phase: 'apply', plannedAtMs: t, policyState: policyState({ activePolicy: policy(activeMax, 1), lastPolicyUpdateAtMs: t }),
      adoptionAudit: { base: 0, record: adoptionAudit(t) }, alert: null, alertState: null, alertStateWithoutAlert: null,
      governanceState: null, governanceAudit: null,
    });

    async function afterFirstRun() {
      const gov = await createGovernanceStores({ profile: 'hardened' });
      const port = gov.forWorker().commitPort!;
      await port.stage(W, TARGET, applied(100, 8));
      await port.apply(W, TARGET);
      return { gov, port };
    }

    it('the first stage of a key (empty adoption log) is staged', async () => {
      const gov = await createGovernanceStores({ profile: 'hardened' });
      await gov.forWorker().commitPort!.stage(W, TARGET, applied(100, 8));
      expect((await gov.raw.intents!.load(W, TARGET))?.plannedAtMs).toBe(100);
    });

    it('an exact copy of the applied run is not staged again', async () => {
      const { gov, port } = await afterFirstRun();
      await port.stage(W, TARGET, applied(100, 8));
      expect(await gov.raw.intents!.load(W, TARGET)).toBeNull();
      expect(await gov.raw.policyAuditStore.list(W, TARGET)).toHaveLength(1);
    });

    it('a run with the same audit record but another policy state is staged', async () => {
      const { gov, port } = await afterFirstRun();
      await port.stage(W, TARGET, applied(100, 6));
      expect((await gov.raw.intents!.load(W, TARGET))?.policyState.activePolicy).toEqual(policy(6, 1));
    });

    it('a run with another audit record but the same policy state is staged and appended', async () => {
      const { gov, port } = await afterFirstRun();
      await port.stage(W, TARGET, { ...applied(100, 8), adoptionAudit: { base: 0, record: adoptionAudit(150) } });
      expect((await gov.raw.intents!.load(W, TARGET))?.adoptionAudit?.base).toBe(1);
      await port.apply(W, TARGET);
      expect((await gov.raw.policyAuditStore.list(W, TARGET)).map((r) => r.auditedAtMs)).toEqual([100, 150]);
    });
  });
});

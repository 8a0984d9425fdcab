// Every part-B store, file-backed over the fake fs and a real temp dir, in both profiles, plus the
// in-memory twins: spec B §7 round trips (E1, E6, E10-E12, E19, E20, D8), exact bytes on disk,
// corrupt files named and left intact, torn appends.
import { describe, expect, it } from 'vitest';
import { createStoreFiles } from '../../../core/common/storeFiles';
import { SerdeError } from '../../../core/common/errors';
import { joinPath } from '../../../core/common/paths';
import {
  FileDrillScheduleStateStore,
  FileGovernanceAuditRetentionStore,
  FileGovernanceStateStore,
  FilePolicyAuditStore,
  FileReplayPolicyStore,
  FileRollbackAlertStateStore,
  InMemoryDrillScheduleStateStore,
  InMemoryGovernanceAuditRetentionStore,
  InMemoryGovernanceStateStore,
  InMemoryPolicyAuditStore,
  InMemoryReplayPolicyStore,
  InMemoryRollbackAlertStateStore,
  SnapshotConflictError,
  defaultReplayPolicyState,
  pruneGovernanceAuditArchive,
  type PolicyAdoptionAuditRecord,
} from '../../../core/exports-governance';
import type { Profile } from '../../../core/ports';
import { BACKENDS } from './support/backends';
import { govAudit, metrics, policy, policyState } from './support/fixtures';
import { createMemoryFs } from './support/memoryFs';

const PROFILES: readonly Profile[] = ['original', 'hardened'];

const adoption: PolicyAdoptionAuditRecord = {
  worldId: 'w1',
  nodeId: 'node-a',
  auditedAtMs: 1200,
  decision: 'adopted',
  recommendedPolicy: policy(6, 2),
  appliedPolicy: policy(6, 2),
  stablePolicy: policy(4, 2),
  backlogDeadLetters: 2,
  backlogPending: 1,
  metrics: metrics({ attempted: 5, succeeded: 5 }),
  rollbackTriggered: false,
};

for (const backend of BACKENDS) {
  for (const profile of PROFILES) {
    describe(`file stores on ${backend.name}, profile ${profile}`, () => {
      const setup = () => {
        const env = backend.make();
        return { ...env, files: createStoreFiles(env.fs, profile), at: (name: string) => joinPath(env.root, name) };
      };

      it('E1: the policy state round-trips through w1.node-a.revocation-dead-letter-replay-policy-state.json', async () => {
        const { files, root, at, read } = setup();
        const store = new FileReplayPolicyStore(files, root);
        const state = policyState({ activePolicy: policy(6, 2), lastStablePolicy: policy(4, 3), lastPolicyUpdateAtMs: 1200, lastStableAtMs: 1000, lastRollbackAtMs: 1100 });
        await store.savePolicyState(' w1 ', 'node-a', state);
        expect(await store.loadPolicyState('w1', 'node-a')).toEqual(state);
        expect(await read(at('w1.node-a.revocation-dead-letter-replay-policy-state.json'))).toBe(
          '{"active_policy":{"max_replay_per_run":6,"max_retry_limit_exceeded_streak":2},' +
            '"last_stable_policy":{"max_replay_per_run":4,"max_retry_limit_exceeded_streak":3},' +
            '"last_policy_update_at_ms":1200,"last_stable_at_ms":1000,"last_rollback_at_ms":1100}',
        );
      });

      it('a missing policy state loads as the virgin default, and null timestamps are omitted', async () => {
        const { files, root, at, read } = setup();
        const store = new FileReplayPolicyStore(files, root);
        expect(await store.loadPolicyState('w1', 'node-a')).toEqual(defaultReplayPolicyState());
        await store.savePolicyState('w1', 'node-a', policyState({ lastStableAtMs: 5 }));
        expect(await read(at('w1.node-a.revocation-dead-letter-replay-policy-state.json'))).toBe(
          '{"active_policy":{"max_replay_per_run":64,"max_retry_limit_exceeded_streak":3},' +
            '"last_stable_policy":{"max_replay_per_run":64,"max_retry_limit_exceeded_streak":3},"last_stable_at_ms":5}',
        );
      });

      it('E6: the policy audit log round-trips one record per line', async () => {
        const { files, root, at, read } = setup();
        const store = new FilePolicyAuditStore(files, root);
        await store.append('w1', 'node-a', adoption);
        expect(await store.list('w1', 'node-a')).toEqual([adoption]);
        const text = await read(at('w1.node-a.revocation-dead-letter-replay-policy-audit.jsonl'));
        expect(text).toBe(
          '{"world_id":"w1","node_id":"node-a","audited_at_ms":1200,"decision":"adopted",' +
            '"recommended_policy":{"max_replay_per_run":6,"max_retry_limit_exceeded_streak":2},' +
            '"applied_policy":{"max_replay_per_run":6,"max_retry_limit_exceeded_streak":2},' +
            '"stable_policy":{"max_replay_per_run":4,"max_retry_limit_exceeded_streak":2},' +
            '"backlog_dead_letters":2,"backlog_pending":1,"metrics":{"attempted":5,"succeeded":5,"failed":0,' +
            '"deferred":0,"buffered":0,"dropped_capacity":0,"dropped_retry_limit":0,"dead_lettered":0},' +
            '"rollback_triggered":false}\n',
        );
      });

      it('E10: the alert state {1234} round-trips, and the default state is written as {}', async () => {
        const { files, root, at, read } = setup();
        const store = new FileRollbackAlertStateStore(files, root);
        await store.saveAlertState('w1', 'node-a', { lastAlertAtMs: 1234 });
        expect(await store.loadAlertState('w1', 'node-a')).toEqual({ lastAlertAtMs: 1234 });
        await store.saveAlertState('w1', 'node-b', { lastAlertAtMs: null });
        expect(await read(at('w1.node-b.revocation-dead-letter-replay-rollback-alert-state.json'))).toBe('{}');
      });

      it('E11: the governance state {3, stable, 1300} round-trips; missing fields take defaults', async () => {
        const { fs, files, root, at, read } = setup();
        const store = new FileGovernanceStateStore(files, root);
        await store.saveGovernanceState('w1', 'node-a', { rollbackStreak: 3, lastLevel: 'stable', lastLevelUpdatedAtMs: 1300 });
        expect(await store.loadGovernanceState('w1', 'node-a')).toEqual({ rollbackStreak: 3, lastLevel: 'stable', lastLevelUpdatedAtMs: 1300 });
        expect(await read(at('w1.node-a.revocation-dead-letter-replay-rollback-governance-state.json'))).toBe(
          '{"rollback_streak":3,"last_level":"stable","last_level_updated_at_ms":1300}',
        );
        await fs.writeFile(at('w1.node-b.revocation-dead-letter-replay-rollback-governance-state.json'), '{"last_level":"emergency"}');
        expect(await store.loadGovernanceState('w1', 'node-b')).toEqual({ rollbackStreak: 0, lastLevel: 'emergency', lastLevelUpdatedAtMs: null });
      });

      it('E12: the governance audit record round-trips through the archive file', async () => {
        const { files, root, at, read } = setup();
        const store = new FileGovernanceAuditRetentionStore(files, root);
        const rec = { ...govAudit(1234, 'stable', 2), rolledBack: true };
        await store.append('w1', 'node-a', rec);
        expect(await store.list('w1', 'node-a')).toEqual([rec]);
        expect(await read(at('w1.node-a.revocation-dead-letter-replay-rollback-governance-audit.jsonl'))).toBe(
          '{"world_id":"w1","node_id":"node-a","audited_at_ms":1234,"governance_level":"stable","rollback_streak":2,' +
            '"rolled_back":true,"applied_policy":{"max_replay_per_run":4,"max_retry_limit_exceeded_streak":2},"alert_emitted":false}\n',
        );
      });

      it('E19: pruning audits at 1000, 1100, 1200 with {1, 250} at 1400 keeps only 1200', async () => {
        const { files, root } = setup();
        const store = new FileGovernanceAuditRetentionStore(files, root);
        for (const t of [1000, 1100, 1200]) await store.append('w1', 'node-a', govAudit(t));
        const report = await pruneGovernanceAuditArchive({ worldId: 'w1', nodeId: 'node-a', prunedAtMs: 1400, retentionPolicy: { maxRecords: 1, maxAgeMs: 250 }, retentionStore: store, profile });
        expect(report).toEqual({ worldId: 'w1', nodeId: 'node-a', prunedAtMs: 1400, before: 3, after: 1, prunedByAge: 2, prunedByCapacity: 0 });
        expect((await store.list('w1', 'node-a')).map((r) => r.auditedAtMs)).toEqual([1200]);
      });

      it('E20: the drill schedule state is pretty-printed and round-trips; the default is {}', async () => {
        const { files, root, at, read } = setup();
        const store = new FileDrillScheduleStateStore(files, root);
        await store.saveState('w1', 'node-a', { lastDrillAtMs: 1234 });
        expect(await store.loadState('w1', 'node-a')).toEqual({ lastDrillAtMs: 1234 });
        const file = 'w1.node-a.revocation-dead-letter-replay-rollback-governance-recovery-drill-schedule-state.json';
        expect(await read(at(file))).toBe('{\n  "last_drill_at_ms": 1234\n}');
        await store.saveState('w1', 'node-a', { lastDrillAtMs: null });
        expect(await read(at(file))).toBe('{}');
      });

      it('a corrupt state file fails with a SerdeError naming it, and is left intact', async () => {
        const { fs, files, root, at, read } = setup();
        const path = at('w1.node-a.revocation-dead-letter-replay-rollback-governance-state.json');
        await fs.mkdir(root, { recursive: true });
        await fs.writeFile(path, '{"rollback_streak":');
        const store = new FileGovernanceStateStore(files, root);
        const err = await store.loadGovernanceState('w1', 'node-a').catch((e: unknown) => e);
        expect(err).toBeInstanceOf(SerdeError);
        expect((err as SerdeError).message).toContain(path);
        expect(await read(path)).toBe('{"rollback_streak":');
      });

      it('an empty policy state file is a SerdeError naming it, and a wrong field type too', async () => {
        const { fs, files, root, at } = setup();
        await fs.mkdir(root, { recursive: true });
        const path = at('w1.node-a.revocation-dead-letter-replay-policy-state.json');
        await fs.writeFile(path, '');
        const store = new FileReplayPolicyStore(files, root);
        await expect(store.loadPolicyState('w1', 'node-a')).rejects.toThrow(path);
        await fs.writeFile(path, '{"active_policy":{"max_replay_per_run":-1,"max_retry_limit_exceeded_streak":1},"last_stable_policy":{}}');
        await expect(store.loadPolicyState('w1', 'node-a')).rejects.toThrow(/active_policy\.max_replay_per_run/);
      });

      it('a corrupt archive line fails the whole list with the file named, and the file stays', async () => {
        const { fs, files, root, at, read } = setup();
        const store = new FileGovernanceAuditRetentionStore(files, root);
        await store.append('w1', 'node-a', govAudit(1));
        const path = at('w1.node-a.revocation-dead-letter-replay-rollback-governance-audit.jsonl');
        await fs.appendFile(path, '{"broken": \n');
        const before = await read(path);
        await expect(store.list('w1', 'node-a')).rejects.toThrow(path);
        await expect(
          pruneGovernanceAuditArchive({ worldId: 'w1', nodeId: 'node-a', prunedAtMs: 5, retentionPolicy: { maxRecords: 1, maxAgeMs: 1 }, retentionStore: store, profile }),
        ).rejects.toThrow(SerdeError);
        expect(await read(path)).toBe(before);
      });

      it(
        profile === 'original'
          ? 'a torn last line (no newline) fails the list: the weak point of spec B §8.1.2'
          : 'a torn last line (no newline) is dropped on read and cut before the next append',
        async () => {
          const { fs, files, root, at } = setup();
          const store = new FilePolicyAuditStore(files, root);
          await store.append('w1', 'node-a', adoption);
          const path = at('w1.node-a.revocation-dead-letter-replay-policy-audit.jsonl');
          await fs.appendFile(path, '{"world_id":"w1","no');
          if (profile === 'original') {
            await expect(store.list('w1', 'node-a')).rejects.toThrow(SerdeError);
          } else {
            expect(await store.list('w1', 'node-a')).toEqual([adoption]);
            await store.append('w1', 'node-a', { ...adoption, auditedAtMs: 1300 });
            expect((await store.list('w1', 'node-a')).map((r) => r.auditedAtMs)).toEqual([1200, 1300]);
          }
        },
      );

      it('D8: when everything is pruned by age the archive file is deleted and lists as []', async () => {
        const { fs, files, root, at } = setup();
        const store = new FileGovernanceAuditRetentionStore(files, root);
        await store.append('w1', 'node-a', govAudit(100));
        await store.replace('w1', 'node-a', []);
        expect(await store.list('w1', 'node-a')).toEqual([]);
        await expect(fs.stat(at('w1.node-a.revocation-dead-letter-replay-rollback-governance-audit.jsonl'))).rejects.toThrow();
      });

      it('replacePrefix keeps records appended after the snapshot and refuses a changed log', async () => {
        const { files, root } = setup();
        const store = new FileGovernanceAuditRetentionStore(files, root);
        for (const t of [1, 2, 3]) await store.append('w1', 'node-a', govAudit(t));
        const snapshot = await store.list('w1', 'node-a');
        await store.append('w1', 'node-a', govAudit(4));
        await store.replacePrefix('w1', 'node-a', snapshot, [snapshot[2]]);
        expect((await store.list('w1', 'node-a')).map((r) => r.auditedAtMs)).toEqual([3, 4]);
        await expect(store.replacePrefix('w1', 'node-a', snapshot, [])).rejects.toBeInstanceOf(SnapshotConflictError);
        expect((await store.list('w1', 'node-a')).map((r) => r.auditedAtMs)).toEqual([3, 4]);
      });
    });
  }
}

describe('file stores: what only the fake fs can show', () => {
  it('hardened state writes leave no temporary file and survive a crash at any write', async () => {
    for (let crashAt = 1; crashAt <= 4; crashAt += 1) {
      const fs = createMemoryFs();
      const store = new FileReplayPolicyStore(createStoreFiles(fs, 'hardened'), '/d');
      await store.savePolicyState('w1', 'n', policyState({ lastStableAtMs: 1 }));
      fs.crashAfter(crashAt, true);
      await store.savePolicyState('w1', 'n', policyState({ lastStableAtMs: 2 })).catch(() => undefined);
      const after = new FileReplayPolicyStore(createStoreFiles(fs.restart(), 'hardened'), '/d');
      expect([1, 2]).toContain((await after.loadPolicyState('w1', 'n')).lastStableAtMs);
    }
  });

  it('an original state write torn by a crash leaves a file that fails to load forever (spec B §8.1.1)', async () => {
    const fs = createMemoryFs();
    const store = new FileReplayPolicyStore(createStoreFiles(fs, 'original'), '/d');
    await store.savePolicyState('w1', 'n', policyState({ lastStableAtMs: 1 }));
    fs.crashAfter(1, true);
    await store.savePolicyState('w1', 'n', policyState({ lastStableAtMs: 2 })).catch(() => undefined);
    const after = new FileReplayPolicyStore(createStoreFiles(fs.restart(), 'original'), '/d');
    await expect(after.loadPolicyState('w1', 'n')).rejects.toThrow(SerdeError);
  });

  it('ids with "." collide on one file (spec B §8.6) while in-memory stores keep them apart', async () => {
    const fs = createMemoryFs();
    const files = createStoreFiles(fs, 'original');
    const store = new FileRollbackAlertStateStore(files, '/d');
    await store.saveAlertState('a.b', 'c', { lastAlertAtMs: 1 });
    expect(await store.loadAlertState('a', 'b.c')).toEqual({ lastAlertAtMs: 1 });
    const mem = new InMemoryRollbackAlertStateStore();
    await mem.saveAlertState('a.b', 'c', { lastAlertAtMs: 1 });
    expect(await mem.loadAlertState('a', 'b.c')).toEqual({ lastAlertAtMs: null });
  });

  it('hardened escapes dots inside ids, so (a.b, c) and (a, b.c) get different files', async () => {
    const fs = createMemoryFs();
    const store = new FileRollbackAlertStateStore(createStoreFiles(fs, 'hardened'), '/d');
    await store.saveAlertState('a.b', 'c', { lastAlertAtMs: 1 });
    expect(await store.loadAlertState('a', 'b.c')).toEqual({ lastAlertAtMs: null });
    expect([...fs.files.keys()]).toEqual(['/d/a%2Eb.c.revocation-dead-letter-replay-rollback-alert-state.json']);
  });
});

describe('in-memory stores', () => {
  it('default on missing, overwrite on save, normalised keys, copies not aliases', async () => {
    const policyStore = new InMemoryReplayPolicyStore();
    expect(await policyStore.loadPolicyState('w1', 'n')).toEqual(defaultReplayPolicyState());
    const s = policyState({ lastRollbackAtMs: 3 });
    await policyStore.savePolicyState(' w1', 'n ', s);
    expect(await policyStore.loadPolicyState('w1', 'n')).toEqual(s);
    const gov = new InMemoryGovernanceStateStore();
    expect(await gov.loadGovernanceState('w1', 'n')).toEqual({ rollbackStreak: 0, lastLevel: 'normal', lastLevelUpdatedAtMs: null });
    const sched = new InMemoryDrillScheduleStateStore();
    await sched.saveState('w1', 'n', { lastDrillAtMs: 9 });
    expect(await sched.loadState('w1', 'n')).toEqual({ lastDrillAtMs: 9 });
  });

  it('logs list in append order, replace stores even an empty list, replacePrefix keeps the tail', async () => {
    const audit = new InMemoryPolicyAuditStore();
    await audit.append('w1', 'n', adoption);
    await audit.append('w1', 'n', { ...adoption, auditedAtMs: 1300 });
    expect((await audit.list('w1', 'n')).map((r) => r.auditedAtMs)).toEqual([1200, 1300]);
    const archive = new InMemoryGovernanceAuditRetentionStore();
    for (const t of [1, 2]) await archive.append('w1', 'n', govAudit(t));
    const snap = await archive.list('w1', 'n');
    await archive.append('w1', 'n', govAudit(3));
    await archive.replacePrefix('w1', 'n', snap, []);
    expect((await archive.list('w1', 'n')).map((r) => r.auditedAtMs)).toEqual([3]);
    await archive.replace('w1', 'n', []);
    expect(await archive.list('w1', 'n')).toEqual([]);
  });

  it('rejects ids that could escape a root, with the spec reasons', async () => {
    const store = new InMemoryReplayPolicyStore();
    await expect(store.loadPolicyState('', 'n')).rejects.toThrow('membership world_id cannot be empty');
    await expect(store.loadPolicyState('w1', '../x')).rejects.toThrow('node_id is invalid: ../x');
  });
});

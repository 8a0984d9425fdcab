// Regression for archive-tiering's hardened gap B (seed 575220 of its HARDENED_GAPS): the hardened
// prune ignored a pending offload intent, and the intent's trim checked "hot starts with
// hot_after" — always true for an empty hot_after — so after a prune had rewritten hot, recovery
// skipped the trim and cleared the intent with an offloaded record still in hot: in both tiers, and
// copied to cold a second time by the next offload. Now the trim removes whichever offloaded records
// are still in hot, and `pruneTieredHotArchive` finishes a pending offload before it prunes.
import { describe, expect, it } from 'vitest';
import { IoError } from '../../../core/common/errors';
import { InMemoryGovernanceAuditRetentionStore, type GovernanceAuditRetentionStore } from '../../../core/governance/archive/governanceAudit';
import { pruneGovernanceAuditArchive } from '../../../core/governance/retention/pruneArchive';
import { pruneTieredHotArchive, recoverPendingOffload } from '../../../core/events/tiering/hardenedOffload';
import { InMemoryOffloadIntentStore } from '../../../core/events/tiering/offloadIntent';
import { offloadAuditArchiveTiered } from '../../../core/events/tiering/offloadTiered';
import { KeyedMutex } from '../../../core/replay/hardened/mutex';
import type { Profile } from '../../../core/ports';
import { A, rec, W } from './support/fixtures';

const KEY = { worldId: W, nodeId: A };
const OFFLOAD_ALL = { hotMaxRecords: 10, offloadMinAgeMs: 500, maxOffloadRecords: 10 };
const PRUNE_OLDEST = { maxRecords: 10, maxAgeMs: 850 };
const at = (rs: readonly { auditedAtMs: number }[]) => rs.map((r) => r.auditedAtMs);

/** Hot [100, 200], whose first hot rewrite fails (as EIO on the hot directory did). */
async function tiersWithFailingTrim() {
  const raw = new InMemoryGovernanceAuditRetentionStore();
  await raw.replace(W, A, [rec(W, A, 100), rec(W, A, 200)]);
  let failNext = true;
  const hotStore: GovernanceAuditRetentionStore = {
    append: (w, n, r) => raw.append(w, n, r),
    list: (w, n) => raw.list(w, n),
    replace: (w, n, rs) => raw.replace(w, n, rs),
    replacePrefix: async (w, n, s, k) => {
      if (failNext) {
        failNext = false;
        throw new IoError('simulated EIO on the hot directory');
      }
      return raw.replacePrefix(w, n, s, k);
    },
  };
  const coldStore = new InMemoryGovernanceAuditRetentionStore();
  const tiering = { intents: new InMemoryOffloadIntentStore(), mutex: new KeyedMutex() };
  return { hotStore, coldStore, tiering };
}

const offload = (t: Awaited<ReturnType<typeof tiersWithFailingTrim>>, atMs: number, profile: Profile = 'hardened') =>
  offloadAuditArchiveTiered({ ...t, worldId: W, nodeId: A, offloadedAtMs: atMs, policy: OFFLOAD_ALL, profile });

describe('hardened gap: a prune under a pending offload intent', () => {
  it('recovery trims an offloaded record a prune left in hot, although hot_after is empty (archive-tiering seed 575220)', async () => {
    const t = await tiersWithFailingTrim();
    await expect(offload(t, 1000)).rejects.toThrow(IoError);
    expect((await t.tiering.intents.load(W, A))?.phase).toBe('trim');
    // B's prune alone (under the tiers' lock, but not finishing the offload) drops 100 only.
    await t.tiering.mutex.run('k', () =>
      pruneGovernanceAuditArchive({ ...KEY, prunedAtMs: 1000, retentionPolicy: PRUNE_OLDEST, retentionStore: t.hotStore, profile: 'hardened' }),
    );
    expect(at(await t.hotStore.list(W, A))).toEqual([200]);
    await offload(t, 1001);
    expect(at(await t.hotStore.list(W, A))).toEqual([]);
    expect(at(await t.coldStore.list(W, A))).toEqual([100, 200]);
    await offload(t, 1002);
    expect(at(await t.coldStore.list(W, A))).toEqual([100, 200]);
  });

  it('pruneTieredHotArchive finishes the pending offload first, then prunes what is left', async () => {
    const t = await tiersWithFailingTrim();
    await expect(offload(t, 1000)).rejects.toThrow(IoError);
    await t.hotStore.append(W, A, rec(W, A, 300));
    const report = await pruneTieredHotArchive({ ...KEY, prunedAtMs: 1000, retentionPolicy: PRUNE_OLDEST, hotStore: t.hotStore, coldStore: t.coldStore, tiering: t.tiering, profile: 'hardened' });
    expect(await t.tiering.intents.load(W, A)).toBeNull();
    expect(report.before).toBe(1);
    expect(at(await t.hotStore.list(W, A))).toEqual([300]);
    expect(at(await t.coldStore.list(W, A))).toEqual([100, 200]);
  });

  it('a trim that already happened is not redone (recovery after the hot rewrite became durable)', async () => {
    const t = await tiersWithFailingTrim();
    await expect(offload(t, 1000)).rejects.toThrow(IoError);
    const intent = (await t.tiering.intents.load(W, A))!;
    await t.hotStore.replacePrefix(W, A, intent.hotBefore, intent.hotAfter);
    await t.hotStore.append(W, A, rec(W, A, 300));
    await t.tiering.mutex.run('k', () => recoverPendingOffload(KEY, t, t.tiering.intents));
    expect(at(await t.hotStore.list(W, A))).toEqual([300]);
    expect(at(await t.coldStore.list(W, A))).toEqual([100, 200]);
  });

  it('original: pruneTieredHotArchive is the spec\'s prune, unchanged (no lock, no intent)', async () => {
    const hotStore = new InMemoryGovernanceAuditRetentionStore();
    await hotStore.replace(W, A, [rec(W, A, 100), rec(W, A, 200)]);
    const tiering = { intents: new InMemoryOffloadIntentStore(), mutex: new KeyedMutex() };
    const r = await pruneTieredHotArchive({ ...KEY, prunedAtMs: 1000, retentionPolicy: PRUNE_OLDEST, hotStore, coldStore: new InMemoryGovernanceAuditRetentionStore(), tiering });
    expect([r.before, r.after, r.prunedByAge]).toEqual([2, 1, 1]);
  });
});

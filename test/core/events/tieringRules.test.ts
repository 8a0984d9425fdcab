// Spec C §2–§3 tiering rules beyond the worked examples: policy defaults and validation messages,
// the exact offload report, no writes when nothing moves, the double-failure message of the
// original compensation, and the aggregate query's filters, bounds and ordering.
import { describe, expect, it } from 'vitest';
import { InMemoryGovernanceAuditRetentionStore, type GovernanceAuditRecord } from '../../../core/governance/archive/governanceAudit';
import {
  aggregateAuditRecords,
  defaultAuditAggregateQueryPolicy,
  queryAuditArchiveAggregated,
  validateAuditAggregateQueryPolicy,
  type AuditAggregateQueryPolicy,
} from '../../../core/events/tiering/aggregateQuery';
import { InMemoryOffloadIntentStore } from '../../../core/events/tiering/offloadIntent';
import { defaultTieredOffloadPolicy, validateTieredOffloadPolicy } from '../../../core/events/tiering/offloadPolicy';
import { offloadAuditArchiveTiered } from '../../../core/events/tiering/offloadTiered';
import { KeyedMutex } from '../../../core/replay/hardened/mutex';
import { A, B, rec, W } from './support/fixtures';

const OFFLOAD = 'membership revocation dead-letter replay rollback governance audit tiered offload policy';
const AGGREGATE = 'membership revocation rollback governance audit aggregate query';

describe('tiered offload policy', () => {
  it('defaults to hot_max_records 200, offload_min_age_ms 3_600_000, max_offload_records 200', () => {
    expect(defaultTieredOffloadPolicy()).toEqual({ hotMaxRecords: 200, offloadMinAgeMs: 3_600_000, maxOffloadRecords: 200 });
    expect(() => validateTieredOffloadPolicy(defaultTieredOffloadPolicy())).not.toThrow();
  });

  it.each([
    [{ offloadMinAgeMs: 0 }, `${OFFLOAD} offload_min_age_ms must be positive, got 0`],
    [{ offloadMinAgeMs: -5 }, `${OFFLOAD} offload_min_age_ms must be positive, got -5`],
    [{ offloadMinAgeMs: Number.NaN }, `${OFFLOAD} offload_min_age_ms must be positive, got NaN`],
    [{ maxOffloadRecords: 0 }, `${OFFLOAD} max_offload_records must be positive`],
    [{ maxOffloadRecords: 1.5 }, `${OFFLOAD} max_offload_records must be positive`],
  ])('rejects %o', (bad, message) => {
    expect(() => validateTieredOffloadPolicy({ hotMaxRecords: 1, offloadMinAgeMs: 1, maxOffloadRecords: 1, ...bad })).toThrow(message);
  });

  it('accepts the smallest valid values', () => {
    expect(() => validateTieredOffloadPolicy({ hotMaxRecords: 1, offloadMinAgeMs: 1, maxOffloadRecords: 1 })).not.toThrow();
  });
});

async function tiers(hot: readonly GovernanceAuditRecord[], cold: readonly GovernanceAuditRecord[] = []) {
  const hotStore = new InMemoryGovernanceAuditRetentionStore();
  const coldStore = new InMemoryGovernanceAuditRetentionStore();
  await hotStore.replace(W, A, hot);
  await coldStore.replace(W, A, cold);
  return { hotStore, coldStore };
}

/** A store whose `replace` fails from the `failFrom`-th call on (1-based). */
function failingReplace(store: InMemoryGovernanceAuditRetentionStore, failFrom: number, message: string) {
  let calls = 0;
  return Object.assign(Object.create(store) as InMemoryGovernanceAuditRetentionStore, {
    replace: async (...args: Parameters<InMemoryGovernanceAuditRetentionStore['replace']>) => {
      calls += 1;
      if (calls >= failFrom) throw new Error(message);
      return store.replace(...args);
    },
  });
}

const policy = { hotMaxRecords: 1, offloadMinAgeMs: 500, maxOffloadRecords: 10 };

describe('original tiered offload', () => {
  it('reports counts before and after: hot 4 → 2, cold 1 → 3', async () => {
    const t = await tiers([100, 200, 900, 950].map((x) => rec(W, A, x)), [rec(W, A, 10)]);
    const report = await offloadAuditArchiveTiered({ ...t, worldId: ' w1', nodeId: 'node-a ', offloadedAtMs: 1000, policy: { ...policy, hotMaxRecords: 2 } });
    expect(report).toEqual({
      worldId: W,
      nodeId: A,
      offloadedAtMs: 1000,
      hotBefore: 4,
      hotAfter: 2,
      coldBefore: 1,
      coldAfter: 3,
      offloaded: 2,
      offloadedByAge: 2,
      offloadedByCapacity: 0,
      keptDueToRateLimit: 0,
    });
  });

  it('with nothing to offload it writes neither tier and reports the sizes unchanged', async () => {
    const t = await tiers([rec(W, A, 990)], [rec(W, A, 10), rec(W, A, 20)]);
    const hotStore = failingReplace(t.hotStore, 1, 'hot written');
    const coldStore = failingReplace(t.coldStore, 1, 'cold written');
    const report = await offloadAuditArchiveTiered({ hotStore, coldStore, worldId: W, nodeId: A, offloadedAtMs: 1000, policy });
    expect(report).toMatchObject({ hotBefore: 1, hotAfter: 1, coldBefore: 2, coldAfter: 2, offloaded: 0 });
  });

  it('a failing hot write whose cold rollback also fails names both errors', async () => {
    const t = await tiers([rec(W, A, 100), rec(W, A, 950)]);
    const hotStore = failingReplace(t.hotStore, 1, 'hot disk full');
    const coldStore = failingReplace(t.coldStore, 2, 'cold disk gone');
    const run = offloadAuditArchiveTiered({ hotStore, coldStore, worldId: W, nodeId: A, offloadedAtMs: 1000, policy });
    await expect(run).rejects.toThrow('hot replace failed and cold rollback failed: hot=hot disk full, cold=cold disk gone');
  });
});

describe('hardened tiered offload refuses an unsafe setup', () => {
  it('without tiering (intents and lock)', async () => {
    const t = await tiers([]);
    const run = offloadAuditArchiveTiered({ ...t, worldId: W, nodeId: A, offloadedAtMs: 1, policy, profile: 'hardened' });
    await expect(run).rejects.toThrow('hardened tiered offload requires tiering (offload intents and lock)');
  });

  it('with one store as both hot and cold', async () => {
    const t = await tiers([]);
    const tiering = { intents: new InMemoryOffloadIntentStore(), mutex: new KeyedMutex() };
    const run = offloadAuditArchiveTiered({ hotStore: t.hotStore, coldStore: t.hotStore, tiering, worldId: W, nodeId: A, offloadedAtMs: 1, policy, profile: 'hardened' });
    await expect(run).rejects.toThrow('tiered offload hot_store and cold_store must be different stores');
  });
});

const query = (over: Partial<AuditAggregateQueryPolicy>): AuditAggregateQueryPolicy => ({ ...defaultAuditAggregateQueryPolicy(), ...over });

describe('aggregate query policy', () => {
  it('defaults to both tiers, 200 records, no time bound, every level', () => {
    expect(defaultAuditAggregateQueryPolicy()).toEqual({ includeHot: true, includeCold: true, maxRecords: 200, minAuditedAtMs: null, levels: [] });
  });

  it.each([
    [{ includeHot: false, includeCold: false }, `${AGGREGATE} requires include_hot or include_cold`],
    [{ maxRecords: 0 }, `${AGGREGATE} max_records must be positive, got 0`],
    [{ maxRecords: 2.5 }, `${AGGREGATE} max_records must be positive, got 2.5`],
  ])('rejects %o', (bad, message) => {
    expect(() => validateAuditAggregateQueryPolicy(query(bad))).toThrow(message);
  });

  it('accepts one tier alone and max_records 1', () => {
    expect(() => validateAuditAggregateQueryPolicy(query({ includeHot: false, maxRecords: 1 }))).not.toThrow();
    expect(() => validateAuditAggregateQueryPolicy(query({ includeCold: false }))).not.toThrow();
  });
});

async function twoNodes() {
  const hotStore = new InMemoryGovernanceAuditRetentionStore();
  const coldStore = new InMemoryGovernanceAuditRetentionStore();
  await hotStore.replace(W, A, [rec(W, A, 300, 'normal'), rec(W, A, 500, 'emergency')]);
  await coldStore.replace(W, A, [rec(W, A, 100, 'emergency'), rec(W, A, 400, 'normal')]);
  await hotStore.replace(W, B, [rec(W, B, 450, 'normal')]);
  await coldStore.replace(W, B, [rec(W, B, 200, 'emergency')]);
  return { hotStore, coldStore };
}
const rows = (r: Awaited<ReturnType<typeof queryAuditArchiveAggregated>>) => r.records.map((x) => `${x.nodeId}@${x.audit.auditedAtMs}:${x.tier}`);

describe('aggregate query', () => {
  it('merges both tiers of every node newest first and reports what it scanned', async () => {
    const r = await queryAuditArchiveAggregated({ ...(await twoNodes()), worldId: W, nodeIds: [B, A], policy: query({}) });
    expect(rows(r)).toEqual(['node-a@500:hot', 'node-b@450:hot', 'node-a@400:cold', 'node-a@300:hot', 'node-b@200:cold', 'node-a@100:cold']);
    expect([r.queriedNodeCount, r.scannedHot, r.scannedCold, r.returned]).toEqual([2, 3, 3, 6]);
  });

  it('min_audited_at_ms is inclusive and combines with the level filter', async () => {
    const stores = await twoNodes();
    const byTime = await queryAuditArchiveAggregated({ ...stores, worldId: W, nodeIds: [A, B], policy: query({ minAuditedAtMs: 400 }) });
    expect(rows(byTime)).toEqual(['node-a@500:hot', 'node-b@450:hot', 'node-a@400:cold']);
    const both = await queryAuditArchiveAggregated({ ...stores, worldId: W, nodeIds: [A, B], policy: query({ minAuditedAtMs: 150, levels: ['emergency'] }) });
    expect(rows(both)).toEqual(['node-a@500:hot', 'node-b@200:cold']);
  });

  it('a tier left out is neither read nor counted; max_records keeps the newest', async () => {
    const stores = await twoNodes();
    const coldOnly = await queryAuditArchiveAggregated({ ...stores, worldId: W, nodeIds: [A, B], policy: query({ includeHot: false, maxRecords: 2 }) });
    expect(rows(coldOnly)).toEqual(['node-a@400:cold', 'node-b@200:cold']);
    expect([coldOnly.scannedHot, coldOnly.scannedCold, coldOnly.returned]).toEqual([0, 3, 2]);
  });

  it('hardened without tiering still reads both tiers', async () => {
    const r = await queryAuditArchiveAggregated({ ...(await twoNodes()), worldId: W, nodeIds: [A], policy: query({ maxRecords: 1 }), profile: 'hardened' });
    expect(rows(r)).toEqual(['node-a@500:hot']);
  });

  it('with no time bound a record at a negative time is kept', async () => {
    const hotStore = new InMemoryGovernanceAuditRetentionStore();
    await hotStore.replace(W, A, [rec(W, A, -5)]);
    const r = await queryAuditArchiveAggregated({ hotStore, coldStore: new InMemoryGovernanceAuditRetentionStore(), worldId: W, nodeIds: [A], policy: query({}) });
    expect(rows(r)).toEqual(['node-a@-5:hot']);
  });

  it('original never acts on a pending offload intent; hardened finishes it before reading', async () => {
    for (const profile of ['original', 'hardened'] as const) {
      const hotStore = new InMemoryGovernanceAuditRetentionStore();
      const coldStore = new InMemoryGovernanceAuditRetentionStore();
      const [old, fresh] = [rec(W, A, 100), rec(W, A, 900)];
      await hotStore.replace(W, A, [old, fresh]);
      const tiering = { intents: new InMemoryOffloadIntentStore(), mutex: new KeyedMutex() };
      await tiering.intents.save(W, A, { phase: 'copy', coldBeforeCount: 0, offloaded: [old], hotBefore: [old, fresh], hotAfter: [fresh] });
      const r = await queryAuditArchiveAggregated({ hotStore, coldStore, tiering, profile, worldId: W, nodeIds: [A], policy: query({}) });
      expect(rows(r)).toEqual(profile === 'original' ? ['node-a@900:hot', 'node-a@100:hot'] : ['node-a@900:hot', 'node-a@100:cold']);
      expect(await tiering.intents.load(W, A)).toEqual(profile === 'original' ? expect.objectContaining({ phase: 'copy' }) : null);
    }
  });

  it('a node whose tiers were not read contributes nothing (pure step)', () => {
    const r = aggregateAuditRecords({ worldId: W, nodeIds: [A, B] }, new Map([[A, { hot: [rec(W, A, 5)], cold: null }]]), query({}));
    expect(r.records.map((x) => `${x.nodeId}@${x.audit.auditedAtMs}:${x.tier}`)).toEqual(['node-a@5:hot']);
    expect([r.queriedNodeCount, r.scannedHot, r.scannedCold]).toEqual([2, 1, 0]);
  });
});

// Hardened offload: under the node's per-key lock, finish any interrupted offload, plan, write the
// intent, copy to cold, mark the copy done, trim hot, clear the intent. Every step is idempotent
// and both tiers are rewritten with B's snapshot-checked `replacePrefix` (atomic in hardened
// files, keeping records appended meanwhile), so a crash at any write leaves each record in
// exactly one tier once recovery has run (removes W-F1, W-F2, W-F3).
// Recovery acts only on durable state: it re-persists the intent it loaded, counts a copy as done
// only after making cold durable again, and hardened StoreFiles redoes a failed fsync before any
// read (so nothing is decided on a page cache that a crash would take back). A prune of the hot
// tier first finishes a pending offload under the same lock (`pruneTieredHotArchive`); one that
// does not (B's prune alone) still cannot break recovery: the trim removes whichever offloaded
// records are still in hot.
import { IoError } from '../../common/errors';
import { normalizeKey, pairKey, type ScheduleKey } from '../../common/ids';
import {
  governanceAuditJson,
  type GovernanceAuditRecord,
  type GovernanceAuditRetentionStore,
} from '../../governance/archive/governanceAudit';
import { validateAuditRetentionPolicy, type AuditPruneReport } from '../../governance/retention/auditRetention';
import { pruneGovernanceAuditArchive, type PruneArchiveOptions } from '../../governance/retention/pruneArchive';
import type { KeyedMutex } from '../../replay/hardened/mutex';
import type { OffloadIntent, OffloadIntentStore } from './offloadIntent';
import { planTieredOffload } from './offloadPlan';
import { offloadReport, type TieredOffloadReport } from './offloadReport';
import type { TieredOffloadPolicy } from './offloadPolicy';

export interface HardenedTiering {
  readonly intents: OffloadIntentStore;
  /** One per node, shared by every offload, prune and aggregate read of that node's tiers. */
  readonly mutex: KeyedMutex;
}

export interface TierStores {
  readonly hotStore: GovernanceAuditRetentionStore;
  readonly coldStore: GovernanceAuditRetentionStore;
}

const same = (a: GovernanceAuditRecord, b: GovernanceAuditRecord): boolean => governanceAuditJson(a) === governanceAuditJson(b);
const startsWith = (list: readonly GovernanceAuditRecord[], head: readonly GovernanceAuditRecord[]): boolean =>
  list.length >= head.length && head.every((r, i) => same(list[i], r));

/** Removes the first occurrence of each record (by content); used only if hot was rewritten by someone else. */
function withoutRecords(list: readonly GovernanceAuditRecord[], gone: readonly GovernanceAuditRecord[]): GovernanceAuditRecord[] {
  const out = [...list];
  for (const g of gone) {
    const i = out.findIndex((r) => same(r, g));
    if (i >= 0) out.splice(i, 1);
  }
  return out;
}

async function copyToCold(key: ScheduleKey, stores: TierStores, intent: OffloadIntent): Promise<void> {
  const cold = await stores.coldStore.list(key.worldId, key.nodeId);
  const n = intent.coldBeforeCount;
  if (cold.length >= n && startsWith(cold.slice(n), intent.offloaded)) {
    // Already copied, by an attempt that may have failed after the copy became visible but before
    // it was durable (e.g. its directory fsync): write it again, so hot is trimmed only after the
    // copy and its name are on disk.
    await stores.coldStore.replacePrefix(key.worldId, key.nodeId, cold, cold);
    return;
  }
  if (cold.length < n) throw new IoError(`cold tier of ${key.worldId}/${key.nodeId} is shorter than the offload intent expects`);
  const head = cold.slice(0, n);
  await stores.coldStore.replacePrefix(key.worldId, key.nodeId, head, [...head, ...intent.offloaded]);
}

/**
 * Removes the offloaded records from hot. If hot is still the snapshot the intent was planned on
 * (plus appends), that is an exact prefix rewrite; if someone rewrote hot meanwhile (a prune that
 * did not finish the offload first), every offloaded record still in hot goes — an empty
 * `hotAfter` proves nothing about what hot holds.
 */
async function trimHot(key: ScheduleKey, stores: TierStores, intent: OffloadIntent): Promise<void> {
  const hot = await stores.hotStore.list(key.worldId, key.nodeId);
  if (startsWith(hot, intent.hotBefore)) {
    await stores.hotStore.replacePrefix(key.worldId, key.nodeId, intent.hotBefore, intent.hotAfter);
    return;
  }
  const remaining = withoutRecords(hot, intent.offloaded);
  if (remaining.length < hot.length) await stores.hotStore.replacePrefix(key.worldId, key.nodeId, hot, remaining);
}

/** Rolls an intent forward from whatever step it reached. Idempotent. */
async function applyIntent(key: ScheduleKey, stores: TierStores, intents: OffloadIntentStore, intent: OffloadIntent): Promise<void> {
  if (intent.phase === 'copy') {
    await copyToCold(key, stores, intent);
    await intents.save(key.worldId, key.nodeId, { ...intent, phase: 'trim' });
  }
  await trimHot(key, stores, intent);
  await intents.clear(key.worldId, key.nodeId);
}

/** Finishes an offload a crash or an error interrupted. Call under the tiering lock. */
export async function recoverPendingOffload(key: ScheduleKey, stores: TierStores, intents: OffloadIntentStore): Promise<boolean> {
  const intent = await intents.load(key.worldId, key.nodeId);
  if (intent === null) return false;
  // What was read may have been written by an attempt whose write failed before it was durable:
  // make it durable before acting on it, so a crash cannot take back the plan the steps follow.
  await intents.save(key.worldId, key.nodeId, intent);
  await applyIntent(key, stores, intents, intent);
  return true;
}

export interface HardenedOffloadInput extends TierStores {
  readonly offloadedAtMs: number;
  readonly policy: TieredOffloadPolicy;
}

/** The hardened offload body; the caller holds `tiering.mutex` for this key. */
export async function offloadHardenedLocked(
  opts: HardenedOffloadInput,
  key: ScheduleKey,
  intents: OffloadIntentStore,
): Promise<TieredOffloadReport> {
  await recoverPendingOffload(key, opts, intents);
  const hotBefore = await opts.hotStore.list(key.worldId, key.nodeId);
  const coldBefore = await opts.coldStore.list(key.worldId, key.nodeId);
  const plan = planTieredOffload(hotBefore, opts.offloadedAtMs, opts.policy);
  const report = offloadReport(key, opts.offloadedAtMs, { hotBefore: hotBefore.length, coldBefore: coldBefore.length }, plan);
  if (plan.offloadedRecords.length === 0) return report;
  const intent: OffloadIntent = {
    phase: 'copy',
    coldBeforeCount: coldBefore.length,
    offloaded: plan.offloadedRecords,
    hotBefore,
    hotAfter: plan.hotRecordsAfter,
  };
  await intents.save(key.worldId, key.nodeId, intent);
  await applyIntent(key, opts, intents, intent);
  return report;
}

export function offloadHardened(opts: HardenedOffloadInput, key: ScheduleKey, tiering: HardenedTiering): Promise<TieredOffloadReport> {
  return tiering.mutex.run(pairKey(key), () => offloadHardenedLocked(opts, key, tiering.intents));
}

export interface TieredPruneOptions extends Omit<PruneArchiveOptions, 'retentionStore'>, TierStores {
  /** The intents and lock of this node's tiers (used by 'hardened'). */
  readonly tiering: HardenedTiering;
  /** The view of `hotStore` the prune itself reads and rewrites (default: `hotStore`). */
  readonly retentionStore?: GovernanceAuditRetentionStore;
}

/**
 * P3.33's prune (B §5.4) of a tiered archive's hot tier. `hardened`: under the tiers' lock, finish
 * any pending offload first, then prune, so the offload's plan of hot is never rewritten under it
 * and the two happen in one order. `original`: the spec's prune, unchanged.
 */
export async function pruneTieredHotArchive(opts: TieredPruneOptions): Promise<AuditPruneReport> {
  const prune = { ...opts, retentionStore: opts.retentionStore ?? opts.hotStore };
  if (opts.profile !== 'hardened') return pruneGovernanceAuditArchive(prune);
  validateAuditRetentionPolicy(opts.retentionPolicy);
  const key = normalizeKey(opts.worldId, opts.nodeId);
  return opts.tiering.mutex.run(pairKey(key), async () => {
    await recoverPendingOffload(key, opts, opts.tiering.intents);
    return pruneGovernanceAuditArchive(prune);
  });
}

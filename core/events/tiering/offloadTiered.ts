// P3.34 offload entry (spec C §2.4). `original`: cold first (write 1), then hot (write 2), and on a
// hot error put cold back (compensation); a crash between the writes leaves records in both tiers
// (W-F1). `hardened` is in `hardenedOffload.ts`.
import { IoError, ValidationError } from '../../common/errors';
import { normalizeKey } from '../../common/ids';
import type { GovernanceAuditRetentionStore } from '../../governance/archive/governanceAudit';
import type { Profile } from '../../ports';
import { offloadHardened, type HardenedTiering } from './hardenedOffload';
import { planTieredOffload } from './offloadPlan';
import { validateTieredOffloadPolicy, type TieredOffloadPolicy } from './offloadPolicy';
import { offloadReport, type TieredOffloadReport } from './offloadReport';

export interface TieredOffloadOptions {
  readonly worldId: string;
  readonly nodeId: string;
  readonly offloadedAtMs: number;
  readonly policy: TieredOffloadPolicy;
  readonly hotStore: GovernanceAuditRetentionStore;
  readonly coldStore: GovernanceAuditRetentionStore;
  /** Default 'original'. */
  readonly profile?: Profile;
  /** Required by 'hardened': the intent store and the per-key lock of this node's tiers. */
  readonly tiering?: HardenedTiering;
}

/** `offload_…_governance_audit_archive_tiered`. */
export async function offloadAuditArchiveTiered(opts: TieredOffloadOptions): Promise<TieredOffloadReport> {
  validateTieredOffloadPolicy(opts.policy);
  const key = normalizeKey(opts.worldId, opts.nodeId);
  if (opts.profile === 'hardened') {
    if (!opts.tiering) throw new ValidationError('hardened tiered offload requires tiering (offload intents and lock)');
    if (opts.hotStore === opts.coldStore) throw new ValidationError('tiered offload hot_store and cold_store must be different stores');
    return offloadHardened(opts, key, opts.tiering);
  }
  const hotBefore = await opts.hotStore.list(key.worldId, key.nodeId);
  const coldBefore = await opts.coldStore.list(key.worldId, key.nodeId);
  const plan = planTieredOffload(hotBefore, opts.offloadedAtMs, opts.policy);
  const report = offloadReport(key, opts.offloadedAtMs, { hotBefore: hotBefore.length, coldBefore: coldBefore.length }, plan);
  if (plan.offloadedRecords.length === 0) return report;
  await opts.coldStore.replace(key.worldId, key.nodeId, [...coldBefore, ...plan.offloadedRecords]);
  try {
    await opts.hotStore.replace(key.worldId, key.nodeId, plan.hotRecordsAfter);
  } catch (hotErr) {
    try {
      await opts.coldStore.replace(key.worldId, key.nodeId, coldBefore);
    } catch (coldErr) {
      throw new IoError(`hot replace failed and cold rollback failed: hot=${describe(hotErr)}, cold=${describe(coldErr)}`);
    }
    throw new IoError(`hot replace failed and cold layer rolled back: ${describe(hotErr)}`);
  }
  return report;
}

const describe = (e: unknown): string => (e instanceof Error ? e.message : String(e));

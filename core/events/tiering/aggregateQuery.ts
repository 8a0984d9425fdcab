// P3.35 hot/cold aggregate query (spec C §3.1–§3.4). Read-only; no de-duplication between tiers in
// `original` (a crash mid-offload shows a record twice, W-F1). `hardened` reads each node's two
// tiers under the tiering lock after finishing any interrupted offload, so a record shows once.
import { ValidationError } from '../../common/errors';
import { pairKey } from '../../common/ids';
import type {
  GovernanceAuditRecord,
  GovernanceAuditRetentionStore,
} from '../../governance/archive/governanceAudit';
import type { GovernanceLevel } from '../../governance/level/governanceLevel';
import type { Profile } from '../../ports';
import { normalizeNodeList, type NormalizedNodeList } from '../common/nodeList';
import { cmpNum, cmpStr, stableSorted } from '../common/order';
import { recoverPendingOffload, type HardenedTiering } from './hardenedOffload';

/** Ordering hot < cold, used as the last sort tie-break. */
export type ArchiveTier = 'hot' | 'cold';
// Stryker disable next-line ConditionalExpression,StringLiteral: equivalent, each node's hot records are collected before its cold ones and the sort is stable, so this tie-break never reorders
const tierRank = (t: ArchiveTier): number => (t === 'hot' ? 0 : 1);

export interface AuditAggregateQueryPolicy {
  /** Default true. */
  readonly includeHot: boolean;
  /** Default true. */
  readonly includeCold: boolean;
  /** Default 200. */
  readonly maxRecords: number;
  /** Inclusive lower bound on `audited_at_ms`; default null (no bound). */
  readonly minAuditedAtMs: number | null;
  /** Default [] (every level). */
  readonly levels: readonly GovernanceLevel[];
}

export const defaultAuditAggregateQueryPolicy = (): AuditAggregateQueryPolicy => ({
  includeHot: true,
  includeCold: true,
  maxRecords: 200,
  minAuditedAtMs: null,
  levels: [],
});

const AGGREGATE = 'membership revocation rollback governance audit aggregate query';

export function validateAuditAggregateQueryPolicy(policy: AuditAggregateQueryPolicy): void {
  if (!policy.includeHot && !policy.includeCold) throw new ValidationError(`${AGGREGATE} requires include_hot or include_cold`);
  if (!Number.isSafeInteger(policy.maxRecords) || policy.maxRecords <= 0) {
    throw new ValidationError(`${AGGREGATE} max_records must be positive, got ${policy.maxRecords}`);
  }
}

/** `world_id`/`node_id` are the queried normalised ids, not the ids stored inside `audit`. */
export interface AuditAggregateQueryRecord {
  readonly worldId: string;
  readonly nodeId: string;
  readonly tier: ArchiveTier;
  readonly audit: GovernanceAuditRecord;
}

export interface AuditAggregateQueryReport {
  readonly worldId: string;
  readonly queriedNodeCount: number;
  readonly scannedHot: number;
  readonly scannedCold: number;
  readonly returned: number;
  readonly records: AuditAggregateQueryRecord[];
}

export interface NodeTiers {
  readonly hot: readonly GovernanceAuditRecord[] | null;
  readonly cold: readonly GovernanceAuditRecord[] | null;
}

const passes = (r: GovernanceAuditRecord, p: AuditAggregateQueryPolicy): boolean =>
  (p.minAuditedAtMs === null || r.auditedAtMs >= p.minAuditedAtMs) && (p.levels.length === 0 || p.levels.includes(r.governanceLevel));

const newestFirst = (a: AuditAggregateQueryRecord, b: AuditAggregateQueryRecord): number =>
  cmpNum(b.audit.auditedAtMs, a.audit.auditedAtMs) || cmpStr(a.nodeId, b.nodeId) || cmpNum(tierRank(a.tier), tierRank(b.tier));

/** Pure §3.4 steps 2–4 over tiers already read (null = tier not included). */
export function aggregateAuditRecords(
  nodes: NormalizedNodeList,
  tiersByNode: ReadonlyMap<string, NodeTiers>,
  policy: AuditAggregateQueryPolicy,
): AuditAggregateQueryReport {
  let scannedHot = 0;
  let scannedCold = 0;
  const collected: AuditAggregateQueryRecord[] = [];
  for (const nodeId of nodes.nodeIds) {
    const tiers = tiersByNode.get(nodeId) ?? { hot: null, cold: null };
    for (const tier of ['hot', 'cold'] as const) {
      const list = tiers[tier];
      if (list === null) continue;
      if (tier === 'hot') scannedHot += list.length;
      else scannedCold += list.length;
      for (const audit of list) if (passes(audit, policy)) collected.push({ worldId: nodes.worldId, nodeId, tier, audit });
    }
  }
  const records = stableSorted(collected, newestFirst).slice(0, policy.maxRecords);
  return { worldId: nodes.worldId, queriedNodeCount: nodes.nodeIds.length, scannedHot, scannedCold, returned: records.length, records };
}

export interface AuditAggregateQueryOptions {
  readonly worldId: string;
  readonly nodeIds: readonly string[];
  readonly policy: AuditAggregateQueryPolicy;
  readonly hotStore: GovernanceAuditRetentionStore;
  readonly coldStore: GovernanceAuditRetentionStore;
  /** Default 'original'. */
  readonly profile?: Profile;
  /** Hardened: each node's two tiers are read under its tiering lock, after finishing an interrupted offload. */
  readonly tiering?: HardenedTiering;
}

/** `query_…_governance_audit_archive_aggregated`. */
export async function queryAuditArchiveAggregated(opts: AuditAggregateQueryOptions): Promise<AuditAggregateQueryReport> {
  validateAuditAggregateQueryPolicy(opts.policy);
  const nodes = normalizeNodeList(opts.worldId, opts.nodeIds, AGGREGATE);
  const tiersByNode = new Map<string, NodeTiers>();
  for (const nodeId of nodes.nodeIds) {
    const read = async (): Promise<NodeTiers> => ({
      hot: opts.policy.includeHot ? await opts.hotStore.list(nodes.worldId, nodeId) : null,
      cold: opts.policy.includeCold ? await opts.coldStore.list(nodes.worldId, nodeId) : null,
    });
    const key = { worldId: nodes.worldId, nodeId };
    const { tiering } = opts;
    const readSafely = async (): Promise<NodeTiers> => {
      if (!tiering) return read();
      return tiering.mutex.run(pairKey(key), async () => {
        await recoverPendingOffload(key, opts, tiering.intents);
        return read();
      });
    };
    tiersByNode.set(nodeId, opts.profile === 'hardened' ? await readSafely() : await read());
  }
  return aggregateAuditRecords(nodes, tiersByNode, opts.policy);
}

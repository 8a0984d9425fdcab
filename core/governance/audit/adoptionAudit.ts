// P3.30 adoption audit (spec B §2.1-§2.3): one record per governed run, saying what was
// recommended, what was applied, and whether it was a rollback. The log has no retention.
import type { StoreFiles } from '../../common/storeFiles';
import type { DeliveryMetrics, ReplayPolicy } from '../../replay/types';
import {
  child,
  compactJson,
  parseObject,
  readBool,
  readEnum,
  readI64,
  readObject,
  readString,
  readUsize,
  type JsonSource,
} from '../codec/jsonFields';
import {
  deliveryMetricsFromJson,
  deliveryMetricsJson,
  replayPolicyFromJson,
  replayPolicyJson,
} from '../codec/replayCodec';
import { createFileLogStore, createMemoryLogStore, type LogStore } from '../stores/logStore';
import { FILE_SUFFIX } from '../stores/storePath';

export type PolicyAdoptionDecision = 'adopted' | 'rolled_back_to_stable';

export const adoptionDecisionOf = (rolledBack: boolean): PolicyAdoptionDecision =>
  rolledBack ? 'rolled_back_to_stable' : 'adopted';

export interface PolicyAdoptionAuditRecord {
  readonly worldId: string;
  readonly nodeId: string;
  readonly auditedAtMs: number;
  readonly decision: PolicyAdoptionDecision;
  readonly recommendedPolicy: ReplayPolicy;
  readonly appliedPolicy: ReplayPolicy;
  readonly stablePolicy: ReplayPolicy;
  readonly backlogDeadLetters: number;
  readonly backlogPending: number;
  readonly metrics: DeliveryMetrics;
  readonly rollbackTriggered: boolean;
}

export const adoptionAuditJson = (r: PolicyAdoptionAuditRecord): string =>
  JSON.stringify(
    compactJson([
      ['world_id', r.worldId],
      ['node_id', r.nodeId],
      ['audited_at_ms', r.auditedAtMs],
      ['decision', r.decision],
      ['recommended_policy', replayPolicyJson(r.recommendedPolicy)],
      ['applied_policy', replayPolicyJson(r.appliedPolicy)],
      ['stable_policy', replayPolicyJson(r.stablePolicy)],
      ['backlog_dead_letters', r.backlogDeadLetters],
      ['backlog_pending', r.backlogPending],
      ['metrics', deliveryMetricsJson(r.metrics)],
      ['rollback_triggered', r.rollbackTriggered],
    ]),
  );

export function adoptionAuditFromObject(o: Readonly<Record<string, unknown>>, src: JsonSource): PolicyAdoptionAuditRecord {
  const policy = (f: string): ReplayPolicy => replayPolicyFromJson(readObject(o, f, src), child(src, f));
  return {
    worldId: readString(o, 'world_id', src),
    nodeId: readString(o, 'node_id', src),
    auditedAtMs: readI64(o, 'audited_at_ms', src),
    decision: readEnum(o['decision'], ['adopted', 'rolled_back_to_stable'] as const, child(src, 'decision')),
    recommendedPolicy: policy('recommended_policy'),
    appliedPolicy: policy('applied_policy'),
    stablePolicy: policy('stable_policy'),
    backlogDeadLetters: readUsize(o, 'backlog_dead_letters', src),
    backlogPending: readUsize(o, 'backlog_pending', src),
    metrics: deliveryMetricsFromJson(readObject(o, 'metrics', src), child(src, 'metrics')),
    rollbackTriggered: readBool(o, 'rollback_triggered', src),
  };
}

const decodeLine = (line: string, file: string, lineNo: number): PolicyAdoptionAuditRecord =>
  adoptionAuditFromObject(parseObject(line, file), { file, at: `line ${lineNo}` });

export interface PolicyAuditStore {
  append(worldId: string, nodeId: string, record: PolicyAdoptionAuditRecord): Promise<void>;
  /** Records in append order; missing is `[]`. One unparsable line fails the whole list. */
  list(worldId: string, nodeId: string): Promise<PolicyAdoptionAuditRecord[]>;
}

class LogBackedPolicyAuditStore implements PolicyAuditStore {
  constructor(private readonly log: LogStore<PolicyAdoptionAuditRecord>) {}
  append(worldId: string, nodeId: string, record: PolicyAdoptionAuditRecord): Promise<void> {
    return this.log.append(worldId, nodeId, record);
  }
  list(worldId: string, nodeId: string): Promise<PolicyAdoptionAuditRecord[]> {
    return this.log.list(worldId, nodeId);
  }
}

export class InMemoryPolicyAuditStore extends LogBackedPolicyAuditStore {
  constructor() {
    super(createMemoryLogStore());
  }
}

/** `<w>.<n>.revocation-dead-letter-replay-policy-audit.jsonl`. */
export class FilePolicyAuditStore extends LogBackedPolicyAuditStore {
  constructor(files: StoreFiles, rootDir: string) {
    super(createFileLogStore(files, rootDir, { suffix: FILE_SUFFIX.policyAudit, encode: adoptionAuditJson, decode: decodeLine }));
  }
}

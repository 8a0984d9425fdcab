// P3.32 governance audit archive (spec B §4.1, §5.1): one record per governed run, and the
// retention store that prunes the same file. File:
// `<w>.<n>.revocation-dead-letter-replay-rollback-governance-audit.jsonl`.
import type { StoreFiles } from '../../common/storeFiles';
import type { ReplayPolicy } from '../../replay/types';
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
import { replayPolicyFromJson, replayPolicyJson } from '../codec/replayCodec';
import { GOVERNANCE_LEVELS, type GovernanceLevel } from '../level/governanceLevel';
import { createFileLogStore, createMemoryLogStore, type LogStore } from '../stores/logStore';
import { FILE_SUFFIX } from '../stores/storePath';

export interface GovernanceAuditRecord {
  readonly worldId: string;
  readonly nodeId: string;
  readonly auditedAtMs: number;
  readonly governanceLevel: GovernanceLevel;
  readonly rollbackStreak: number;
  readonly rolledBack: boolean;
  readonly appliedPolicy: ReplayPolicy;
  readonly alertEmitted: boolean;
}

export const governanceAuditJson = (r: GovernanceAuditRecord): string =>
  JSON.stringify(
    compactJson([
      ['world_id', r.worldId],
      ['node_id', r.nodeId],
      ['audited_at_ms', r.auditedAtMs],
      ['governance_level', r.governanceLevel],
      ['rollback_streak', r.rollbackStreak],
      ['rolled_back', r.rolledBack],
      ['applied_policy', replayPolicyJson(r.appliedPolicy)],
      ['alert_emitted', r.alertEmitted],
    ]),
  );

export function governanceAuditFromObject(o: Readonly<Record<string, unknown>>, src: JsonSource): GovernanceAuditRecord {
  return {
    worldId: readString(o, 'world_id', src),
    nodeId: readString(o, 'node_id', src),
    auditedAtMs: readI64(o, 'audited_at_ms', src),
    governanceLevel: readEnum(o['governance_level'], GOVERNANCE_LEVELS, child(src, 'governance_level')),
    rollbackStreak: readUsize(o, 'rollback_streak', src),
    rolledBack: readBool(o, 'rolled_back', src),
    appliedPolicy: replayPolicyFromJson(readObject(o, 'applied_policy', src), child(src, 'applied_policy')),
    alertEmitted: readBool(o, 'alert_emitted', src),
  };
}

const decodeLine = (line: string, file: string, lineNo: number): GovernanceAuditRecord =>
  governanceAuditFromObject(parseObject(line, file), { file, at: `line ${lineNo}` });

export interface GovernanceAuditStore {
  append(worldId: string, nodeId: string, record: GovernanceAuditRecord): Promise<void>;
  /** Records in append order; missing is `[]`; one unparsable line fails the whole list. */
  list(worldId: string, nodeId: string): Promise<GovernanceAuditRecord[]>;
}

export interface GovernanceAuditRetentionStore extends GovernanceAuditStore {
  /** Overwrites the archive; an empty list deletes it (spec B §5.1). */
  replace(worldId: string, nodeId: string, records: readonly GovernanceAuditRecord[]): Promise<void>;
  /** Hardened prune: rewrites only the records of `snapshot` (the log's head), keeping later appends. */
  replacePrefix(
    worldId: string,
    nodeId: string,
    snapshot: readonly GovernanceAuditRecord[],
    keptOfSnapshot: readonly GovernanceAuditRecord[],
  ): Promise<void>;
}

class LogBackedGovernanceAuditStore implements GovernanceAuditRetentionStore {
  constructor(private readonly log: LogStore<GovernanceAuditRecord>) {}
  append(worldId: string, nodeId: string, record: GovernanceAuditRecord): Promise<void> {
    return this.log.append(worldId, nodeId, record);
  }
  list(worldId: string, nodeId: string): Promise<GovernanceAuditRecord[]> {
    return this.log.list(worldId, nodeId);
  }
  replace(worldId: string, nodeId: string, records: readonly GovernanceAuditRecord[]): Promise<void> {
    return this.log.replace(worldId, nodeId, records);
  }
  replacePrefix(
    w: string,
    n: string,
    snapshot: readonly GovernanceAuditRecord[],
    kept: readonly GovernanceAuditRecord[],
  ): Promise<void> {
    return this.log.replacePrefix(w, n, snapshot, kept);
  }
}

/** Serves as both the archive (P3.32) and the retention target (P3.33). */
export class InMemoryGovernanceAuditRetentionStore extends LogBackedGovernanceAuditStore {
  constructor() {
    super(createMemoryLogStore());
  }
}

/** Serves as both the archive (P3.32) and the retention target (P3.33), on the same file. */
export class FileGovernanceAuditRetentionStore extends LogBackedGovernanceAuditStore {
  constructor(files: StoreFiles, rootDir: string) {
    super(createFileLogStore(files, rootDir, { suffix: FILE_SUFFIX.governanceAudit, encode: governanceAuditJson, decode: decodeLine }));
  }
}

export class InMemoryGovernanceAuditStore extends InMemoryGovernanceAuditRetentionStore {}
export class FileGovernanceAuditStore extends FileGovernanceAuditRetentionStore {}

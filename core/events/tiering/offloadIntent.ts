// Hardened offload write-ahead intent: which records move, from which hot snapshot, onto how long a
// cold list, and how far the move got ('copy' → cold not yet known written, 'trim' → cold written,
// hot not yet). Recovery rolls it forward, so a record reaches cold exactly once across a crash.
import { normalizeKey, pairKey, type ScheduleKey } from '../../common/ids';
import { joinPath } from '../../common/paths';
import { parseJson, type StoreFiles } from '../../common/storeFiles';
import {
  governanceAuditFromObject,
  governanceAuditJson,
  type GovernanceAuditRecord,
} from '../../governance/archive/governanceAudit';
import { JsonReader } from '../common/json';

export interface OffloadIntent {
  readonly phase: 'copy' | 'trim';
  readonly coldBeforeCount: number;
  readonly offloaded: readonly GovernanceAuditRecord[];
  readonly hotBefore: readonly GovernanceAuditRecord[];
  readonly hotAfter: readonly GovernanceAuditRecord[];
}

export interface OffloadIntentStore {
  load(worldId: string, nodeId: string): Promise<OffloadIntent | null>;
  save(worldId: string, nodeId: string, intent: OffloadIntent): Promise<void>;
  clear(worldId: string, nodeId: string): Promise<void>;
}

export class InMemoryOffloadIntentStore implements OffloadIntentStore {
  private readonly intents = new Map<string, OffloadIntent>();
  async load(worldId: string, nodeId: string): Promise<OffloadIntent | null> {
    return structuredClone(this.intents.get(pairKey(normalizeKey(worldId, nodeId))) ?? null);
  }
  async save(worldId: string, nodeId: string, intent: OffloadIntent): Promise<void> {
    this.intents.set(pairKey(normalizeKey(worldId, nodeId)), structuredClone(intent));
  }
  async clear(worldId: string, nodeId: string): Promise<void> {
    this.intents.delete(pairKey(normalizeKey(worldId, nodeId)));
  }
}

export const OFFLOAD_INTENT_FILE_SUFFIX = 'revocation-dead-letter-replay-rollback-governance-audit-tiered-offload-intent.json';

const recordsJson = (rs: readonly GovernanceAuditRecord[]): unknown[] => rs.map((r) => JSON.parse(governanceAuditJson(r)) as unknown);

export function encodeOffloadIntent(intent: OffloadIntent): string {
  return JSON.stringify({
    phase: intent.phase,
    cold_before_count: intent.coldBeforeCount,
    offloaded: recordsJson(intent.offloaded),
    hot_before: recordsJson(intent.hotBefore),
    hot_after: recordsJson(intent.hotAfter),
  });
}

export function decodeOffloadIntent(text: string, file: string): OffloadIntent {
  const r = new JsonReader(file, 'tiered offload intent');
  const o = r.object(parseJson(text, file));
  const records = (field: string): GovernanceAuditRecord[] => {
    const v = o[field];
    if (!Array.isArray(v)) r.fail(field, 'is not an array');
    return (v as unknown[]).map((x, i) => governanceAuditFromObject(r.object(x), { file, at: `${field}[${i}]` }));
  };
  return {
    phase: r.oneOf(o, 'phase', ['copy', 'trim'] as const),
    coldBeforeCount: r.usize(o, 'cold_before_count'),
    offloaded: records('offloaded'),
    hotBefore: records('hot_before'),
    hotAfter: records('hot_after'),
  };
}

/** Written atomically when `files` is hardened (temp + fsync + rename). */
export class FileOffloadIntentStore implements OffloadIntentStore {
  constructor(
    private readonly files: StoreFiles,
    private readonly rootDir: string,
  ) {}
  private pathOf(key: ScheduleKey): string {
    return joinPath(this.rootDir, `${key.worldId}.${key.nodeId}.${OFFLOAD_INTENT_FILE_SUFFIX}`);
  }
  async load(worldId: string, nodeId: string): Promise<OffloadIntent | null> {
    const path = this.pathOf(normalizeKey(worldId, nodeId));
    const text = await this.files.readText(path);
    return text === null ? null : decodeOffloadIntent(text, path);
  }
  async save(worldId: string, nodeId: string, intent: OffloadIntent): Promise<void> {
    await this.files.writeDocument(this.pathOf(normalizeKey(worldId, nodeId)), encodeOffloadIntent(intent));
  }
  async clear(worldId: string, nodeId: string): Promise<void> {
    await this.files.removeIfExists(this.pathOf(normalizeKey(worldId, nodeId)));
  }
}

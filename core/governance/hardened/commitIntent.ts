// Hardened profile: the write-ahead record of one governed run. Everything the run will write
// (policy state W1+W10, adoption audit W7, alert W8, alert state W9, governance state W11,
// governance audit W12) is saved atomically first, then applied, then deleted, so a crash between
// any two writes is completed by whoever touches the key next. An alert is an external effect:
// while `phase` is `await_alert` nothing has been applied, and only a run holding the lease and
// the sink may resolve it (emit it again, or drop it if the sink fails).
// File: `<w>.<n>.revocation-dead-letter-replay-governance-commit-intent.json` (not in the spec).
import type { StoreFiles } from '../../common/storeFiles';
import { decodeAlert, encodeAlert } from '../../replay/codec/records';
import type { RevocationAlert } from '../../replay/types';
import { alertStateJson, type RollbackAlertState } from '../alert/rollbackAlert';
import { governanceAuditFromObject, governanceAuditJson, type GovernanceAuditRecord } from '../archive/governanceAudit';
import { adoptionAuditFromObject, adoptionAuditJson, type PolicyAdoptionAuditRecord } from '../audit/adoptionAudit';
import {
  asObject,
  child,
  parseObject,
  readEnum,
  readI64,
  readOptionalI64,
  readUsize,
  type JsonObject,
  type JsonSource,
} from '../codec/jsonFields';
import { governanceStateFromObject, governanceStateJson, type GovernanceState } from '../level/governanceLevel';
import { policyStateFromObject, policyStateJson, type ReplayPolicyState } from '../policy/policyState';
import { createFileDocumentStore, createMemoryDocumentStore, type DocumentStore } from '../stores/documentStore';
import { FILE_SUFFIX } from '../stores/storePath';

/** A log append made idempotent: it is done once the log holds more than `base` records. */
export interface PlannedAppend<T> {
  readonly base: number;
  readonly record: T;
}

export interface GovernanceCommitIntent {
  readonly phase: 'await_alert' | 'apply';
  readonly plannedAtMs: number;
  readonly policyState: ReplayPolicyState;
  readonly adoptionAudit: PlannedAppend<PolicyAdoptionAuditRecord> | null;
  readonly alert: RevocationAlert | null;
  /** The alert state to save (null: not persisted here, e.g. P3.30's caller-owned state). */
  readonly alertState: RollbackAlertState | null;
  /** The alert state to save instead if the alert has to be dropped (the sink failed). */
  readonly alertStateWithoutAlert: RollbackAlertState | null;
  readonly governanceState: GovernanceState | null;
  readonly governanceAudit: PlannedAppend<GovernanceAuditRecord> | null;
}

/** The intent once its alert is known to be emitted (or there was none): ready to apply. */
export const confirmAlert = (i: GovernanceCommitIntent): GovernanceCommitIntent => ({ ...i, phase: 'apply' });

/** The intent without its alert (the sink failed): the audit says no alert, the cooldown stays. */
export const dropAlert = (i: GovernanceCommitIntent): GovernanceCommitIntent => ({
  ...i,
  phase: 'apply',
  alert: null,
  alertState: i.alertStateWithoutAlert,
  governanceAudit: i.governanceAudit && { ...i.governanceAudit, record: { ...i.governanceAudit.record, alertEmitted: false } },
});

const objectOf = (json: string): JsonObject => JSON.parse(json) as JsonObject;
const append = <T>(a: PlannedAppend<T> | null, encode: (r: T) => string) =>
  a === null ? null : { base: a.base, record: objectOf(encode(a.record)) };

export function commitIntentJson(i: GovernanceCommitIntent): string {
  return JSON.stringify({
    phase: i.phase,
    planned_at_ms: i.plannedAtMs,
    policy_state: objectOf(policyStateJson(i.policyState)),
    adoption_audit: append(i.adoptionAudit, adoptionAuditJson),
    alert: i.alert === null ? null : encodeAlert(i.alert),
    alert_state: i.alertState === null ? null : objectOf(alertStateJson(i.alertState)),
    alert_state_without_alert: i.alertStateWithoutAlert === null ? null : objectOf(alertStateJson(i.alertStateWithoutAlert)),
    governance_state: i.governanceState === null ? null : objectOf(governanceStateJson(i.governanceState)),
    governance_audit: append(i.governanceAudit, governanceAuditJson),
  });
}

function optional<T>(o: JsonObject, field: string, src: JsonSource, read: (v: JsonObject, s: JsonSource) => T): T | null {
  const v = o[field];
  return v === undefined || v === null ? null : read(asObject(v, child(src, field)), child(src, field));
}

const plannedAppend =
  <T>(decode: (o: JsonObject, s: JsonSource) => T) =>
  (o: JsonObject, s: JsonSource): PlannedAppend<T> => ({
    base: readUsize(o, 'base', s),
    record: decode(asObject(o['record'], child(s, 'record')), child(s, 'record')),
  });

const alertStateOf = (o: JsonObject, s: JsonSource): RollbackAlertState => ({
  lastAlertAtMs: readOptionalI64(o, 'last_alert_at_ms', s),
});

export function commitIntentFromJson(text: string, file: string): GovernanceCommitIntent {
  const o = parseObject(text, file);
  const src: JsonSource = { file, at: '' };
  return {
    phase: readEnum(o['phase'], ['await_alert', 'apply'] as const, child(src, 'phase')),
    plannedAtMs: readI64(o, 'planned_at_ms', src),
    policyState: policyStateFromObject(asObject(o['policy_state'], child(src, 'policy_state')), child(src, 'policy_state')),
    adoptionAudit: optional(o, 'adoption_audit', src, plannedAppend(adoptionAuditFromObject)),
    alert: o['alert'] === undefined || o['alert'] === null ? null : decodeAlert(o['alert'], `${file} (alert)`),
    alertState: optional(o, 'alert_state', src, alertStateOf),
    alertStateWithoutAlert: optional(o, 'alert_state_without_alert', src, alertStateOf),
    governanceState: optional(o, 'governance_state', src, governanceStateFromObject),
    governanceAudit: optional(o, 'governance_audit', src, plannedAppend(governanceAuditFromObject)),
  };
}

/** One pending intent per (world, node), or none. */
export interface GovernanceIntentStore {
  load(worldId: string, nodeId: string): Promise<GovernanceCommitIntent | null>;
  save(worldId: string, nodeId: string, intent: GovernanceCommitIntent): Promise<void>;
  clear(worldId: string, nodeId: string): Promise<void>;
}

class DocumentBackedIntentStore implements GovernanceIntentStore {
  constructor(private readonly docs: DocumentStore<GovernanceCommitIntent | null>) {}
  load(worldId: string, nodeId: string): Promise<GovernanceCommitIntent | null> {
    return this.docs.load(worldId, nodeId);
  }
  save(worldId: string, nodeId: string, intent: GovernanceCommitIntent): Promise<void> {
    return this.docs.save(worldId, nodeId, intent);
  }
  clear(worldId: string, nodeId: string): Promise<void> {
    return this.docs.remove(worldId, nodeId);
  }
}

export class InMemoryGovernanceIntentStore extends DocumentBackedIntentStore {
  constructor() {
    super(createMemoryDocumentStore<GovernanceCommitIntent | null>(() => null));
  }
}

export class FileGovernanceIntentStore extends DocumentBackedIntentStore {
  constructor(files: StoreFiles, rootDir: string) {
    const codec = {
      suffix: FILE_SUFFIX.commitIntent,
      fallback: () => null,
      // Stryker disable next-line ConditionalExpression,StringLiteral: equivalent, unreachable: the intent store's save takes a non-null intent, so null is never encoded
      encode: (i: GovernanceCommitIntent | null) => (i === null ? 'null' : commitIntentJson(i)),
      decode: (text: string, file: string) => commitIntentFromJson(text, file),
    };
    super(createFileDocumentStore<GovernanceCommitIntent | null>(files, rootDir, codec));
  }
}

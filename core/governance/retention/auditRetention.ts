// P3.33 archive retention (spec B §5.2-§5.3): drop records older than `max_age_ms`, then keep only
// the newest `max_records` by position. Pure.
import { ValidationError } from '../../common/errors';
import { satSubI64 } from '../../common/saturating';
import type { GovernanceAuditRecord } from '../archive/governanceAudit';

export interface AuditRetentionPolicy {
  readonly maxRecords: number;
  readonly maxAgeMs: number;
}

export const defaultAuditRetentionPolicy = (): AuditRetentionPolicy => ({ maxRecords: 500, maxAgeMs: 86_400_000 });

const RETENTION = 'membership revocation dead-letter replay rollback governance audit retention';

export function validateAuditRetentionPolicy(p: AuditRetentionPolicy): void {
  if (p.maxRecords === 0) throw new ValidationError(`${RETENTION} max_records must be positive`);
  if (p.maxAgeMs <= 0) throw new ValidationError(`${RETENTION} max_age_ms must be positive, got ${p.maxAgeMs}`);
}

export interface AuditRetentionResult {
  readonly kept: GovernanceAuditRecord[];
  readonly prunedByAge: number;
  readonly prunedByCapacity: number;
}

/** `apply_governance_audit_retention`: age is strict (`> max_age`); a future record never ages. */
export function applyAuditRetention(
  records: readonly GovernanceAuditRecord[],
  nowMs: number,
  policy: AuditRetentionPolicy,
): AuditRetentionResult {
  const young = records.filter((r) => satSubI64(nowMs, r.auditedAtMs) <= policy.maxAgeMs);
  const prunedByAge = records.length - young.length;
  // Stryker disable next-line EqualityOperator: equivalent, at young.length === maxRecords the capacity branch also keeps all of young with prunedByCapacity 0
  if (young.length <= policy.maxRecords) return { kept: young, prunedByAge, prunedByCapacity: 0 };
  const prunedByCapacity = young.length - policy.maxRecords;
  return { kept: young.slice(prunedByCapacity), prunedByAge, prunedByCapacity };
}

export interface AuditPruneReport {
  readonly worldId: string;
  readonly nodeId: string;
  readonly prunedAtMs: number;
  readonly before: number;
  readonly after: number;
  readonly prunedByAge: number;
  readonly prunedByCapacity: number;
}

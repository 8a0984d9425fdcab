// P3.34 tiered offload policy (spec C §2.1).
import { ValidationError } from '../../common/errors';

export interface TieredOffloadPolicy {
  /** Records the hot tier may keep before capacity offload starts. Default 200. */
  readonly hotMaxRecords: number;
  /** A record this old or older (`>=`) is offloaded by age. Default 3_600_000. */
  readonly offloadMinAgeMs: number;
  /** At most this many records move per run. Default 200. */
  readonly maxOffloadRecords: number;
}

export const defaultTieredOffloadPolicy = (): TieredOffloadPolicy => ({
  hotMaxRecords: 200,
  offloadMinAgeMs: 3_600_000,
  maxOffloadRecords: 200,
});

const OFFLOAD = 'membership revocation dead-letter replay rollback governance audit tiered offload policy';

const isUsizePositive = (v: number): boolean => Number.isSafeInteger(v) && v > 0;

/** `validate_governance_audit_tiered_offload_policy`, checks in spec order. */
export function validateTieredOffloadPolicy(policy: TieredOffloadPolicy): void {
  if (!isUsizePositive(policy.hotMaxRecords)) throw new ValidationError(`${OFFLOAD} hot_max_records must be positive`);
  if (!(policy.offloadMinAgeMs > 0)) {
    throw new ValidationError(`${OFFLOAD} offload_min_age_ms must be positive, got ${policy.offloadMinAgeMs}`);
  }
  if (!isUsizePositive(policy.maxOffloadRecords)) throw new ValidationError(`${OFFLOAD} max_offload_records must be positive`);
}

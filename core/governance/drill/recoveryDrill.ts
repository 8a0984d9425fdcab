// P3.32 recovery drill (spec B §4.3-§4.4): a read-only snapshot of the alert state, the governance
// state and the newest archive records, plus whether an emergency ever happened.
import { ValidationError } from '../../common/errors';
import { normalizeKey } from '../../common/ids';
import { satSub } from '../../common/saturating';
import type { RollbackAlertState } from '../alert/rollbackAlert';
import type { RollbackAlertStateStore } from '../alert/alertStateStore';
import type { GovernanceAuditRecord, GovernanceAuditStore } from '../archive/governanceAudit';
import type { GovernanceState } from '../level/governanceLevel';
import type { GovernanceStateStore } from '../level/governanceStateStore';

export interface RecoveryDrillReport {
  readonly worldId: string;
  readonly nodeId: string;
  readonly drillAtMs: number;
  readonly alertState: RollbackAlertState;
  readonly governanceState: GovernanceState;
  readonly recentAudits: GovernanceAuditRecord[];
  readonly hasEmergencyHistory: boolean;
}

const DRILL = 'membership revocation dead-letter replay rollback governance recovery drill';

export function validateRecentAuditLimit(limit: number): void {
  if (limit === 0) throw new ValidationError(`${DRILL} recent_audit_limit must be positive`);
}

/** The drill's view, pure: the last `limit` records by position, and any emergency in all of them. */
export function evaluateRecoveryDrill(input: {
  readonly worldId: string;
  readonly nodeId: string;
  readonly drillAtMs: number;
  readonly recentAuditLimit: number;
  readonly alertState: RollbackAlertState;
  readonly governanceState: GovernanceState;
  readonly audits: readonly GovernanceAuditRecord[];
}): RecoveryDrillReport {
  const { audits } = input;
  return {
    worldId: input.worldId,
    nodeId: input.nodeId,
    drillAtMs: input.drillAtMs,
    alertState: input.alertState,
    governanceState: input.governanceState,
    recentAudits: audits.slice(satSub(audits.length, input.recentAuditLimit)),
    hasEmergencyHistory: audits.some((r) => r.governanceLevel === 'emergency'),
  };
}

export interface RecoveryDrillOptions {
  readonly worldId: string;
  readonly nodeId: string;
  readonly drillAtMs: number;
  readonly recentAuditLimit: number;
  readonly alertStateStore: RollbackAlertStateStore;
  readonly governanceStateStore: GovernanceStateStore;
  readonly governanceAuditStore: GovernanceAuditStore;
}

/** `run_..._recovery_drill`: only reads; the limit is checked before the key. */
export async function runGovernanceRecoveryDrill(opts: RecoveryDrillOptions): Promise<RecoveryDrillReport> {
  validateRecentAuditLimit(opts.recentAuditLimit);
  const key = normalizeKey(opts.worldId, opts.nodeId);
  const alertState = await opts.alertStateStore.loadAlertState(key.worldId, key.nodeId);
  const governanceState = await opts.governanceStateStore.loadGovernanceState(key.worldId, key.nodeId);
  const audits = await opts.governanceAuditStore.list(key.worldId, key.nodeId);
  return evaluateRecoveryDrill({ ...opts, ...key, alertState, governanceState, audits });
}

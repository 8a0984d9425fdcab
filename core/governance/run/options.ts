// The options objects of part B's entry points (the spec's positional parameters, by name) and
// their results. Part A's names are kept for what part A consumes (`stateStore`, `leaseTtlMs`,
// the adaptive bounds and guard), so an options object passes straight through.
import type { Profile } from '../../ports';
import type {
  AlertSink,
  DeadLetterStore,
  RecoveryStore,
  ReplayPolicy,
  ReplayStateStore,
  ScheduleCoordinator,
} from '../../replay/types';
import type { AdaptiveBounds, GuardBounds } from '../../replay/validation';
import type { PipelineWriter } from '../../replay/writer';
import type { RollbackAlertStateStore } from '../alert/alertStateStore';
import type { RollbackAlertPolicy } from '../alert/rollbackAlert';
import type { GovernanceAuditStore } from '../archive/governanceAudit';
import type { PolicyAuditStore } from '../audit/adoptionAudit';
import type { GovernanceCommitPort } from '../hardened/commitPort';
import type { GovernanceLevel, GovernancePolicy } from '../level/governanceLevel';
import type { GovernanceStateStore } from '../level/governanceStateStore';
import type { ReplayPolicyStore } from '../policy/policyStore';
import type { RollbackGuard } from '../policy/rollbackGuard';

/** `recommend_..._with_persistence_and_rollback_guard` (spec B §1.5). */
export interface PersistedPolicyOptions extends AdaptiveBounds, GuardBounds {
  readonly worldId: string;
  readonly nodeId: string;
  readonly nowMs: number;
  readonly fallbackPolicy: ReplayPolicy;
  readonly rollbackGuard: RollbackGuard;
  /** Part A's replay schedule state store (`replay_state_store`). */
  readonly stateStore: ReplayStateStore;
  readonly replayPolicyStore: ReplayPolicyStore;
  readonly recoveryStore: RecoveryStore;
  readonly deadLetterStore: DeadLetterStore;
}

/** `run_..._with_persisted_guarded_policy` (spec B §1.6); `nodeId` becomes the target. */
export interface PersistedGuardedReplayOptions extends Omit<PersistedPolicyOptions, 'nodeId'> {
  readonly targetNodeId: string;
  readonly coordinatorNodeId: string;
  readonly coordinator: ScheduleCoordinator;
  /** `coordinator_lease_ttl_ms`. */
  readonly leaseTtlMs: number;
  readonly replayIntervalMs: number;
  /** How part A's replay writes reach its stores (part A's hardened writer); default direct. */
  readonly writer?: PipelineWriter;
  /** `original` (default) is the spec; `hardened` is lease-first, journaled, clock-safe. */
  readonly profile?: Profile;
  /** Hardened only: where the run's writes are committed as one journaled step. */
  readonly commitPort?: GovernanceCommitPort;
}

export interface PersistedGuardedReplayResult {
  readonly replayed: number;
  readonly applied: ReplayPolicy;
  readonly rolledBack: boolean;
}

/** `..._with_audit_and_alert` (spec B §2.7). */
export interface AuditAndAlertOptions extends PersistedGuardedReplayOptions {
  readonly policyAuditStore: PolicyAuditStore;
  readonly rollbackAlertPolicy: RollbackAlertPolicy;
  readonly alertSink: AlertSink;
}

/** The caller-owned alert state of P3.30 (`&mut`): updated in place when an alert fires. */
export interface RollbackAlertStateCell {
  lastAlertAtMs: number | null;
}

export interface AuditAndAlertResult extends PersistedGuardedReplayResult {
  readonly alertEmitted: boolean;
}

/** `..._with_audit_alert_store_and_governance` (spec B §3.6). */
export interface GovernanceRunOptions extends AuditAndAlertOptions {
  readonly alertStateStore: RollbackAlertStateStore;
  readonly governanceStateStore: GovernanceStateStore;
  readonly governancePolicy: GovernancePolicy;
}

/** `…GovernanceRunResult`: the policy is the governed one (W7 audited the applied one). */
export interface GovernanceRunResult {
  readonly replayed: number;
  readonly policy: ReplayPolicy;
  readonly rolledBack: boolean;
  readonly alertEmitted: boolean;
  readonly level: GovernanceLevel;
}

/** `..._with_audit_alert_store_governance_and_archive` (spec B §4.2). */
export interface GovernanceArchiveRunOptions extends GovernanceRunOptions {
  readonly governanceAuditStore: GovernanceAuditStore;
}

// The worker side of part B's hardened storage: views that implement the ordinary store
// interfaces (so pure decisions and the drill run unchanged) and attach the worker's current
// lease fence to every write, plus the commit port of the governed runs.
import { normalizeWorldId } from '../../common/ids';
import type { Fence } from '../../replay/hardened/fencedLease';
import type { RollbackAlertStateStore } from '../alert/alertStateStore';
import type { GovernanceAuditRetentionStore } from '../archive/governanceAudit';
import type { PolicyAuditStore } from '../audit/adoptionAudit';
import type { GovernanceStateStore } from '../level/governanceStateStore';
import type { ReplayPolicyStore } from '../policy/policyStore';
import type { DrillScheduleStateStore } from '../schedule/drillSchedule';
import type { GovernanceCommitPort } from './commitPort';
import type { GovernanceStoragePort } from './storage';

/** Everything a worker passes to part B's entry points. */
export interface GovernanceWorkerStores {
  readonly replayPolicyStore: ReplayPolicyStore;
  readonly policyAuditStore: PolicyAuditStore;
  readonly alertStateStore: RollbackAlertStateStore;
  readonly governanceStateStore: GovernanceStateStore;
  /** The archive; also the retention target (one instance serves both roles). */
  readonly governanceAuditStore: GovernanceAuditRetentionStore;
  readonly retentionStore: GovernanceAuditRetentionStore;
  readonly scheduleStateStore: DrillScheduleStateStore;
  /** Hardened only (null in `original`). */
  readonly commitPort: GovernanceCommitPort | null;
}

export function bindHardenedGovernanceStores(
  port: GovernanceStoragePort,
  fenceFor: (worldId: string) => Fence | null,
): GovernanceWorkerStores {
  const fence = (w: string): Fence | null => fenceFor(normalizeWorldId(w));
  const archive: GovernanceAuditRetentionStore = {
    append: (w, n, r) => port.appendGovernanceAudit(fence(w), w, n, r),
    list: (w, n) => port.listGovernanceAudit(w, n),
    replace: (w, n, rs) => port.replaceGovernanceAudit(fence(w), w, n, rs),
    replacePrefix: (w, n, snapshot, kept) => port.replaceGovernanceAuditPrefix(fence(w), w, n, snapshot, kept),
  };
  return {
    replayPolicyStore: {
      loadPolicyState: (w, n) => port.loadPolicyState(w, n),
      savePolicyState: (w, n, s) => port.savePolicyState(fence(w), w, n, s),
    },
    policyAuditStore: {
      append: (w, n, r) => port.appendPolicyAudit(fence(w), w, n, r),
      list: (w, n) => port.listPolicyAudit(w, n),
    },
    alertStateStore: {
      loadAlertState: (w, n) => port.loadAlertState(w, n),
      saveAlertState: (w, n, s) => port.saveAlertState(fence(w), w, n, s),
    },
    governanceStateStore: {
      loadGovernanceState: (w, n) => port.loadGovernanceState(w, n),
      saveGovernanceState: (w, n, s) => port.saveGovernanceState(fence(w), w, n, s),
    },
    governanceAuditStore: archive,
    retentionStore: archive,
    scheduleStateStore: {
      loadState: (w, n) => port.loadScheduleState(w, n),
      saveState: (w, n, s) => port.saveScheduleState(fence(w), w, n, s),
    },
    commitPort: {
      pending: (w, n) => port.pendingIntent(w, n),
      stage: (w, n, intent) => port.stageIntent(fence(w), w, n, intent),
      apply: (w, n) => port.applyIntent(fence(w), w, n),
    },
  };
}

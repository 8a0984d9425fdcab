// Hardened shared storage of part B, next to part A's (same mutex, same lease service). Per world,
// one mutex orders every call; writes first check that the writer's fence is the world's current
// lease grant (a stale leaseholder cannot write), and every call first rolls forward an intent that
// is ready to apply, so readers never see half a commit. An intent still awaiting its alert is
// left alone (only a leaseholder with the sink may resolve it), and the archive is not rewritten
// until it is resolved, so the intent's append bases stay exact.
import { normalizeKey, type ScheduleKey } from '../../common/ids';
import type { Fence, FencedLeaseService } from '../../replay/hardened/fencedLease';
import type { KeyedMutex } from '../../replay/hardened/mutex';
import type { RollbackAlertStateStore } from '../alert/alertStateStore';
import type { RollbackAlertState } from '../alert/rollbackAlert';
import type { GovernanceAuditRecord, GovernanceAuditRetentionStore } from '../archive/governanceAudit';
import { adoptionAuditJson, type PolicyAdoptionAuditRecord, type PolicyAuditStore } from '../audit/adoptionAudit';
import type { GovernanceState } from '../level/governanceLevel';
import type { GovernanceStateStore } from '../level/governanceStateStore';
import { policyStateJson, type ReplayPolicyState } from '../policy/policyState';
import type { ReplayPolicyStore } from '../policy/policyStore';
import type { DrillScheduleState, DrillScheduleStateStore } from '../schedule/drillSchedule';
import type { GovernanceCommitIntent, GovernanceIntentStore } from './commitIntent';
import { PendingGovernanceCommitError } from './commitPort';

export interface GovernanceStorageParts {
  readonly replayPolicyStore: ReplayPolicyStore;
  readonly policyAuditStore: PolicyAuditStore;
  readonly alertStateStore: RollbackAlertStateStore;
  readonly governanceStateStore: GovernanceStateStore;
  readonly governanceAuditStore: GovernanceAuditRetentionStore;
  readonly scheduleStateStore: DrillScheduleStateStore;
  readonly intents: GovernanceIntentStore;
  /** Shared with part A's lease service, so "fence is current" and the write are one step. */
  readonly mutex: KeyedMutex;
  /** Null: journal only, no fencing (a single-process hardened setup). */
  readonly leases: FencedLeaseService | null;
}

/** What workers call on the storage (possibly remotely): plain data in and out; writes carry a fence. */
export interface GovernanceStoragePort {
  loadPolicyState(worldId: string, nodeId: string): Promise<ReplayPolicyState>;
  listPolicyAudit(worldId: string, nodeId: string): Promise<PolicyAdoptionAuditRecord[]>;
  loadAlertState(worldId: string, nodeId: string): Promise<RollbackAlertState>;
  loadGovernanceState(worldId: string, nodeId: string): Promise<GovernanceState>;
  listGovernanceAudit(worldId: string, nodeId: string): Promise<GovernanceAuditRecord[]>;
  loadScheduleState(worldId: string, nodeId: string): Promise<DrillScheduleState>;
  pendingIntent(worldId: string, nodeId: string): Promise<GovernanceCommitIntent | null>;
  savePolicyState(fence: Fence | null, worldId: string, nodeId: string, state: ReplayPolicyState): Promise<void>;
  appendPolicyAudit(fence: Fence | null, worldId: string, nodeId: string, record: PolicyAdoptionAuditRecord): Promise<void>;
  saveAlertState(fence: Fence | null, worldId: string, nodeId: string, state: RollbackAlertState): Promise<void>;
  saveGovernanceState(fence: Fence | null, worldId: string, nodeId: string, state: GovernanceState): Promise<void>;
  appendGovernanceAudit(fence: Fence | null, worldId: string, nodeId: string, record: GovernanceAuditRecord): Promise<void>;
  replaceGovernanceAudit(fence: Fence | null, worldId: string, nodeId: string, records: readonly GovernanceAuditRecord[]): Promise<void>;
  replaceGovernanceAuditPrefix(
    fence: Fence | null,
    worldId: string,
    nodeId: string,
    snapshot: readonly GovernanceAuditRecord[],
    kept: readonly GovernanceAuditRecord[],
  ): Promise<void>;
  saveScheduleState(fence: Fence | null, worldId: string, nodeId: string, state: DrillScheduleState): Promise<void>;
  /** Saves the intent with the append bases counted now (nothing of it is applied yet). */
  stageIntent(fence: Fence | null, worldId: string, nodeId: string, intent: GovernanceCommitIntent): Promise<void>;
  /** Applies the key's `apply`-phase intent, if any. */
  applyIntent(fence: Fence | null, worldId: string, nodeId: string): Promise<void>;
}

type Step<T> = (p: GovernanceStorageParts, w: string, n: string) => Promise<T>;

export class HardenedGovernanceStorage implements GovernanceStoragePort {
  constructor(private readonly parts: GovernanceStorageParts) {}

  /** A read, after rolling forward any applicable intent of the key. */
  private read<T>(worldId: string, nodeId: string, fn: Step<T>): Promise<T> {
    const key = normalizeKey(worldId, nodeId);
    return this.parts.mutex.run(key.worldId, async () => {
      await this.rollForward(key);
      return fn(this.parts, key.worldId, key.nodeId);
    });
  }

  /** A fenced write; `rewritesArchive` refuses while an intent awaits its alert. */
  private write(fence: Fence | null, worldId: string, nodeId: string, fn: Step<void>, rewritesArchive = false): Promise<void> {
    const key = normalizeKey(worldId, nodeId);
    return this.parts.mutex.run(key.worldId, async () => {
      await this.checkFence(fence, key.worldId);
      const pending = await this.rollForward(key);
      if (rewritesArchive && pending !== null) throw new PendingGovernanceCommitError(key.worldId, key.nodeId);
      await fn(this.parts, key.worldId, key.nodeId);
    });
  }

  loadPolicyState = (w: string, n: string) => this.read(w, n, (p, w2, n2) => p.replayPolicyStore.loadPolicyState(w2, n2));
  listPolicyAudit = (w: string, n: string) => this.read(w, n, (p, w2, n2) => p.policyAuditStore.list(w2, n2));
  loadAlertState = (w: string, n: string) => this.read(w, n, (p, w2, n2) => p.alertStateStore.loadAlertState(w2, n2));
  loadGovernanceState = (w: string, n: string) => this.read(w, n, (p, w2, n2) => p.governanceStateStore.loadGovernanceState(w2, n2));
  listGovernanceAudit = (w: string, n: string) => this.read(w, n, (p, w2, n2) => p.governanceAuditStore.list(w2, n2));
  loadScheduleState = (w: string, n: string) => this.read(w, n, (p, w2, n2) => p.scheduleStateStore.loadState(w2, n2));
  pendingIntent = (w: string, n: string) => this.read(w, n, (p, w2, n2) => p.intents.load(w2, n2));

  savePolicyState = (f: Fence | null, w: string, n: string, s: ReplayPolicyState) =>
    this.write(f, w, n, (p, w2, n2) => p.replayPolicyStore.savePolicyState(w2, n2, s));
  appendPolicyAudit = (f: Fence | null, w: string, n: string, r: PolicyAdoptionAuditRecord) =>
    this.write(f, w, n, (p, w2, n2) => p.policyAuditStore.append(w2, n2, r));
  saveAlertState = (f: Fence | null, w: string, n: string, s: RollbackAlertState) =>
    this.write(f, w, n, (p, w2, n2) => p.alertStateStore.saveAlertState(w2, n2, s));
  saveGovernanceState = (f: Fence | null, w: string, n: string, s: GovernanceState) =>
    this.write(f, w, n, (p, w2, n2) => p.governanceStateStore.saveGovernanceState(w2, n2, s));
  appendGovernanceAudit = (f: Fence | null, w: string, n: string, r: GovernanceAuditRecord) =>
    this.write(f, w, n, (p, w2, n2) => p.governanceAuditStore.append(w2, n2, r));
  replaceGovernanceAudit = (f: Fence | null, w: string, n: string, rs: readonly GovernanceAuditRecord[]) =>
    this.write(f, w, n, (p, w2, n2) => p.governanceAuditStore.replace(w2, n2, rs), true);
  replaceGovernanceAuditPrefix = (
    f: Fence | null,
    w: string,
    n: string,
    snapshot: readonly GovernanceAuditRecord[],
    kept: readonly GovernanceAuditRecord[],
  ) => this.write(f, w, n, (p, w2, n2) => p.governanceAuditStore.replacePrefix(w2, n2, snapshot, kept), true);
  saveScheduleState = (f: Fence | null, w: string, n: string, s: DrillScheduleState) =>
    this.write(f, w, n, (p, w2, n2) => p.scheduleStateStore.saveState(w2, n2, s));

  stageIntent(fence: Fence | null, worldId: string, nodeId: string, intent: GovernanceCommitIntent): Promise<void> {
    return this.write(fence, worldId, nodeId, async (p, w, n) => {
      const adoption = intent.adoptionAudit && (await p.policyAuditStore.list(w, n));
      // A transport may deliver a stage twice; a copy arriving after its intent was applied (still
      // under the same lease, so nothing else was committed since) must not stage it again, or the
      // roll-forward would append its audit records a second time.
      if (adoption && (await appliedAlready(p, w, n, intent, adoption))) return;
      const adoptionBase = adoption && adoption.length;
      const archiveBase = intent.governanceAudit && (await p.governanceAuditStore.list(w, n)).length;
      await p.intents.save(w, n, {
        ...intent,
        adoptionAudit: intent.adoptionAudit && { ...intent.adoptionAudit, base: adoptionBase as number },
        governanceAudit: intent.governanceAudit && { ...intent.governanceAudit, base: archiveBase as number },
      });
    });
  }

  applyIntent(fence: Fence | null, worldId: string, nodeId: string): Promise<void> {
    // The write path rolls an `apply` intent forward before running the (empty) step.
    return this.write(fence, worldId, nodeId, async () => undefined);
  }

  /** Fence current and this request not seen before (see `FencedLeaseService.admitWrite`). */
  private async checkFence(fence: Fence | null, worldId: string): Promise<void> {
    if (this.parts.leases !== null) await this.parts.leases.admitWrite(fence, worldId);
  }

  /** Completes an `apply` intent; returns the intent still pending (awaiting its alert), if any. */
  private async rollForward(key: ScheduleKey): Promise<GovernanceCommitIntent | null> {
    const intent = await this.parts.intents.load(key.worldId, key.nodeId);
    if (intent === null || intent.phase === 'await_alert') return intent;
    await applyCommitIntent(this.parts, key, intent);
    return null;
  }
}

/**
 * The intent is already applied: the policy state is its state and the adoption log ends with its
 * record (the record is the same whether the alert was confirmed or dropped).
 */
async function appliedAlready(
  p: GovernanceStorageParts,
  w: string,
  n: string,
  i: GovernanceCommitIntent,
  adoption: readonly PolicyAdoptionAuditRecord[],
): Promise<boolean> {
  const last = adoption[adoption.length - 1];
  if (i.adoptionAudit === null || last === undefined || adoptionAuditJson(last) !== adoptionAuditJson(i.adoptionAudit.record)) return false;
  return policyStateJson(await p.replayPolicyStore.loadPolicyState(w, n)) === policyStateJson(i.policyState);
}

/** The intent's writes in the spec's order (W1/W10, W7, W9, W11, W12); appends only once. */
export async function applyCommitIntent(p: GovernanceStorageParts, key: ScheduleKey, i: GovernanceCommitIntent): Promise<void> {
  const { worldId: w, nodeId: n } = key;
  await p.replayPolicyStore.savePolicyState(w, n, i.policyState);
  if (i.adoptionAudit && (await p.policyAuditStore.list(w, n)).length <= i.adoptionAudit.base) {
    await p.policyAuditStore.append(w, n, i.adoptionAudit.record);
  }
  if (i.alertState) await p.alertStateStore.saveAlertState(w, n, i.alertState);
  if (i.governanceState) await p.governanceStateStore.saveGovernanceState(w, n, i.governanceState);
  if (i.governanceAudit && (await p.governanceAuditStore.list(w, n)).length <= i.governanceAudit.base) {
    await p.governanceAuditStore.append(w, n, i.governanceAudit.record);
  }
  await p.intents.clear(w, n);
}

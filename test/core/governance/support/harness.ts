// A world for the governed runs of spec B §7: part A's in-memory stores and a store-backed
// coordinator, part B's stores for a profile, an alert sink, and the "std" arguments.
import {
  createGovernanceStores,
  type GovernanceArchiveRunOptions,
  type GovernanceStores,
  type GovernanceWorkerStores,
  type ReplayPolicyState,
} from '../../../../core/exports-governance';
import { InMemoryAlertSink } from '../../../../core/replay/alerts/sinks';
import { StoreBackedScheduleCoordinator } from '../../../../core/replay/leases/coordinators';
import {
  InMemoryDeadLetterStore,
  InMemoryLeaseStore,
  InMemoryRecoveryStore,
  InMemoryReplayStateStore,
} from '../../../../core/replay/stores/memory';
import type { DeadLetterRecord, DeliveryMetrics } from '../../../../core/replay/types';
import type { Profile } from '../../../../core/ports';
import { UNHEALTHY, policy } from './fixtures';

export const W = 'w1';
export const TARGET = 'node-a';

export function deadLetter(droppedAtMs: number, attempt = 4, reason: DeadLetterRecord['reason'] = 'retry_limit_exceeded'): DeadLetterRecord {
  return {
    worldId: W,
    nodeId: TARGET,
    droppedAtMs,
    reason,
    pendingAlert: {
      alert: {
        worldId: W,
        nodeId: TARGET,
        detectedAtMs: droppedAtMs,
        severity: 'critical',
        code: 'reconcile_rejected',
        message: 'membership revocation reconcile rejected 1 checkpoint(s)',
        drained: 0,
        diverged: 0,
        rejected: 1,
      },
      attempt,
      nextRetryAtMs: droppedAtMs,
      lastError: null,
    },
  };
}

export interface World {
  readonly profile: Profile;
  readonly stateStore: InMemoryReplayStateStore;
  readonly recoveryStore: InMemoryRecoveryStore;
  readonly deadLetterStore: InMemoryDeadLetterStore;
  readonly leaseStore: InMemoryLeaseStore;
  readonly coordinator: StoreBackedScheduleCoordinator;
  readonly sink: InMemoryAlertSink;
  readonly gov: GovernanceStores;
  readonly worker: GovernanceWorkerStores;
  seedPolicy(state: ReplayPolicyState): Promise<void>;
  addDeadLetter(droppedAtMs: number, attempt?: number): Promise<void>;
  addMetrics(exportedAtMs: number, m: DeliveryMetrics): Promise<void>;
  /** Governance-archive options with the std arguments, overridable. */
  options(over?: Partial<GovernanceArchiveRunOptions>): GovernanceArchiveRunOptions;
}

export async function makeWorld(profile: Profile): Promise<World> {
  const leaseStore = new InMemoryLeaseStore();
  const gov = await createGovernanceStores({ profile });
  const w = {
    profile,
    stateStore: new InMemoryReplayStateStore(),
    recoveryStore: new InMemoryRecoveryStore(),
    deadLetterStore: new InMemoryDeadLetterStore(),
    leaseStore,
    coordinator: new StoreBackedScheduleCoordinator(leaseStore),
    sink: new InMemoryAlertSink(),
    gov,
    worker: gov.forWorker(),
  };
  return {
    ...w,
    seedPolicy: (s) => gov.raw.replayPolicyStore.savePolicyState(W, TARGET, s),
    addDeadLetter: (t, attempt = 4) => w.deadLetterStore.append(deadLetter(t, attempt)),
    addMetrics: (t, m) => w.deadLetterStore.appendDeliveryMetrics(W, TARGET, t, m),
    options: (over = {}) => ({
      worldId: W,
      targetNodeId: TARGET,
      coordinatorNodeId: 'coordinator-1',
      nowMs: 1200,
      replayIntervalMs: 1,
      leaseTtlMs: 500,
      metricsLookback: 4,
      minReplayPerRun: 2,
      maxReplayPerRun: 16,
      maxRetryLimitExceededStreak: 4,
      policyCooldownMs: 20,
      maxReplayStepChange: 4,
      maxRetryStreakStepChange: 2,
      fallbackPolicy: policy(4, 2),
      rollbackGuard: { minAttempted: 4, failureRatioPerMille: 500, deadLetterRatioPerMille: 350, rollbackCooldownMs: 100 },
      stateStore: w.stateStore,
      recoveryStore: w.recoveryStore,
      deadLetterStore: w.deadLetterStore,
      coordinator: w.coordinator,
      alertSink: w.sink,
      rollbackAlertPolicy: { rollbackWindowMs: 5000, maxRollbacksPerWindow: 2, minAttempted: 4, alertCooldownMs: 500 },
      governancePolicy: { levelOneRollbackStreak: 2, levelTwoRollbackStreak: 4, levelTwoEmergencyPolicy: policy(2, 1) },
      ...w.worker,
      commitPort: w.worker.commitPort ?? undefined,
      profile,
      ...over,
    }),
  };
}

/** Seeds unstable(r), one dead letter and one unhealthy metrics line, as spec B §7 does per run. */
export async function seedUnstableRun(world: World, r: number | null, atMs: number, stateOf: (r: number | null) => ReplayPolicyState): Promise<void> {
  await world.seedPolicy(stateOf(r));
  await world.addDeadLetter(atMs);
  await world.addMetrics(atMs, UNHEALTHY);
}


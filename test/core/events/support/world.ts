// A node's worth of in-memory stores for the orchestration examples (spec C §12 examples 5, 11).
import { InMemoryRollbackAlertStateStore } from '../../../../core/governance/alert/alertStateStore';
import { InMemoryGovernanceAuditRetentionStore, type GovernanceAuditRecord } from '../../../../core/governance/archive/governanceAudit';
import type { GovernanceState } from '../../../../core/governance/level/governanceLevel';
import { InMemoryGovernanceStateStore } from '../../../../core/governance/level/governanceStateStore';
import { InMemoryDrillScheduleStateStore } from '../../../../core/governance/schedule/drillSchedule';
import type { Profile } from '../../../../core/ports';
import { InMemoryAlertSink } from '../../../../core/replay/alerts/sinks';
import { InMemoryDrillAlertStateStore } from '../../../../core/events/alerts/drillAlertStateStore';
import type { TieredOffloadDrillAlertOptions } from '../../../../core/events/alerts/orchestration';
import { InMemoryDrillAlertEventBus } from '../../../../core/events/bus/eventBus';
import { InMemoryOffloadIntentStore } from '../../../../core/events/tiering/offloadIntent';
import { KeyedMutex } from '../../../../core/replay/hardened/mutex';
import { A, W } from './fixtures';

/** Example 5's inputs: hot as given, no rollback alert yet, governance {streak, level}. */
export async function example5World(hot: readonly GovernanceAuditRecord[], governance: GovernanceState, profile: Profile = 'original') {
  const hotStore = new InMemoryGovernanceAuditRetentionStore();
  await hotStore.replace(W, A, hot);
  const governanceStateStore = new InMemoryGovernanceStateStore();
  await governanceStateStore.saveGovernanceState(W, A, governance);
  const alertSink = new InMemoryAlertSink();
  const eventBus = new InMemoryDrillAlertEventBus(profile);
  const options: TieredOffloadDrillAlertOptions = {
    worldId: W,
    nodeId: A,
    scheduledAtMs: 1000,
    retentionPolicy: { maxRecords: 2, maxAgeMs: 10_000 },
    offloadPolicy: { hotMaxRecords: 1, offloadMinAgeMs: 200, maxOffloadRecords: 10 },
    drillSchedulePolicy: { drillIntervalMs: 100, recentAuditLimit: 5 },
    drillAlertPolicy: { maxAlertSilenceMs: 100, rollbackStreakThreshold: 2, alertCooldownMs: 500 },
    hotStore,
    coldStore: new InMemoryGovernanceAuditRetentionStore(),
    drillScheduleStateStore: new InMemoryDrillScheduleStateStore(),
    drillAlertStateStore: new InMemoryDrillAlertStateStore(),
    rollbackAlertStateStore: new InMemoryRollbackAlertStateStore(),
    governanceStateStore,
    governanceAuditStore: hotStore,
    alertSink,
    profile,
    tiering: { intents: new InMemoryOffloadIntentStore(), mutex: new KeyedMutex() },
  };
  return { options, hotStore, coldStore: options.coldStore, alertSink, eventBus };
}

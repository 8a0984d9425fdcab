// A publisher node's program: its own file-backed drill-alert event bus (on its own disk), served
// to the other nodes, and its drill schedule. Each drill runs the spec's offload + drill + alert +
// event-bus entry (§3.8) with in-memory governance stores, at the node's own (skewed) clock time
// floored to a drill tick. The bus it hands the entry tags every event with its oracle id
// `<node>/<ordinal>` (in `reasons`) and records the publish and its acknowledgement in the ledger.
import { runTieredOffloadWithDrillAlertAndEventBus } from '../../core/events/alerts/orchestration';
import type { DrillAlertEvent } from '../../core/events/bus/drillAlertEvent';
import type { DrillAlertEventBus } from '../../core/events/bus/eventBus';
import { DRILL_ALERT_EVENT_CHANNEL, serveDrillAlertEventBus } from '../../core/events/bus/remoteEventReader';
import { createEventStores, createInMemoryEventStores } from '../../core/events/createEventStores';
import { InMemoryRollbackAlertStateStore } from '../../core/governance/alert/alertStateStore';
import { InMemoryGovernanceStateStore } from '../../core/governance/level/governanceStateStore';
import { InMemoryDrillScheduleStateStore } from '../../core/governance/schedule/drillSchedule';
import type { Profile } from '../../core/ports';
import { InMemoryAlertSink } from '../../core/replay/alerts/sinks';
import type { NodeContext, NodeProgram, Sim } from '../../sim/index';
import type { PublishRecord } from '../checkers/events-ledger';
import { EVENT_ID_PREFIX } from './eventIds';
import type { DrillEventsState } from './state';
import { DATA_ROOT, DRILL_TICK_MS, WORLD } from './topology';
import type { DrillCondition } from './workload';

/** The publisher's view of the bus: tags each event with its id and records the publish. */
function taggingBus(inner: DrillAlertEventBus, ctx: NodeContext, state: DrillEventsState, sim: Sim): DrillAlertEventBus {
  return {
    async publish(worldId: string, nodeId: string, event: DrillAlertEvent): Promise<void> {
      const ordinal = state.publishCalls[ctx.id]++;
      const id = `${ctx.id}/${ordinal}`;
      const rec: PublishRecord = { id, node: ctx.id, ordinal, eventAtMs: event.eventAtMs, outcome: event.outcome, attemptStep: sim.steps, ackStep: null };
      state.ledger.publishes.push(rec);
      await inner.publish(worldId, nodeId, { ...event, reasons: [...event.reasons, `${EVENT_ID_PREFIX}${id}`] });
      rec.ackStep = sim.steps;
      ctx.record('decision', { op: 'published', id, eventAtMs: event.eventAtMs, outcome: event.outcome });
    },
    list: (worldId, nodeId) => inner.list(worldId, nodeId),
    listSequenced: (worldId, nodeId) => inner.listSequenced(worldId, nodeId),
  };
}

/** This incarnation's drill inputs (kept in memory: only the bus is the scenario's subject). */
function drillWorld(profile: Profile) {
  const mem = createInMemoryEventStores(profile);
  return {
    mem,
    rollbackAlertStateStore: new InMemoryRollbackAlertStateStore(),
    governanceStateStore: new InMemoryGovernanceStateStore(),
    drillScheduleStateStore: new InMemoryDrillScheduleStateStore(),
    alertSink: new InMemoryAlertSink(),
  };
}

async function applyCondition(world: ReturnType<typeof drillWorld>, node: string, condition: DrillCondition, atMs: number): Promise<void> {
  const lastAlertAtMs = condition === 'silent' ? null : atMs - 5;
  await world.rollbackAlertStateStore.saveAlertState(WORLD, node, { lastAlertAtMs });
  const streak = condition === 'streak' ? 3 : 0;
  const lastLevel = condition === 'emergency' ? ('emergency' as const) : ('normal' as const);
  await world.governanceStateStore.saveGovernanceState(WORLD, node, { rollbackStreak: streak, lastLevel, lastLevelUpdatedAtMs: null });
}

export function publisherProgram(state: DrillEventsState, sim: Sim): NodeProgram {
  const profile = state.profile;
  return async (ctx: NodeContext): Promise<void> => {
    const stores = createEventStores({ fs: ctx.fs, root: DATA_ROOT, profile });
    ctx.serve(DRILL_ALERT_EVENT_CHANNEL, serveDrillAlertEventBus(stores.eventBus));
    const world = drillWorld(profile);
    const bus = taggingBus(stores.eventBus, ctx, state, sim);
    const drills = state.drills[ctx.id] ?? [];
    while (state.nextDrill[ctx.id] < drills.length) {
      const drill = drills[state.nextDrill[ctx.id]];
      if (drill.atMs > sim.nowMs) await ctx.sleep(drill.atMs - sim.nowMs);
      state.nextDrill[ctx.id] += 1;
      if (drill.atMs < sim.nowMs) continue; // missed while the node was down
      const scheduledAtMs = Math.floor(ctx.clock.nowMs() / DRILL_TICK_MS) * DRILL_TICK_MS;
      for (let run = 0; run < drill.runs; run += 1) {
        await applyCondition(world, ctx.id, drill.condition, scheduledAtMs);
        try {
          await runTieredOffloadWithDrillAlertAndEventBus({
            worldId: WORLD,
            nodeId: ctx.id,
            scheduledAtMs,
            retentionPolicy: { maxRecords: 50, maxAgeMs: 600_000 },
            offloadPolicy: { hotMaxRecords: 50, offloadMinAgeMs: 600_000, maxOffloadRecords: 10 },
            drillSchedulePolicy: { drillIntervalMs: 40, recentAuditLimit: 5 },
            drillAlertPolicy: { maxAlertSilenceMs: 60, rollbackStreakThreshold: 2, alertCooldownMs: 150 },
            hotStore: world.mem.hotStore,
            coldStore: world.mem.coldStore,
            tiering: world.mem.tiering,
            drillScheduleStateStore: world.drillScheduleStateStore,
            drillAlertStateStore: world.mem.drillAlertStateStore,
            rollbackAlertStateStore: world.rollbackAlertStateStore,
            governanceStateStore: world.governanceStateStore,
            governanceAuditStore: world.mem.hotStore,
            alertSink: world.alertSink,
            eventBus: bus,
            profile,
          });
        } catch (e) {
          ctx.record('decision', { op: 'drill-failed', error: e instanceof Error ? e.message : String(e) });
        }
      }
    }
  };
}

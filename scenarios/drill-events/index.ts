// drill-events: each publisher n1..n3 keeps its own file-backed drill-alert event bus and publishes
// scheduled drills (outcomes vary; same-millisecond events on one node and across nodes; skewed
// clocks make event times late or back-dated). On c1 one consumer per pull method (P3.38
// watermark, P3.39 node cursor, P3.40 sequence cursor, P3.41/42 cursor state store on s1) pulls
// from every node over the Transport, under partitions, loss, crashes (also between cursor save and
// processing) and torn writes. `original` runs the spec's queries; `hardened` runs every consumer
// with the commit-after-deliver node-sequence consumer. Invariants: cursors never go backwards, no
// event is processed twice, and after heal every published event is processed by every consumer.
import type { ClockSkew, FaultPlan, Rng } from '../../sim/index';
import { randomPlan } from '../../sim/index';
import { defineScenario } from '../registry';
import { consumerProgram } from './consumers/program';
import { storageProgram } from './cursorStores';
import { DRILL_EVENTS_INVARIANTS } from './invariants';
import { publisherProgram } from './publisher';
import { initialState, type DrillEventsState } from './state';
import { CATCH_UP_MS, consumersFor, CONSUMER_NODE, DRILLS_UNTIL_MS, HEAL_AT_MS, NET_LATENCY, NODES, PUBLISHERS, STORAGE_NODE } from './topology';
import { drawDrills } from './workload';

/** Publisher clocks start up to this far from global time (late and back-dated event times). */
export const PUBLISHER_SKEW_MS_MAX = 400;

/** The seed's plan: a swarm plan over every node, skewed publisher clocks, a short request timeout. */
export function drillEventsPlan(rng: Rng): FaultPlan {
  const base = randomPlan(rng.fork('swarm'), { nodes: NODES, healAtMs: HEAL_AT_MS, skewMsMax: 2 * PUBLISHER_SKEW_MS_MAX, faultsMax: 6 });
  const clocks: Record<string, ClockSkew> = {};
  for (const n of PUBLISHERS) clocks[n] = { kind: 'fixed', offsetMs: rng.between(-PUBLISHER_SKEW_MS_MAX, PUBLISHER_SKEW_MS_MAX) };
  return { ...base, net: { ...base.net, requestTimeoutMs: 150 }, clocks };
}

/** Consumers pull until everyone has had CATCH_UP_MS after the heal (or after the last drill). */
export function consumeUntilMs(plan: FaultPlan): number {
  return Math.max(plan.healAtMs ?? HEAL_AT_MS, DRILLS_UNTIL_MS) + CATCH_UP_MS;
}

export const drillEvents = defineScenario<DrillEventsState>({
  name: 'drill-events',
  description: 'drill-alert event buses on 3 nodes pulled by watermark, node-cursor, sequence-cursor and cursor-state consumers under skew, crashes and torn writes',
  defaultSeed: '1',
  limits: { maxSteps: 200_000, untilMs: 8_000 },
  plan: (_seed, rng) => drillEventsPlan(rng),
  build: ({ sim, profile, plan, rng }) => {
    sim.configureNet({ latency: NET_LATENCY }); // the plan's own net settings are applied after this
    const state = initialState(profile, consumersFor(profile), drawDrills(rng.fork('drills'), PUBLISHERS), consumeUntilMs(plan));
    for (const n of PUBLISHERS) sim.addNode(n, { program: publisherProgram(state, sim) });
    sim.addNode(STORAGE_NODE, { program: storageProgram(state, sim) });
    sim.addNode(CONSUMER_NODE, { program: consumerProgram(state, sim, rng.fork('consumers')) });
    const isDone = () =>
      state.consumersFinished.size === state.ledger.consumers.length && PUBLISHERS.every((n) => state.nextDrill[n] >= (state.drills[n]?.length ?? 0));
    return { state, invariants: DRILL_EVENTS_INVARIANTS, isDone };
  },
});

// full-stack's drills and event consumers, from drill-events' parts at full-stack's pace: every
// worker n1..n3 also publishes scheduled recovery drills with drill alerts on its own event bus
// (drill-events' publisher program, with a schedule of drills minutes apart), `s1` holds the
// consumers' cursor stores and `c1` runs one consumer per pull method (drill-events' pullers),
// polling every 20 to 60 s and draining a backlog at once, until the end of the run.
import type { NodeContext, NodeProgram, Rng, Sim } from '../../sim/index';
import { InMemoryDrillAlertEventBus } from '../../core/events/bus/eventBus';
import { createRemoteEventReader } from '../../core/events/bus/remoteEventReader';
import type { ConsumerSpec } from '../checkers/events-ledger';
import { callerKeptPuller } from '../drill-events/consumers/callerKept';
import type { ConsumerEnv, Puller } from '../drill-events/consumers/env';
import { nodeSequencePuller, stateStorePuller } from '../drill-events/consumers/storeKept';
import { remoteNodeSequenceStore, remoteStateStore } from '../drill-events/cursorStores';
import { createConsumerSink } from '../drill-events/sink';
import type { DrillEventsState } from '../drill-events/state';
import { DRILL_CONDITIONS, type DrillPlan } from '../drill-events/workload';
import { MINUTE, SECOND, WORKLOAD_UNTIL_MS } from './pace';

/** Drills every 2 to 6 minutes per node until the workload ends; a burst runs 2 or 3 at one instant. */
export function drawSparseDrills(rng: Rng, nodes: readonly string[]): Record<string, DrillPlan[]> {
  const out: Record<string, DrillPlan[]> = {};
  for (const node of nodes) {
    const r = rng.fork(node);
    const drills: DrillPlan[] = [];
    for (let at = r.between(1, 3) * MINUTE; at <= WORKLOAD_UNTIL_MS; at += r.between(2 * MINUTE, 6 * MINUTE)) {
      drills.push({ atMs: at, runs: r.chance([1, 4]) ? r.between(2, 3) : 1, condition: r.pick(DRILL_CONDITIONS) });
    }
    out[node] = drills;
  }
  return out;
}

function pullerFor(env: ConsumerEnv, spec: ConsumerSpec): Puller {
  if (spec.method === 'state-store') return stateStorePuller(env, spec);
  if (spec.method === 'node-sequence') return nodeSequencePuller(env, spec);
  return callerKeptPuller(env, spec);
}

async function runConsumer(env: ConsumerEnv, spec: ConsumerSpec, rng: Rng): Promise<void> {
  const puller = pullerFor(env, spec);
  let backlog = false;
  while (env.sim.nowMs < env.state.consumeUntilMs) {
    await env.ctx.sleep(backlog ? 1 : rng.between(20 * SECOND, 60 * SECOND));
    backlog = (await puller.once()) >= spec.maxRecords;
  }
  env.state.consumersFinished.add(spec.id);
}

/** c1's program: one slow-polling consumer per pull method. */
export function sparseConsumerProgram(state: DrillEventsState, sim: Sim, rng: Rng): NodeProgram {
  const streams = new Map(state.ledger.consumers.map((c) => [c.id, rng.fork(c.id)]));
  return (ctx: NodeContext): void => {
    const env: ConsumerEnv = {
      ctx,
      sim,
      state,
      sink: createConsumerSink(state, sim),
      reader: createRemoteEventReader({ transport: ctx.transport, local: new InMemoryDrillAlertEventBus(state.profile) }),
      stateStore: remoteStateStore(ctx.transport),
      nodeSequenceStore: remoteNodeSequenceStore(ctx.transport),
    };
    for (const spec of state.ledger.consumers) {
      const stream = streams.get(spec.id);
      if (stream !== undefined) ctx.spawn(`consumer-${spec.id}`, () => runConsumer(env, spec, stream.fork(`incarnation-${ctx.incarnation}`)));
    }
  };
}

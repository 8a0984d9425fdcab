// c1's program: one process per consumer, each pulling at jittered intervals until the consumers'
// deadline (after the heal), reading every publisher's bus over the Transport.
import { InMemoryDrillAlertEventBus } from '../../../core/events/bus/eventBus';
import { createRemoteEventReader } from '../../../core/events/bus/remoteEventReader';
import type { NodeContext, NodeProgram, Rng, Sim } from '../../../sim/index';
import type { ConsumerSpec } from '../../checkers/events-ledger';
import { remoteNodeSequenceStore, remoteStateStore } from '../cursorStores';
import { createConsumerSink } from '../sink';
import type { DrillEventsState } from '../state';
import { POLL_MS_MAX, POLL_MS_MIN } from '../topology';
import { callerKeptPuller } from './callerKept';
import type { ConsumerEnv, Puller } from './env';
import { nodeSequencePuller, stateStorePuller } from './storeKept';

function pullerFor(env: ConsumerEnv, spec: ConsumerSpec): Puller {
  switch (spec.method) {
    case 'state-store':
      return stateStorePuller(env, spec);
    case 'node-sequence':
      return nodeSequencePuller(env, spec);
    default:
      return callerKeptPuller(env, spec);
  }
}

/** How often a consumer polls; full-stack polls every 20 to 60 s instead of every few ms. */
export interface ConsumerPace {
  readonly pollMsMin: number;
  readonly pollMsMax: number;
  /** Draw each incarnation's polls from its own stream (a restarted consumer does not replay its draws). */
  readonly streamPerIncarnation: boolean;
}

export const DRILL_EVENTS_PACE: ConsumerPace = { pollMsMin: POLL_MS_MIN, pollMsMax: POLL_MS_MAX, streamPerIncarnation: false };

async function runConsumer(env: ConsumerEnv, spec: ConsumerSpec, rng: Rng, pace: ConsumerPace): Promise<void> {
  const puller = pullerFor(env, spec);
  let backlog = false;
  while (env.sim.nowMs < env.state.consumeUntilMs) {
    // A full page means more may be waiting: pull again at once (1 ms), otherwise poll later.
    await env.ctx.sleep(backlog ? 1 : rng.between(pace.pollMsMin, pace.pollMsMax));
    backlog = (await puller.once()) >= spec.maxRecords;
  }
  env.state.consumersFinished.add(spec.id);
}

/** c1's program: one process per consumer and pull method. */
export function consumerProgram(state: DrillEventsState, sim: Sim, rng: Rng, pace: ConsumerPace = DRILL_EVENTS_PACE): NodeProgram {
  const streams = new Map(state.ledger.consumers.map((c) => [c.id, rng.fork(c.id)]));
  return (ctx: NodeContext): void => {
    const env: ConsumerEnv = {
      ctx,
      sim,
      state,
      sink: createConsumerSink(state, sim),
      // c1 publishes nothing; its own (empty) bus is never listed.
      reader: createRemoteEventReader({ transport: ctx.transport, local: new InMemoryDrillAlertEventBus(state.profile) }),
      stateStore: remoteStateStore(ctx.transport),
      nodeSequenceStore: remoteNodeSequenceStore(ctx.transport),
    };
    for (const spec of state.ledger.consumers) {
      const stream = streams.get(spec.id);
      if (stream === undefined) continue;
      const draws = pace.streamPerIncarnation ? stream.fork(`incarnation-${ctx.incarnation}`) : stream;
      ctx.spawn(`consumer-${spec.id}`, () => runConsumer(env, spec, draws, pace));
    }
  };
}

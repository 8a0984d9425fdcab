// What every consumer on c1 shares: the node, the cross-node bus reader, the cursor stores on s1,
// the sink, and how a pull is written to the ledger.
import type { DrillAlertEventReader, SequencedEventReader } from '../../../core/events/bus/eventBus';
import type { SequenceCursorStateStore } from '../../../core/events/cursors/sequenceCursorStateStore';
import type { NodeSequenceCursorStore } from '../../../core/events/hardened/nodeSequenceCursorStore';
import type { NodeContext, Sim } from '../../../sim/index';
import type { ConsumerSpec, PullRecord } from '../../checkers/events-ledger';
import type { ConsumerSink } from '../sink';
import type { DrillEventsState } from '../state';

export interface ConsumerEnv {
  readonly ctx: NodeContext;
  readonly sim: Sim;
  readonly state: DrillEventsState;
  readonly sink: ConsumerSink;
  readonly reader: DrillAlertEventReader & SequencedEventReader;
  readonly stateStore: SequenceCursorStateStore;
  readonly nodeSequenceStore: NodeSequenceCursorStore;
}

/** One incremental pull and the processing of its batch. Never throws: failures are recorded. */
export interface Puller {
  /** Resolves to the number of events the pull handed over (0 if it failed). */
  once(): Promise<number>;
}

export type PullFields = Pick<PullRecord, 'from' | 'next' | 'handed' | 'unreachable' | 'error'>;

export function recordPull(env: ConsumerEnv, spec: ConsumerSpec, startStep: number, fields: PullFields): void {
  env.state.ledger.pulls.push({ consumer: spec.id, incarnation: env.ctx.incarnation, startStep, endStep: env.sim.steps, ...fields });
  env.ctx.record('decision', {
    op: 'pull',
    consumer: spec.id,
    handed: fields.handed.length,
    ...(fields.unreachable.length > 0 ? { unreachable: fields.unreachable } : {}),
    ...(fields.error !== null ? { error: fields.error } : {}),
  });
}

export const errorText = (e: unknown): string => (e instanceof Error ? `${e.name}: ${e.message}` : String(e));

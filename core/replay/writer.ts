// Where the multi-write sequences of a run reach the stores. The orchestrations compute what to
// write (pure), and hand the writes to a PipelineWriter:
// - `directPipelineWriter` (profile `original`) performs them exactly in the spec's order, one
//   store call each (§6: appends interleaved, queue save last; §8.2/§9.3/§9.4: save_pending,
//   replace, save_state), so a crash between them leaves the states of spec §14.6 and §14.7.
// - the hardened writer (`hardened/journal.ts`) commits each sequence through an intent record so
//   a crash between the writes is rolled forward on the next read.
import type { ScheduleKey } from '../common/ids';
import type {
  DeadLetterRecord,
  DeadLetterStore,
  PendingAlert,
  RecoveryStore,
  ReplayScheduleState,
  ReplayStateStore,
} from './types';

/** Writes 1–3 of one replay move for one (world, node), as full new contents. */
export interface ReplayMove {
  readonly key: ScheduleKey;
  /** The whole new pending queue (write 1). */
  readonly pending: readonly PendingAlert[];
  /** The whole new dead-letter list (write 2). */
  readonly remaining: readonly DeadLetterRecord[];
  /** The replay state to save after both (write 3), when the run keeps one. */
  readonly state?: ReplayScheduleState;
}

/** The writes of one emit run (§6) for one (world, node). */
export interface EmitWrites {
  /** Archive one dead letter (appended now, or staged until `finish`). */
  archive(record: DeadLetterRecord): Promise<void>;
  /** Save the final queue (empty deletes). Last write of the run. */
  finish(pending: readonly PendingAlert[]): Promise<void>;
}

export interface PipelineWriter {
  openEmit(key: ScheduleKey): EmitWrites;
  commitMove(move: ReplayMove): Promise<void>;
  /** Save the replay state alone (a due run with no dead letters, §9.4 step 4). */
  saveState(key: ScheduleKey, state: ReplayScheduleState): Promise<void>;
}

/** The spec's own write sequences, one store call per write. */
export function directPipelineWriter(
  recoveryStore: RecoveryStore,
  deadLetterStore: DeadLetterStore,
  stateStore?: ReplayStateStore,
): PipelineWriter {
  const needState = (): ReplayStateStore => {
    if (!stateStore) throw new Error('directPipelineWriter: a replay state store is required to save replay state');
    return stateStore;
  };
  return {
    openEmit: (key) => ({
      archive: (record) => deadLetterStore.append(record),
      finish: (pending) => recoveryStore.savePending(key.worldId, key.nodeId, pending),
    }),
    async commitMove(move) {
      await recoveryStore.savePending(move.key.worldId, move.key.nodeId, move.pending);
      await deadLetterStore.replace(move.key.worldId, move.key.nodeId, move.remaining);
      if (move.state) await needState().saveState(move.key.worldId, move.key.nodeId, move.state);
    },
    saveState: (key, state) => needState().saveState(key.worldId, key.nodeId, state),
  };
}

// Coordinated replay (spec A §8.4, §9.5): validate the TTL, acquire the replay lease
// `{world}::revocation-dead-letter-replay::{target}` for the coordinator node, run the schedule on
// the target's stores, always release. Not acquired → 0, and interval/policy are not validated.
import { replayLeaseKey } from '../../common/ids';
import { runReplaySchedule, type ReplayScheduleInput } from '../deadletters/replay';
import { runReplayScheduleWithStateStore, type ReplayWithStateStoreInput } from '../fair/replayFair';
import { withLease } from '../leases/withLease';
import type { ScheduleCoordinator } from '../types';
import { validateLeaseTtl } from '../validation';

export interface CoordinationInput {
  /** The node whose data is replayed. */
  readonly targetNodeId: string;
  /** The node that holds the lease and runs the replay. */
  readonly coordinatorNodeId: string;
  readonly coordinator: ScheduleCoordinator;
  readonly leaseTtlMs: number;
}

export type CoordinatedReplayScheduleInput = Omit<ReplayScheduleInput, 'nodeId'> & CoordinationInput;

/** `run_revocation_dead_letter_replay_schedule_coordinated` (P3.25). */
export async function runReplayScheduleCoordinated(input: CoordinatedReplayScheduleInput): Promise<number> {
  validateLeaseTtl(input.leaseTtlMs);
  const key = replayLeaseKey(input.worldId, input.targetNodeId);
  const outcome = await withLease(input.coordinator, key, input.coordinatorNodeId, input.nowMs, input.leaseTtlMs, () =>
    runReplaySchedule({ ...input, nodeId: input.targetNodeId }),
  );
  return outcome.acquired ? outcome.value : 0;
}

export type CoordinatedReplayWithStateStoreInput = Omit<ReplayWithStateStoreInput, 'nodeId'> & CoordinationInput;

/** `run_revocation_dead_letter_replay_schedule_coordinated_with_state_store` (P3.26). */
export async function runReplayScheduleCoordinatedWithStateStore(input: CoordinatedReplayWithStateStoreInput): Promise<number> {
  validateLeaseTtl(input.leaseTtlMs);
  const key = replayLeaseKey(input.worldId, input.targetNodeId);
  const outcome = await withLease(input.coordinator, key, input.coordinatorNodeId, input.nowMs, input.leaseTtlMs, () =>
    runReplayScheduleWithStateStore({ ...input, nodeId: input.targetNodeId }),
  );
  return outcome.acquired ? outcome.value : 0;
}

/** Part B's name for §9.5. */
export const runCoordinatedReplay = runReplayScheduleCoordinatedWithStateStore;

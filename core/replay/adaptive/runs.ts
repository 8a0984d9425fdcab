// Combined adaptive runs (spec A §10.2, §11.4): recommend (reads without the lease), then the
// coordinated replay with state store using that policy. Nothing stores the policy.
import { runReplayScheduleCoordinatedWithStateStore, type CoordinatedReplayWithStateStoreInput } from '../coordinated/replay';
import { recommendReplayPolicyGuarded } from '../guard/guard';
import type { ReplayPolicy } from '../types';
import type { AdaptiveBounds, GuardBounds } from '../validation';
import { recommendReplayPolicy } from './recommend';

export type AdaptiveReplayInput = Omit<CoordinatedReplayWithStateStoreInput, 'policy'> &
  AdaptiveBounds & { readonly current: ReplayPolicy };

export interface AdaptiveReplayResult {
  readonly replayed: number;
  readonly policy: ReplayPolicy;
}

/** `..._with_state_store_and_adaptive_policy`: `(0, rec)` when the lease was not acquired. */
export async function runAdaptiveReplay(input: AdaptiveReplayInput): Promise<AdaptiveReplayResult> {
  const policy = await recommendReplayPolicy({ ...input, nodeId: input.targetNodeId });
  const replayed = await runReplayScheduleCoordinatedWithStateStore({ ...input, policy });
  return { replayed, policy };
}

export type GuardedAdaptiveReplayInput = AdaptiveReplayInput & GuardBounds;

/** `..._with_state_store_and_guarded_adaptive_policy`. */
export async function runGuardedAdaptiveReplay(input: GuardedAdaptiveReplayInput): Promise<AdaptiveReplayResult> {
  const policy = await recommendReplayPolicyGuarded({ ...input, nodeId: input.targetNodeId });
  const replayed = await runReplayScheduleCoordinatedWithStateStore({ ...input, policy });
  return { replayed, policy };
}

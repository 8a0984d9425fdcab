// The pure heart of P3.29 (spec B §1.5 steps 7-9): given the state before the run (virgin fallback
// already applied), the guarded recommendation and the recent metrics, what is applied and stored.
import type { DeliveryMetrics, ReplayPolicy } from '../../replay/types';
import type { ReplayPolicyState } from './policyState';
import { isPolicyStable, shouldRollbackToStable, type RollbackGuard } from './rollbackGuard';

export interface PersistedPolicyInputs {
  readonly state: ReplayPolicyState;
  readonly recommended: ReplayPolicy;
  readonly metrics: DeliveryMetrics;
  readonly deadLetterCount: number;
  readonly pendingCount: number;
  readonly guard: RollbackGuard;
  readonly nowMs: number;
}

export interface PersistedPolicyDecision {
  readonly applied: ReplayPolicy;
  readonly rolledBack: boolean;
  /** The state to save (write W1). */
  readonly nextState: ReplayPolicyState;
}

export function decidePersistedPolicy(input: PersistedPolicyInputs): PersistedPolicyDecision {
  const { state, recommended, metrics, nowMs } = input;
  if (shouldRollbackToStable(state, nowMs, metrics, input.guard)) {
    // The recommendation is discarded: the last stable policy comes back.
    const applied = { ...state.lastStablePolicy };
    return {
      applied,
      rolledBack: true,
      nextState: { ...state, activePolicy: applied, lastPolicyUpdateAtMs: nowMs, lastRollbackAtMs: nowMs },
    };
  }
  const applied = { ...recommended };
  // Promotion judges the metrics of the previous policy: the promoted one has not run yet.
  const stable = isPolicyStable(recommended, input.deadLetterCount, input.pendingCount, metrics);
  return {
    applied,
    rolledBack: false,
    nextState: {
      ...state,
      activePolicy: applied,
      lastPolicyUpdateAtMs: nowMs,
      ...(stable ? { lastStablePolicy: { ...recommended }, lastStableAtMs: nowMs } : {}),
    },
  };
}

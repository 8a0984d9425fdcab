// full-stack's clock: everything runs at a production-like pace (ticks, cooldowns and intervals in
// seconds to minutes, as the spec's defaults are), over an hour of virtual time. Messages and disk
// ops still take milliseconds, so faults interleave with the multi-step operations as elsewhere,
// while the run stays sparse enough to simulate far faster than real time.
import type { RollbackAlertPolicy, RollbackGuard } from '../../core/exports-governance';
import type { Rng } from '../../sim/index';
import { DEFAULT_ADAPTIVE, type PipelineOptionsInput, type TimeWindow } from '../pipeline/index';

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;

/** The chaos phase ends here; the last 17 minutes are for recovery and the liveness checks. */
export const FULL_STACK_HEAL_AT_MS = 45 * MINUTE;
/** New work (reports, drills, archive appends and maintenance) stops here. */
export const WORKLOAD_UNTIL_MS = 40 * MINUTE;
/** Workers and consumers stop here. */
export const END_MS = 58 * MINUTE;
/** The run's budget. */
export const LIMIT_MS = 62 * MINUTE;

/** The pipeline world at that pace; the guarded adaptive entry is the pipeline's own replay. */
export const FULL_STACK_PIPELINE: PipelineOptionsInput = {
  replayEntry: 'guarded',
  tickMs: 50 * SECOND,
  tickJitterMs: 50 * SECOND,
  reconcileEveryMs: 45 * SECOND,
  replayIntervalMs: 90 * SECOND,
  leaseTtlMs: 3 * MINUTE,
  reportsPerTarget: 30,
  workloadUntilMs: WORKLOAD_UNTIL_MS,
  endMs: END_MS,
  rpcTimeoutMs: 200,
  retryPolicy: { maxPendingAlerts: 3, maxRetryAttempts: 2, retryBackoffMs: 30 * SECOND },
  adaptive: { ...DEFAULT_ADAPTIVE, guard: { ...DEFAULT_ADAPTIVE.guard, policyCooldownMs: 60 * SECOND } },
};

/** Two sink outages of 4 to 10 minutes inside the workload. */
export function drawFullStackOutages(rng: Rng): TimeWindow[] {
  const a = rng.between(2, 8) * MINUTE;
  const first = { fromMs: a, untilMs: a + rng.between(4, 10) * MINUTE };
  const b = first.untilMs + rng.between(3, 8) * MINUTE;
  return [first, { fromMs: b, untilMs: Math.min(WORKLOAD_UNTIL_MS, b + rng.between(4, 10) * MINUTE) }];
}

/** Governance at that pace: cooldowns of minutes (the spec's defaults are 30 s and 60 s). */
export function drawGovernancePace(rng: Rng): { rollbackGuard: RollbackGuard; alertPolicy: RollbackAlertPolicy } {
  return {
    rollbackGuard: { minAttempted: 3, failureRatioPerMille: 400, deadLetterRatioPerMille: 250, rollbackCooldownMs: rng.between(2, 5) * MINUTE },
    alertPolicy: { rollbackWindowMs: 20 * MINUTE, maxRollbacksPerWindow: rng.between(1, 2), minAttempted: 3, alertCooldownMs: rng.between(5, 10) * MINUTE },
  };
}

/** The OS writes dirty pages back every 5 to 30 s on three seeds in four, never on the rest. */
export function drawWritebackMs(rng: Rng): number | null {
  return rng.chance([3, 4]) ? rng.between(5, 30) * SECOND : null;
}

// P3.31 governance levels (spec B §3.2-§3.5): consecutive rollback runs escalate normal -> stable
// -> emergency; any run without a rollback drops straight back to normal (no hysteresis).
import { ValidationError } from '../../common/errors';
import { satAdd } from '../../common/saturating';
import type { ReplayPolicy } from '../../replay/types';
import {
  compactJson,
  parseObject,
  readEnum,
  readOptionalI64,
  readUsizeValue,
  readWithDefault,
  type JsonSource,
} from '../codec/jsonFields';

export type GovernanceLevel = 'normal' | 'stable' | 'emergency';
export const GOVERNANCE_LEVELS: readonly GovernanceLevel[] = ['normal', 'stable', 'emergency'];

export interface GovernancePolicy {
  readonly levelOneRollbackStreak: number;
  readonly levelTwoRollbackStreak: number;
  readonly levelTwoEmergencyPolicy: ReplayPolicy;
}

export const defaultGovernancePolicy = (): GovernancePolicy => ({
  levelOneRollbackStreak: 2,
  levelTwoRollbackStreak: 4,
  levelTwoEmergencyPolicy: { maxReplayPerRun: 2, maxRetryLimitExceededStreak: 1 },
});

const GOV = 'membership revocation dead-letter replay rollback governance';

/** The emergency policy is deliberately not checked against the adaptive bounds (spec B §3.3). */
export function validateGovernancePolicy(p: GovernancePolicy): void {
  if (p.levelOneRollbackStreak === 0) throw new ValidationError(`${GOV} level_one_rollback_streak must be positive`);
  if (p.levelTwoRollbackStreak < p.levelOneRollbackStreak) {
    throw new ValidationError(
      `${GOV} thresholds are invalid: level_two=${p.levelTwoRollbackStreak} < level_one=${p.levelOneRollbackStreak}`,
    );
  }
  if (p.levelTwoEmergencyPolicy.maxReplayPerRun === 0) {
    throw new ValidationError(`${GOV} level_two_emergency_policy max_replay_per_run must be positive`);
  }
  if (p.levelTwoEmergencyPolicy.maxRetryLimitExceededStreak === 0) {
    throw new ValidationError(`${GOV} level_two_emergency_policy max_retry_limit_exceeded_streak must be positive`);
  }
}

export interface GovernanceState {
  readonly rollbackStreak: number;
  readonly lastLevel: GovernanceLevel;
  readonly lastLevelUpdatedAtMs: number | null;
}

export const defaultGovernanceState = (): GovernanceState => ({
  rollbackStreak: 0,
  lastLevel: 'normal',
  lastLevelUpdatedAtMs: null,
});

export const governanceStateJson = (s: GovernanceState): string =>
  JSON.stringify(
    compactJson([
      ['rollback_streak', s.rollbackStreak],
      ['last_level', s.lastLevel],
      ['last_level_updated_at_ms', s.lastLevelUpdatedAtMs],
    ]),
  );

export function governanceStateFromObject(o: Readonly<Record<string, unknown>>, src: JsonSource): GovernanceState {
  return {
    rollbackStreak: readWithDefault(o, 'rollback_streak', 0, readUsizeValue, src),
    lastLevel: readWithDefault<GovernanceLevel>(o, 'last_level', 'normal', (v, s) => readEnum(v, GOVERNANCE_LEVELS, s), src),
    lastLevelUpdatedAtMs: readOptionalI64(o, 'last_level_updated_at_ms', src),
  };
}

export const governanceStateFromJson = (text: string, file: string): GovernanceState =>
  governanceStateFromObject(parseObject(text, file), { file, at: '' });

/** Level for a streak: emergency at `>= level_two`, stable at `>= level_one`, else normal. */
export function governanceLevelFor(streak: number, p: GovernancePolicy): GovernanceLevel {
  if (streak >= p.levelTwoRollbackStreak) return 'emergency';
  if (streak >= p.levelOneRollbackStreak) return 'stable';
  return 'normal';
}

export interface GovernanceOutcome {
  readonly governed: ReplayPolicy;
  readonly level: GovernanceLevel;
  readonly nextState: GovernanceState;
}

/** `apply_dead_letter_replay_rollback_governance_policy`, without mutation: returns the next state. */
export function applyGovernance(input: {
  readonly nowMs: number;
  readonly rolledBack: boolean;
  readonly applied: ReplayPolicy;
  readonly stable: ReplayPolicy;
  readonly policy: GovernancePolicy;
  readonly state: GovernanceState;
}): GovernanceOutcome {
  const streak = input.rolledBack ? satAdd(input.state.rollbackStreak, 1) : 0;
  const level = governanceLevelFor(streak, input.policy);
  const governed =
    level === 'emergency' ? input.policy.levelTwoEmergencyPolicy : level === 'stable' ? input.stable : input.applied;
  return {
    governed: { ...governed },
    level,
    nextState: { rollbackStreak: streak, lastLevel: level, lastLevelUpdatedAtMs: input.nowMs },
  };
}

/**
 * Spec B §3.6 step 7 (write W10): when governance chose another policy than the one applied, it
 * becomes the active policy for the next run; stable and rollback times stay as they are.
 * Null when nothing changes (W10 is skipped).
 */
export function governedPolicyOverride<S extends { readonly activePolicy: ReplayPolicy }>(
  policyState: S & { readonly lastPolicyUpdateAtMs: number | null },
  governed: ReplayPolicy,
  applied: ReplayPolicy,
  nowMs: number,
): S | null {
  const same =
    governed.maxReplayPerRun === applied.maxReplayPerRun &&
    governed.maxRetryLimitExceededStreak === applied.maxRetryLimitExceededStreak;
  return same ? null : { ...policyState, activePolicy: { ...governed }, lastPolicyUpdateAtMs: nowMs };
}

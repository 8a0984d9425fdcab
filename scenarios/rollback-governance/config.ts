// The governance settings of a governed world (spec B's guard, alert policy, governance policy,
// fallback) next to the pipeline's adaptive bounds, with defaults and a per-seed draw. Every
// policy governance can put in force (fallback, emergency) lies inside the adaptive bounds, so a
// policy outside them is a finding, not a configuration slip (B 8.4 "not clamped").
import type { GovernancePolicy, RollbackAlertPolicy, RollbackGuard } from '../../core/exports-governance';
import type { ReplayPolicy } from '../../core/exports-replay';
import type { Rng } from '../../sim/index';
import type { GovernanceConfig } from '../checkers/governance-ledger';
import type { PipelineOptions } from '../pipeline/index';

/** Where part B's files live on the store host. */
export const GOVERNANCE_ROOT = '/data/governance';

export const EMERGENCY_POLICY: ReplayPolicy = { maxReplayPerRun: 1, maxRetryLimitExceededStreak: 1 };

/** The spec's default thresholds {2, 4}: with one writer, governance never leaves normal (B 8.3). */
export const SPEC_GOVERNANCE_POLICY: GovernancePolicy = { levelOneRollbackStreak: 2, levelTwoRollbackStreak: 4, levelTwoEmergencyPolicy: EMERGENCY_POLICY };

/** Thresholds a seed may draw: the spec's, and the ones spec B's D1 says escalation needs. */
export const GOVERNANCE_POLICIES: readonly GovernancePolicy[] = [
  SPEC_GOVERNANCE_POLICY,
  { levelOneRollbackStreak: 1, levelTwoRollbackStreak: 1, levelTwoEmergencyPolicy: EMERGENCY_POLICY },
  { levelOneRollbackStreak: 1, levelTwoRollbackStreak: 2, levelTwoEmergencyPolicy: EMERGENCY_POLICY },
];

/** Overrides of the drawn settings (any subset). */
export interface GovernanceSetup {
  readonly rollbackGuard?: RollbackGuard;
  readonly alertPolicy?: RollbackAlertPolicy;
  readonly governancePolicy?: GovernancePolicy;
  readonly fallbackPolicy?: ReplayPolicy;
}

/** The seed's governance settings: thresholds and cooldowns drawn, bounds from the pipeline. */
export function drawGovernanceConfig(rng: Rng, pipeline: PipelineOptions, setup: GovernanceSetup = {}): GovernanceConfig {
  const rollbackGuard: RollbackGuard = {
    minAttempted: 3,
    failureRatioPerMille: 400,
    deadLetterRatioPerMille: 250,
    rollbackCooldownMs: rng.between(150, 400),
  };
  const alertPolicy: RollbackAlertPolicy = {
    rollbackWindowMs: 2000,
    maxRollbacksPerWindow: rng.between(1, 2),
    minAttempted: 3,
    alertCooldownMs: rng.between(300, 800),
  };
  return {
    fallbackPolicy: setup.fallbackPolicy ?? pipeline.adaptive.initialPolicy,
    rollbackGuard: setup.rollbackGuard ?? rollbackGuard,
    alertPolicy: setup.alertPolicy ?? alertPolicy,
    governancePolicy: setup.governancePolicy ?? rng.pick(GOVERNANCE_POLICIES),
    bounds: pipeline.adaptive.bounds,
    guard: pipeline.adaptive.guard,
  };
}

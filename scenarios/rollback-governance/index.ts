// rollback-governance: workers n1..n3 run spec B's governed entry (`runReplayWithGovernanceArchive`:
// policy persistence, adoption audit, rollback alert, governance levels, archive) over the shared
// stores on the store host, while reconcile runs with sink outages turn the delivery metrics
// unhealthy so policies roll back. The seed's plan crashes workers (timed) and the store host (at
// any write, possibly torn), drops, duplicates and delays messages, partitions, fails disk ops and
// jumps clocks; on most seeds the OS writes dirty pages back every 20-80 ms (archive-tiering's
// writeback), so an `original` crash keeps what was flushed, torn documents included. Invariants:
// rollback-guard, governance-transitions, decision-audit, alert-dedup, rollback-clock,
// governance-progress (after heal); the `escalation` option adds the design liveness governance-escalation (B 8.3).
import type { FaultPlan, Ratio, Rng } from '../../sim/index';
import { alertDedup } from '../checkers/alert-dedup';
import { decisionAudit } from '../checkers/decision-audit';
import type { GovernanceWorld } from '../checkers/governance-ledger';
import { governanceEscalation } from '../checkers/governance-escalation';
import { governanceProgress } from '../checkers/governance-progress';
import { rollbackClock } from '../checkers/governance-clock';
import { installWriteback, writebackIntervalOf } from '../archive-tiering/writeback';
import { governanceTransitions } from '../checkers/governance-transitions';
import { rollbackGuard } from '../checkers/rollback-guard';
import { pipelineFromBuild, pipelinePlan, resolvePipelineOptions, type PipelineOptions, type PipelineOptionsInput, type PipelineState, type TimeWindow } from '../pipeline/index';
import { defineScenario, type BuildContext, type Built, type Invariant, type Scenario } from '../registry';
import { drawGovernanceConfig, SPEC_GOVERNANCE_POLICY, type GovernanceSetup } from './config';
import { GovernanceAddOn } from './governance';

export const ROLLBACK_GOVERNANCE = 'rollback-governance';
export const ROLLBACK_GOVERNANCE_HEAL_AT_MS = 5000;

export interface GovernedState extends PipelineState {
  readonly governance: GovernanceWorld;
}

export interface RollbackGovernanceOptions {
  readonly pipeline?: PipelineOptionsInput;
  readonly governance?: GovernanceSetup;
  /** Also check the liveness `governance-escalation` (fails in both profiles: a design limitation). */
  readonly escalation?: boolean;
  /** Scenario name. Default `rollback-governance`. */
  readonly name?: string;
}

/** The pipeline world as rollback-governance runs it (the governed run replaces the tick's replay). */
export const GOVERNED_PIPELINE: PipelineOptionsInput = {
  replayIntervalMs: 200,
  // Every run of the world takes its one lease in hardened: slower ticks than the pipeline's
  // default keep most attempts from being refused.
  tickMs: 200,
  tickJitterMs: 200,
  endMs: 8000,
  // A busier workload than the pipeline's default, so backlogs grow, policies move and roll back.
  reconcileEveryMs: 100,
  workloadUntilMs: 4000,
  retryPolicy: { maxPendingAlerts: 2, maxRetryAttempts: 1, retryBackoffMs: 50 },
  reportsPerTarget: 24,
};

/** Two long sink outages inside the workload (600-1500 ms each), so metrics stay unhealthy a while. */
export function drawGovernanceOutages(rng: Rng, o: PipelineOptions): TimeWindow[] {
  const first = rng.between(200, 600);
  const a = { fromMs: first, untilMs: first + rng.between(600, 1500) };
  const second = a.untilMs + rng.between(300, 800);
  const b = { fromMs: second, untilMs: Math.min(o.workloadUntilMs, second + rng.between(600, 1500)) };
  return b.untilMs > b.fromMs ? [a, b] : [a];
}

export interface GovernanceInvariantOptions {
  /** Also check the design liveness `governance-escalation` (fails in both profiles). */
  readonly escalation?: boolean;
  /** `governance-progress` looks for completed governed runs from heal + this. */
  readonly progressSettleMs: number;
}

/** The governance checkers; `governance-progress` reads the heal time of the pipeline world. */
export function governanceInvariants<S extends PipelineState>(worldOf: (s: S) => GovernanceWorld, o: GovernanceInvariantOptions): Invariant<S>[] {
  const list = [
    rollbackGuard(worldOf),
    governanceTransitions(worldOf),
    decisionAudit(worldOf),
    alertDedup(worldOf),
    rollbackClock(worldOf),
    governanceProgress(worldOf, (s: S) => s.pipeline.runtime.healAtMs, o.progressSettleMs),
  ];
  return o.escalation === true ? [...list, governanceEscalation(worldOf)] : list;
}

/**
 * The seed's plan: the pipeline's swarm plan (store-host crashes at any write, torn writes, worker
 * crashes, partitions, EIO, skew and clock jumps up to 2 s), with message loss and duplication
 * scaled down to at most 1 in 40: a governed run makes some 25 calls without retries, so heavier
 * loss would fail nearly every run and leave no decisions to check.
 */
export function rollbackGovernancePlan(rng: Rng, options: RollbackGovernanceOptions = {}): FaultPlan {
  const o = resolvePipelineOptions({ ...GOVERNED_PIPELINE, ...options.pipeline });
  return softenMessageFaults(pipelinePlan(rng, o, { healAtMs: ROLLBACK_GOVERNANCE_HEAL_AT_MS, skewMsMax: 2000 }));
}

/** The plan with message loss and duplication four times rarer (see `rollbackGovernancePlan`). */
export function softenMessageFaults(plan: FaultPlan): FaultPlan {
  const soften = (r: Ratio | undefined): Ratio => (r === undefined || r[0] === 0 ? [0, 1] : [r[0], r[1] * 4]);
  return { ...plan, net: { ...plan.net, lossRatio: soften(plan.net?.lossRatio), duplicateRatio: soften(plan.net?.duplicateRatio) } };
}

/** Adds the governed world to a scenario's sim (exported so tests can keep the state). */
export function buildRollbackGovernance(ctx: BuildContext, options: RollbackGovernanceOptions = {}): Built<GovernedState> {
  const input = { ...GOVERNED_PIPELINE, ...options.pipeline };
  const base = resolvePipelineOptions(input);
  const pipelineInput = { sinkOutages: drawGovernanceOutages(ctx.rng.fork('governance/outages'), base), ...input };
  const o = resolvePipelineOptions(pipelineInput);
  const config = drawGovernanceConfig(ctx.rng.fork('governance/config'), o, options.governance);
  const addOn = new GovernanceAddOn({ sim: ctx.sim, profile: ctx.profile, pipeline: o, config });
  const pipeline = pipelineFromBuild(ctx, pipelineInput, addOn.extensions(true));
  const worldOf = (s: GovernedState): GovernanceWorld => s.governance;
    const writebackMs = writebackIntervalOf(ctx.rng.fork('os'));
  if (writebackMs !== null) installWriteback(ctx.sim, { intervalMs: writebackMs, untilMs: o.endMs });
  ctx.sim.record(null, 'governance.world', { config, root: addOn.root, writebackMs });
  return { state: { pipeline, governance: addOn.world }, invariants: governanceInvariants(worldOf, { escalation: options.escalation, progressSettleMs: 600 }) };
}

export function makeRollbackGovernance(options: RollbackGovernanceOptions = {}): Scenario {
  const resolved = resolvePipelineOptions({ ...GOVERNED_PIPELINE, ...options.pipeline });
  return defineScenario<GovernedState>({
    name: options.name ?? ROLLBACK_GOVERNANCE,
    description: 'spec B governed replay (persisted policy, audits, rollback alerts, levels, archive) by 3 workers over RPC stores under crashes, loss, clock jumps',
    defaultSeed: '1',
    limits: { maxSteps: 80_000, untilMs: resolved.endMs + 1000 },
    plan: (_seed, rng) => rollbackGovernancePlan(rng, options),
    build: (ctx) => buildRollbackGovernance(ctx, options),
  });
}

export const rollbackGovernance = makeRollbackGovernance();

/** The same world with the spec's thresholds {2, 4} and the design liveness `governance-escalation`. */
export const ROLLBACK_GOVERNANCE_OSCILLATION = 'rollback-governance-oscillation';
/** Its options, exported so findings and repro files can build the variant from data. */
export const ROLLBACK_GOVERNANCE_OSCILLATION_OPTIONS: RollbackGovernanceOptions = {
  name: ROLLBACK_GOVERNANCE_OSCILLATION,
  escalation: true,
  governance: { governancePolicy: SPEC_GOVERNANCE_POLICY },
};
export const rollbackGovernanceOscillation = makeRollbackGovernance(ROLLBACK_GOVERNANCE_OSCILLATION_OPTIONS);

// full-stack: everything at once, for an hour of virtual time at a production-like pace. Workers
// n1..n3 run the pipeline (reconcile/emit with sink outages, the guarded adaptive replay entry),
// spec B's governed run with archive (policy persistence, audits, rollback alerts, levels), the
// governance audit archive's retention and tiered offload (archive-tiering's parts), and scheduled
// drills with drill alerts on their own event buses (drill-events' publisher); `storage` serves the
// replay stores, part B's stores, the archive tiers and both sinks; `s1` the consumers' cursor
// stores; `c1` one consumer per pull method. The seed's plan draws every fault kind (loss,
// duplication, partitions, crashes of any node, crash at any write, torn writes, EIO, skew and
// clock jumps) until 45 min, then heals. Every invariant of the other scenarios' checkers is active.
import { PUBLISHERS } from '../drill-events/topology';
import { storageProgram as cursorStorageProgram } from '../drill-events/cursorStores';
import { publisherProgram } from '../drill-events/publisher';
import { initialState as initialDrillState, type DrillEventsState } from '../drill-events/state';
import { fullStackInvariants, type FullStackState } from './invariants';
import { consumersFor, CONSUMER_NODE, STORAGE_NODE as CURSOR_NODE } from '../drill-events/topology';
import { initialState as initialArchiveState, type ArchiveTieringState } from '../archive-tiering/state';
import { installWriteback } from '../archive-tiering/writeback';
import { pipelineFromBuild, resolvePipelineOptions, type PipelineOptionsInput } from '../pipeline/index';
import { defineScenario, type BuildContext, type Built, type Scenario } from '../registry';
import { drawGovernanceConfig } from '../rollback-governance/config';
import { GovernanceAddOn } from '../rollback-governance/governance';
import type { NodeContext } from '../../sim/index';
import { archiveStorageProgram, archiveWorkerProgram } from './archive';
import { drawSparseDrills, sparseConsumerProgram } from './drills';
import { drawFullStackOutages, drawGovernancePace, drawWritebackMs, END_MS, FULL_STACK_PIPELINE, LIMIT_MS } from './pace';
import { fullStackPlan } from './plan';

export const FULL_STACK = 'full-stack';
export type { FullStackState } from './invariants';

export interface FullStackOptions {
  readonly pipeline?: PipelineOptionsInput;
}

/** The software full-stack adds to the pipeline world's nodes: archive tiers, archive workers, drill publishers. */
function nodeBootOf(ctx: BuildContext, archive: ArchiveTieringState, events: DrillEventsState, storeHost: string) {
  const archiveRng = ctx.rng.fork('archive');
  return (node: NodeContext): void => {
    if (node.id === storeHost) node.spawn('archive-storage', () => archiveStorageProgram(archive, ctx.profile, ctx.sim)(node));
    if ((PUBLISHERS as readonly string[]).includes(node.id)) {
      node.spawn('archive-worker', () => archiveWorkerProgram(archive, ctx.profile, ctx.sim, archiveRng.fork(node.id))(node));
      node.spawn('drill-publisher', () => publisherProgram(events, ctx.sim)(node));
    }
  };
}

export function buildFullStack(ctx: BuildContext, options: FullStackOptions = {}): Built<FullStackState> {
  const input: PipelineOptionsInput = { ...FULL_STACK_PIPELINE, sinkOutages: drawFullStackOutages(ctx.rng.fork('outages')), ...options.pipeline };
  const o = resolvePipelineOptions(input);
  const config = drawGovernanceConfig(ctx.rng.fork('governance/config'), o, drawGovernancePace(ctx.rng.fork('governance/pace')));
  const addOn = new GovernanceAddOn({ sim: ctx.sim, profile: ctx.profile, pipeline: o, config });
  const archive = initialArchiveState(ctx.profile);
  const events = initialDrillState(ctx.profile, consumersFor(ctx.profile), drawSparseDrills(ctx.rng.fork('drills'), PUBLISHERS), END_MS);
  const pipeline = pipelineFromBuild(ctx, input, { ...addOn.extensions(false), nodeBoot: nodeBootOf(ctx, archive, events, o.storeHost) });
  ctx.sim.addNode(CURSOR_NODE, { program: cursorStorageProgram(events, ctx.sim) });
  ctx.sim.addNode(CONSUMER_NODE, { program: sparseConsumerProgram(events, ctx.sim, ctx.rng.fork('consumers')) });
  const writebackMs = drawWritebackMs(ctx.rng.fork('os'));
  if (writebackMs !== null) installWriteback(ctx.sim, { intervalMs: writebackMs, untilMs: END_MS });
  ctx.sim.record(null, 'full-stack.world', { governance: config, writebackMs });
  return { state: { pipeline, governance: addOn.world, archive, events }, invariants: fullStackInvariants() };
}

export function makeFullStack(options: FullStackOptions = {}): Scenario {
  return defineScenario<FullStackState>({
    name: FULL_STACK,
    description: 'everything at once for an hour at production pace: pipeline, guarded replay, governance + archive, retention/offload, drills and event consumers, under every fault kind',
    defaultSeed: '1',
    limits: { maxSteps: 400_000, untilMs: LIMIT_MS },
    plan: (_seed, rng) => fullStackPlan(rng),
    build: (ctx) => buildFullStack(ctx, options),
  });
}

export const fullStack = makeFullStack();

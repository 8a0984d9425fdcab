// Workload shrinking as data on scenario options (the `scenarioOptions` of reproScenario.ts): for
// each scenario whose options carry the pipeline world's workload knobs, where those knobs sit in
// its options and what its own defaults are. `materialize(seed, options)` makes the seed-drawn
// part explicit (the sink outages the world draws from the seed, read back from the world it
// builds), so the run with the materialized options is the run without; `candidates(options)`
// yields strictly smaller workloads (scenarios/pipeline/workloadShrink.ts). archive-tiering,
// drill-events and kernel-selftest take no workload options, so their workload does not shrink.
import { ADAPTIVE_GUARD_DEFAULTS } from '../scenarios/adaptive-guard/index';
import { FULL_STACK_PIPELINE } from '../scenarios/full-stack/pace';
import { LEASE_CONTENTION_DEFAULTS } from '../scenarios/lease-contention/index';
import type { PipelineOptionsInput, TimeWindow } from '../scenarios/pipeline/options';
import {
  formatPipelineWorkload,
  pipelineWorkloadCandidates,
  pipelineWorkloadSize,
  pipelineWorkloadSummary,
  resolveWorkload,
  type PipelineWorkloadSummary,
} from '../scenarios/pipeline/workloadShrink';
import { GOVERNED_PIPELINE } from '../scenarios/rollback-governance/index';
import { EMPTY_PLAN } from '../sim/plan';
import type { Candidate } from '../sim/shrinkLoop';
import { parseTraceLine } from '../sim/trace';
import { scenarioWithOptions, type ScenarioOptions } from './reproScenario';

export type WorkloadSummary = PipelineWorkloadSummary;

export interface WorkloadShrinker {
  /** The options with the seed-drawn workload made explicit: same run, same events. */
  materialize(seed: string, options: ScenarioOptions | undefined): ScenarioOptions;
  /** Strictly smaller workloads (by `size`), lazily, biggest cuts first. */
  candidates(options: ScenarioOptions): Generator<Candidate<ScenarioOptions>>;
  summary(options: ScenarioOptions): WorkloadSummary;
  /** The well-founded measure every candidate lowers. */
  size(options: ScenarioOptions): number;
}

/** Where a scenario keeps its pipeline options: flat (its options are pipeline options) or under `pipeline`. */
interface PipelinePlace {
  readonly defaults: PipelineOptionsInput;
  readonly nested: boolean;
  /** Flat options that are not pipeline options (adaptive-guard's `policyFreezeAfterMs`). */
  readonly extraKeys?: readonly string[];
}

const PLACES: Readonly<Record<string, PipelinePlace>> = {
  'fair-replay': { defaults: {}, nested: false },
  'lease-contention': { defaults: LEASE_CONTENTION_DEFAULTS, nested: false },
  'adaptive-guard': { defaults: ADAPTIVE_GUARD_DEFAULTS, nested: false, extraKeys: ['policyFreezeAfterMs'] },
  'rollback-governance': { defaults: GOVERNED_PIPELINE, nested: true },
  'full-stack': { defaults: FULL_STACK_PIPELINE, nested: true },
};

function pipelineInputOf(p: PipelinePlace, options: ScenarioOptions): PipelineOptionsInput {
  if (p.nested) return (options.pipeline ?? {}) as PipelineOptionsInput;
  const input: Record<string, unknown> = { ...options };
  for (const k of p.extraKeys ?? []) delete input[k];
  return input as PipelineOptionsInput;
}

function withPipelineInput(p: PipelinePlace, options: ScenarioOptions, input: PipelineOptionsInput): ScenarioOptions {
  return p.nested ? { ...options, pipeline: input } : { ...options, ...input };
}

/** The sink outages the world of (scenario, seed) uses, as its `pipeline.world` line records them. */
function recordedSinkOutages(name: string, options: ScenarioOptions | undefined, seed: string): TimeWindow[] {
  let outages: TimeWindow[] | null = null;
  const onLine = (line: string): void => {
    if (outages === null && line.includes('"kind":"pipeline.world"')) outages = (parseTraceLine(line).data as { sinkOutages: TimeWindow[] }).sinkOutages;
  };
  scenarioWithOptions(name, options).start(seed, { plan: EMPTY_PLAN, trace: { mode: 'hash', onLine } });
  if (outages === null) throw new Error(`${name}: the world recorded no pipeline.world line`);
  return outages;
}

function pipelineShrinker(name: string, p: PipelinePlace): WorkloadShrinker {
  const summary = (options: ScenarioOptions): WorkloadSummary => pipelineWorkloadSummary(resolveWorkload(pipelineInputOf(p, options), p.defaults));
  return {
    materialize(seed, options) {
      const base = options ?? {};
      const input = pipelineInputOf(p, base);
      if (input.sinkOutages !== undefined && input.sinkOutages !== null) return base;
      return withPipelineInput(p, base, { ...input, sinkOutages: recordedSinkOutages(name, options, seed) });
    },
    *candidates(options) {
      for (const c of pipelineWorkloadCandidates(pipelineInputOf(p, options), p.defaults)) yield { label: c.label, value: withPipelineInput(p, options, c.input) };
    },
    summary,
    size: (options) => pipelineWorkloadSize(summary(options)),
  };
}

const SHRINKERS: Readonly<Record<string, WorkloadShrinker>> = Object.fromEntries(Object.entries(PLACES).map(([name, p]) => [name, pipelineShrinker(name, p)]));

/** The workload shrinker of a registered scenario, or undefined if its workload has no knobs. */
export function workloadShrinkerOf(scenario: string): WorkloadShrinker | undefined {
  return SHRINKERS[scenario];
}

/** Scenarios whose workload shrinks. */
export function workloadScenarioNames(): string[] {
  return Object.keys(SHRINKERS).sort();
}

export function formatWorkload(s: WorkloadSummary): string {
  return formatPipelineWorkload(s);
}

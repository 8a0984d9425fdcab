// Smaller workloads of the pipeline world, for shrinking a failing run (cli/shrink.ts) together
// with its fault plan. `pipelineWorkloadCandidates(input, defaults)` yields, lazily and biggest
// cuts first, pipeline options whose workload is strictly smaller by one well-founded measure
// (`pipelineWorkloadSize`, a sum of non-negative integers: every candidate lowers one term and
// raises none): no sink outages, one outage fewer, fewer reports per target, fewer targets, an
// earlier end of new reports, a shorter outage. Workers, hosts and the run's end stay, so a shrunk
// plan's node names stay valid and liveness checks keep their time to settle. Outages shrink only
// when they are explicit (materialized from the seed's draw); drawn ones are left alone.
import { resolvePipelineOptions, type PipelineOptions, type PipelineOptionsInput, type TimeWindow } from './options';

/** The workload in numbers (what a shrink report shows before and after). */
export interface PipelineWorkloadSummary {
  readonly reportsPerTarget: number;
  readonly targets: number;
  readonly sinkOutages: number;
  /** Total length of the outages. */
  readonly sinkOutageMs: number;
  readonly workloadUntilMs: number;
}

export interface PipelineWorkloadCandidate {
  /** What changed, e.g. `reportsPerTarget 10 -> 5`. */
  readonly label: string;
  readonly input: PipelineOptionsInput;
}

/** Outages shorter than this are not halved again. */
const OUTAGE_MS_MIN = 10;
/** workloadUntilMs moves earlier in steps of at least this (about a worker tick). */
const WORKLOAD_STEP_MS_MIN = 50;

const lengthOf = (w: TimeWindow): number => w.untilMs - w.fromMs;

/** `input` over the scenario's own `defaults`, resolved. */
export function resolveWorkload(input: PipelineOptionsInput, defaults: PipelineOptionsInput = {}): PipelineOptions {
  return resolvePipelineOptions({ ...defaults, ...input });
}

export function pipelineWorkloadSummary(o: PipelineOptions): PipelineWorkloadSummary {
  const outages = o.sinkOutages ?? [];
  return {
    reportsPerTarget: o.reportsPerTarget,
    targets: o.targets.length,
    sinkOutages: outages.length,
    sinkOutageMs: outages.reduce((ms, w) => ms + lengthOf(w), 0),
    workloadUntilMs: o.workloadUntilMs,
  };
}

/** The measure every candidate strictly lowers (so greedy shrinking terminates). */
export function pipelineWorkloadSize(s: PipelineWorkloadSummary): number {
  return s.reportsPerTarget + s.targets + s.sinkOutages + s.sinkOutageMs + s.workloadUntilMs;
}

/** One line for reports: `10 reports/target, 3 targets, 2 sink outages (850 ms), workload until 1800 ms`. */
export function formatPipelineWorkload(s: PipelineWorkloadSummary): string {
  return `${s.reportsPerTarget} reports/target, ${s.targets} target${s.targets === 1 ? '' : 's'}, ${s.sinkOutages} sink outage${s.sinkOutages === 1 ? '' : 's'} (${s.sinkOutageMs} ms), workload until ${s.workloadUntilMs} ms`;
}

/** Every candidate, lazily: outages dropped, reports, targets, workload end, outages shortened. */
export function* pipelineWorkloadCandidates(input: PipelineOptionsInput, defaults: PipelineOptionsInput = {}): Generator<PipelineWorkloadCandidate> {
  const o = resolveWorkload(input, defaults);
  const set = (label: string, patch: PipelineOptionsInput): PipelineWorkloadCandidate => ({ label, input: { ...input, ...patch } });
  const outages = input.sinkOutages ?? null;
  if (outages !== null) yield* dropOutages(outages, set);
  yield* fewerReports(o.reportsPerTarget, set);
  yield* fewerTargets(o.targets, set);
  yield* earlierWorkloadEnd(o.workloadUntilMs, set);
  if (outages !== null) yield* shorterOutages(outages, set);
}

type Setter = (label: string, patch: PipelineOptionsInput) => PipelineWorkloadCandidate;

function* dropOutages(outages: readonly TimeWindow[], set: Setter): Generator<PipelineWorkloadCandidate> {
  if (outages.length > 1) yield set('no sink outages', { sinkOutages: [] });
  for (let i = 0; i < outages.length; i++) {
    const w = outages[i];
    yield set(`drop sink outage ${i} (${w.fromMs}..${w.untilMs} ms)`, { sinkOutages: outages.filter((_w, j) => j !== i) });
  }
}

function* fewerReports(reports: number, set: Setter): Generator<PipelineWorkloadCandidate> {
  if (reports > 2) yield set(`reportsPerTarget ${reports} -> 1`, { reportsPerTarget: 1 });
  if (reports > 1) yield set(`reportsPerTarget ${reports} -> ${Math.floor(reports / 2)}`, { reportsPerTarget: Math.floor(reports / 2) });
  if (reports > 3) yield set(`reportsPerTarget ${reports} -> ${reports - 1}`, { reportsPerTarget: reports - 1 });
}

/** Targets only: every worker keeps running (and keeps its name for the plan). */
function* fewerTargets(targets: readonly string[], set: Setter): Generator<PipelineWorkloadCandidate> {
  if (targets.length <= 1) return;
  if (targets.length > 2) for (const t of targets) yield set(`targets -> ${t} only`, { targets: [t] });
  for (const t of targets) yield set(`targets without ${t}`, { targets: targets.filter((x) => x !== t) });
}

function* earlierWorkloadEnd(untilMs: number, set: Setter): Generator<PipelineWorkloadCandidate> {
  if (untilMs >= WORKLOAD_STEP_MS_MIN) yield set(`workloadUntilMs ${untilMs} -> 0 (no new reports)`, { workloadUntilMs: 0 });
  const half = Math.floor(untilMs / 2);
  if (untilMs - half >= WORKLOAD_STEP_MS_MIN) yield set(`workloadUntilMs ${untilMs} -> ${half}`, { workloadUntilMs: half });
  const quarter = Math.floor(untilMs / 4);
  if (quarter >= WORKLOAD_STEP_MS_MIN) yield set(`workloadUntilMs ${untilMs} -> ${untilMs - quarter}`, { workloadUntilMs: untilMs - quarter });
}

function* shorterOutages(outages: readonly TimeWindow[], set: Setter): Generator<PipelineWorkloadCandidate> {
  for (let i = 0; i < outages.length; i++) {
    const w = outages[i];
    const half = Math.floor(lengthOf(w) / 2);
    if (half < OUTAGE_MS_MIN) continue;
    const shorter = { fromMs: w.fromMs, untilMs: w.fromMs + half };
    yield set(`sink outage ${i} ${lengthOf(w)} -> ${half} ms`, { sinkOutages: outages.map((x, j) => (j === i ? shorter : x)) });
  }
}

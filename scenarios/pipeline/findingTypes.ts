// The shape of a pipeline scenario's findings data (`scenarios/<name>/findings.ts`), shared by
// fair-replay, lease-contention and adaptive-guard and the scenarios built on the pipeline:
//  - `FINDINGS`: the registered scenario with its default options; on the seed and explicit plan
//    the finding's invariant is the first violation in `original`, and `hardened` holds every
//    invariant (what `npm run sim -- findings` confirms);
//  - `DESIGN_FINDINGS`: weak points of the spec's decisions, which both profiles share (the
//    hardened shell changes stores and leases, not decisions); they need scenario options, and
//    `hardened` violates the same invariant;
//  - `HARDENED_GAPS`: plans on which the hardened design itself still fails: real bugs, reported;
//  - `FIXED_HARDENED_GAPS`: former gaps the core has since fixed; their plans are regression tests.
import type { FaultPlan } from '../../sim/index';
import type { SeedFinding } from '../findingShape';
import type { RunReport } from '../registry';
import type { PipelineOptionsInput } from './options';

export interface PipelineFinding extends SeedFinding {
  readonly scenario: string;
}

export interface DesignFinding extends PipelineFinding {
  /** Scenario options that expose the weak point (the scenario's `make…(options)`). */
  readonly options: PipelineOptionsInput & Readonly<Record<string, unknown>>;
  /** What `hardened` does on the same seed, plan and options. */
  readonly hardened: 'violates';
}

export interface HardenedGap {
  readonly id: string;
  readonly scenario: string;
  readonly invariant: string;
  readonly seed: string;
  readonly plan: FaultPlan;
  readonly description: string;
  /** Where the hardened design would need to change. */
  readonly suggestedFix: string;
  readonly expectMessage: string;
}

export interface FixedHardenedGap extends HardenedGap {
  /** The core change that fixed it. */
  readonly fixedBy: string;
}

/** The chaos phase ends at 2600 ms in every pipeline scenario; no faults unless a finding adds them. */
export const QUIET_PLAN: FaultPlan = { version: 1, steps: [], healAtMs: 2600, net: { requestTimeoutMs: 150 } };

/**
 * What a hardened run on a gap's plan shows: `documented` (the gap's violation is still there),
 * `fixed` (every invariant holds: move the entry out of HARDENED_GAPS and stop excluding its fault
 * from the property plans), or `other` (something else broke: a regression).
 */
export function gapStatus(report: RunReport, gap: HardenedGap): 'documented' | 'fixed' | 'other' {
  if (report.status === 'pass') return 'fixed';
  const v = report.violations.find((x) => x.invariant === gap.invariant);
  return v !== undefined && new RegExp(gap.expectMessage).test(v.message) ? 'documented' : 'other';
}

// What every recorded finding of a scenario holds, whatever the scenario: a seed and an explicit
// fault plan on which `original` violates an invariant because of a spec weak point, what
// `hardened` does instead, and a pattern the violation's message must match (so a finding that
// starts failing for another reason is noticed). Each scenario's findings.ts extends it.
import type { FaultPlan } from '../sim/index';

export interface SeedFinding {
  readonly id: string;
  readonly invariant: string;
  /** The spec's weak point (A = A-replay.md §14, B = B-governance.md, C = C-events.md). */
  readonly weakPoint: string;
  readonly seed: string;
  readonly plan: FaultPlan;
  readonly description: string;
  readonly hardenedBehaviour: string;
  /** The first violation's message matches this (regular expression source). */
  readonly expectMessage: string;
}

// The pipeline's standard invariant set, for scenarios built on the world: design.md's
// Conservation, Priority, Fairness, Lease safety, Policy bounds, store integrity and metrics
// exported once, plus the
// liveness checks judged at the end of a run with a heal phase.
import { conservation } from '../checkers/conservation';
import { deadLettersDelivered } from '../checkers/dead-letters-delivered';
import { fairness } from '../checkers/fairness';
import { metricsExportedOnce } from '../checkers/metrics-once';
import { leaseSafety } from '../checkers/lease-safety';
import { policyAdapts, policyBounds } from '../checkers/policy-bounds';
import { priorityOrder } from '../checkers/priority-order';
import { pipelineProgress, storeIntegrity } from '../checkers/store-integrity';
import type { Invariant } from '../registry';
import type { PipelineState } from './world';

export interface PipelineInvariantOptions {
  /** Check `policy-bounds` (adaptive/guarded entries). Default false. */
  readonly policy?: boolean;
  /** Also check `policy-adapts` with this freeze limit (ms). Default: not checked. */
  readonly policyFreezeAfterMs?: number;
  /** `pipeline-progress` looks for completed runs from heal + this. Default 400. */
  readonly progressSettleMs?: number;
}

export function pipelineInvariants(o: PipelineInvariantOptions = {}): Invariant<PipelineState>[] {
  const list: Invariant<PipelineState>[] = [conservation, leaseSafety, priorityOrder, fairness, storeIntegrity, metricsExportedOnce];
  if (o.policy === true) list.push(policyBounds);
  list.push(deadLettersDelivered, pipelineProgress(o.progressSettleMs ?? 400));
  if (o.policyFreezeAfterMs !== undefined) list.push(policyAdapts(o.policyFreezeAfterMs));
  return list;
}

// The injected reconcile schedule (spec A §15: outside part A): due every `reconcileEveryMs` on
// the worker's own clock; while the workload runs it returns a report whose `drained` count is
// globally unique, with `diverged` and/or `rejected` set, so `evaluateReconcileAlerts` raises one
// or two alerts that carry a unique id (see alertIds.ts).
import type { ReconcileReport, ReconcileStep } from '../../core/exports-replay';
import type { Rng } from '../../sim/index';
import type { PipelineRuntime } from './runtime';

/** The reconcile schedule's own state (opaque to part A); kept in the worker's memory. */
export interface ReconcileState {
  readonly lastReconcileAtMs: number | null;
}

export const INITIAL_RECONCILE_STATE: ReconcileState = { lastReconcileAtMs: null };

function drawReport(drained: number, rng: Rng): ReconcileReport {
  const kind = rng.int(4); // 0,1: diverged only; 2: rejected only; 3: both
  return { drained, inSync: 0, diverged: kind === 2 ? 0 : 1, merged: 0, rejected: kind >= 2 ? 1 : 0 };
}

export function reconcileStepFor(runtime: PipelineRuntime, target: string, rng: Rng): ReconcileStep<ReconcileState> {
  const o = runtime.options;
  return async (state, nowMs) => {
    const last = state.lastReconcileAtMs;
    const due = last === null || nowMs - last >= o.reconcileEveryMs;
    if (!due) return { state, report: null };
    const raised = runtime.ledger.reportsRaised.get(target) ?? 0;
    const next: ReconcileState = { lastReconcileAtMs: nowMs };
    if (raised >= o.reportsPerTarget || runtime.sim.nowMs >= o.workloadUntilMs) return { state: next, report: null };
    runtime.ledger.reportsRaised.set(target, raised + 1);
    return { state: next, report: drawReport(runtime.ledger.nextReportSeq(), rng) };
  };
}

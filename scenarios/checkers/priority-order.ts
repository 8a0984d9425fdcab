// Invariant `priority-order` (design.md "Priority"): each replay batch is the selection the spec's
// rule gives for the dead letters the run listed — the P3.25 priority order (A §8.1) for the
// priority entry, the fair selection (A §9.2, with the run's policy and prefer flag) for the
// others — in selection order, as the records were appended to the queue.
import type { Finding, Invariant } from '../registry';
import type { PipelineLedger, ReplayBatch } from '../pipeline/ledger';
import type { PipelineState } from '../pipeline/world';
import { expectedFair, expectedPriority } from './replay-order';

export const PRIORITY_ORDER = 'priority-order';

interface Progress {
  version: number;
  finding: Finding | null;
}

const progressOf = new WeakMap<PipelineLedger, Progress>();

/** The ids the spec's rule selects for the batch's listed records. */
export function expectedSelection(b: ReplayBatch): string[] {
  const count = Math.min(b.listed.length, b.policy.maxReplayPerRun);
  const indices = b.entry === 'priority'
    ? expectedPriority(b.listed, count)
    : expectedFair(b.listed, count, b.policy.maxRetryLimitExceededStreak, b.prefer);
  return indices.map((i) => b.listed[i].id);
}

function judge(b: ReplayBatch): Finding | null {
  if (b.policy.maxReplayPerRun === 0) return null; // a guarded run whose policy never came back
  const expected = expectedSelection(b);
  if (expected.length === b.selected.length && expected.every((id, i) => id === b.selected[i])) return null;
  return {
    node: b.worker,
    message: `${b.worker}'s ${b.entry} replay of ${b.target} at step ${b.step} selected [${b.selected.join(', ')}], the spec's rule selects [${expected.join(', ')}]`,
    evidence: { batch: b, expected },
  };
}

export function checkPriorityOrder(ledger: PipelineLedger): Finding | null {
  let p = progressOf.get(ledger);
  if (p === undefined) progressOf.set(ledger, (p = { version: -1, finding: null }));
  if (p.finding !== null || p.version === ledger.version) return p.finding;
  p.version = ledger.version;
  for (const b of ledger.batches) {
    const f = judge(b);
    if (f !== null) return (p.finding = f);
  }
  return null;
}

export const priorityOrder: Invariant<PipelineState> = {
  name: PRIORITY_ORDER,
  kind: 'safety',
  when: 'step',
  check: ({ state }) => checkPriorityOrder(state.pipeline.ledger),
};

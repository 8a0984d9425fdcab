// Invariant `fairness` (design.md): while capacity-evicted dead letters wait,
//  - within a run, no more than `max_retry_limit_exceeded_streak` retry-limit records are
//    replayed in a row (P3.26's in-run rule, A §9.2);
//  - across runs of one target, no two consecutive completed runs both replay zero waiting
//    capacity records (the cross-run prefer flag's promise: one every second run, A §9.2/§14.12).
// Under P3.25 priority replay, retry-limit records keep their attempt and bounce back every run
// (A §14.9), so with at least `max_replay` of them the capacity records starve; a lost update of
// the prefer flag by concurrent runners (A §14.20) breaks the cross-run promise too.
// A run whose outcome is unknown (its commit failed or never returned) resets the chain.
import type { Finding, Invariant } from '../registry';
import type { PipelineLedger, ReplayBatch } from '../pipeline/ledger';
import type { PipelineState } from '../pipeline/world';

export const FAIRNESS = 'fairness';

const isRetry = (reason: string): boolean => reason === 'retry_limit_exceeded';

function reasonsById(b: ReplayBatch): Map<string, string> {
  return new Map(b.listed.map((r) => [r.id, r.reason]));
}

/** The in-run rule: the longest run of retry records selected while a capacity record waited. */
function inRunStreak(b: ReplayBatch): Finding | null {
  const reasons = reasonsById(b);
  let waiting = b.listed.filter((r) => !isRetry(r.reason)).length;
  let streak = 0;
  const limit = b.policy.maxRetryLimitExceededStreak;
  for (const id of b.selected) {
    if (!isRetry(reasons.get(id) ?? '')) {
      waiting -= 1;
      streak = 0;
      continue;
    }
    streak += 1;
    if (waiting > 0 && streak > limit) {
      return {
        node: b.worker,
        message: `${b.worker}'s ${b.entry} replay of ${b.target} at step ${b.step} replayed ${streak} retry-limit records in a row while ${waiting} capacity-evicted record(s) waited (max_retry_limit_exceeded_streak ${limit})`,
        evidence: { batch: b },
      };
    }
  }
  return null;
}

const starvedCapacity = (b: ReplayBatch): boolean => {
  const reasons = reasonsById(b);
  return b.listed.some((r) => !isRetry(r.reason)) && b.selected.every((id) => isRetry(reasons.get(id) ?? ''));
};

function crossRun(batches: readonly ReplayBatch[]): Finding | null {
  const previous = new Map<string, ReplayBatch | null>();
  for (const b of batches) {
    if (b.outcome !== 'ok' || b.policy.maxReplayPerRun === 0) {
      previous.set(b.target, null);
      continue;
    }
    const prev = previous.get(b.target) ?? null;
    if (prev !== null && starvedCapacity(prev) && starvedCapacity(b)) {
      const waiting = b.listed.filter((r) => !isRetry(r.reason)).map((r) => r.id);
      return {
        node: b.worker,
        message: `two consecutive replay runs of ${b.target} (step ${prev.step} by ${prev.worker}, ${prev.entry}; step ${b.step} by ${b.worker}, ${b.entry}) replayed no capacity-evicted record while [${waiting.join(', ')}] waited`,
        evidence: { previous: prev, run: b },
      };
    }
    previous.set(b.target, b);
  }
  return null;
}

interface Progress {
  version: number;
  finding: Finding | null;
}

const progressOf = new WeakMap<PipelineLedger, Progress>();

export function checkFairness(ledger: PipelineLedger): Finding | null {
  let p = progressOf.get(ledger);
  if (p === undefined) progressOf.set(ledger, (p = { version: -1, finding: null }));
  if (p.finding !== null || p.version === ledger.version) return p.finding;
  p.version = ledger.version;
  const known = ledger.batches.filter((b) => b.policy.maxReplayPerRun > 0);
  for (const b of known) {
    const f = inRunStreak(b);
    if (f !== null) return (p.finding = f);
  }
  p.finding = crossRun(ledger.batches);
  return p.finding;
}

export const fairness: Invariant<PipelineState> = {
  name: FAIRNESS,
  kind: 'safety',
  when: 'step',
  check: ({ state }) => checkFairness(state.pipeline.ledger),
};

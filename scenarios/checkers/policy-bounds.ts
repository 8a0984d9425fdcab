// Invariant `policy-bounds` (design.md "Policy bounds and guards"): every policy a caller adopts
// from the adaptive (A §10) or guarded (A §11) entry is within the configured bounds
// ([min_replay_per_run, max_replay_per_run], streak in [1, max_retry_limit_exceeded_streak]);
// a guarded change moves at most `max_replay_step_change` / `max_retry_streak_step_change`; and a
// guarded change happens only outside the cooldown the guard read (last replay older than
// `policy_cooldown_ms` on the caller's clock). The cooldown's early return skips the bound clamp
// (A §14.13), and a restarted caller starts again from its initial policy (A §14.14).
// Liveness `policy-adapts` (opt-in): a caller does not hold its policy back, against a differing
// recommendation, for longer than `freezeAfterMs` since its last change — the cooldown measured
// from the last replay freezes adaptation whenever replays are more frequent (A §14.13).
import type { ReplayPolicy } from '../../core/exports-replay';
import type { Finding, Invariant } from '../registry';
import type { PipelineLedger, PolicyDecision } from '../pipeline/ledger';
import type { AdaptiveOptions } from '../pipeline/options';
import type { PipelineState, PipelineWorld } from '../pipeline/world';

export const POLICY_BOUNDS = 'policy-bounds';
export const POLICY_ADAPTS = 'policy-adapts';

const fmt = (p: ReplayPolicy): string => `{max_replay_per_run ${p.maxReplayPerRun}, streak ${p.maxRetryLimitExceededStreak}}`;
const same = (a: ReplayPolicy, b: ReplayPolicy): boolean =>
  a.maxReplayPerRun === b.maxReplayPerRun && a.maxRetryLimitExceededStreak === b.maxRetryLimitExceededStreak;

/** What is wrong with one decision, or null. */
export function decisionProblem(d: PolicyDecision, a: AdaptiveOptions, guarded: boolean): string | null {
  const { bounds, guard } = a;
  const p = d.adopted;
  const how = !guarded ? '' : same(p, d.current) ? ' (the cooldown early return kept the current policy, unclamped)' : ' (the step limit moved toward the bounds, not into them)';
  if (p.maxReplayPerRun < bounds.minReplayPerRun || p.maxReplayPerRun > bounds.maxReplayPerRun) {
    return `adopted ${fmt(p)} with max_replay_per_run outside [${bounds.minReplayPerRun}, ${bounds.maxReplayPerRun}]${how}`;
  }
  if (p.maxRetryLimitExceededStreak < 1 || p.maxRetryLimitExceededStreak > bounds.maxRetryLimitExceededStreak) {
    return `adopted ${fmt(p)} with a streak outside [1, ${bounds.maxRetryLimitExceededStreak}]${how}`;
  }
  if (!guarded || same(p, d.current)) return null;
  if (Math.abs(p.maxReplayPerRun - d.current.maxReplayPerRun) > guard.maxReplayStepChange
    || Math.abs(p.maxRetryLimitExceededStreak - d.current.maxRetryLimitExceededStreak) > guard.maxRetryStreakStepChange) {
    return `moved from ${fmt(d.current)} to ${fmt(p)}, more than the step limits (${guard.maxReplayStepChange}, ${guard.maxRetryStreakStepChange})`;
  }
  if (d.lastReplayAtMs !== null && d.clockMs - d.lastReplayAtMs < guard.policyCooldownMs) {
    return `changed from ${fmt(d.current)} to ${fmt(p)} ${d.clockMs - d.lastReplayAtMs} ms after the last replay, inside the ${guard.policyCooldownMs} ms cooldown`;
  }
  return null;
}

interface Progress {
  decisions: number;
  finding: Finding | null;
}

const progressOf = new WeakMap<PipelineLedger, Progress>();

/** Judges each decision once, in order (the ledger only appends decisions). */
export function checkPolicyBounds(w: PipelineWorld): Finding | null {
  const guarded = w.options.replayEntry === 'guarded';
  let p = progressOf.get(w.ledger);
  if (p === undefined) progressOf.set(w.ledger, (p = { decisions: 0, finding: null }));
  while (p.finding === null && p.decisions < w.ledger.policies.length) {
    const d = w.ledger.policies[p.decisions];
    p.decisions += 1;
    const problem = decisionProblem(d, w.options.adaptive, guarded);
    if (problem === null) continue;
    p.finding = {
      node: d.worker,
      message: `${d.worker} (incarnation ${d.incarnation}) for ${d.target} at step ${d.step}: ${problem} (current ${fmt(d.current)})`,
      evidence: { decision: d, bounds: w.options.adaptive.bounds, guard: w.options.adaptive.guard },
    };
  }
  return p.finding;
}

export const policyBounds: Invariant<PipelineState> = {
  name: POLICY_BOUNDS,
  kind: 'safety',
  when: 'step',
  check: ({ state }) => checkPolicyBounds(state.pipeline),
};

/** The first caller frozen for longer than `freezeAfterMs` (global time) against its recommendation. */
export function checkPolicyAdapts(w: PipelineWorld, freezeAfterMs: number): Finding | null {
  const since = new Map<string, PolicyDecision>();
  for (const d of w.ledger.policies) {
    const k = `${d.worker}/${d.incarnation}/${d.target}`;
    const held = d.recommended !== null && !same(d.recommended, d.current) && same(d.adopted, d.current);
    if (!held) {
      since.delete(k);
      continue;
    }
    const first = since.get(k) ?? d;
    since.set(k, first);
    if (d.timeMs - first.timeMs > freezeAfterMs) {
      return {
        node: d.worker,
        message: `${d.worker} held ${fmt(d.current)} for ${d.target} from ${first.timeMs} ms to ${d.timeMs} ms although the recommendation was ${fmt(d.recommended as ReplayPolicy)}: the cooldown, measured from the last replay, never let it change`,
        evidence: { first, last: d, guard: w.options.adaptive.guard },
      };
    }
  }
  return null;
}

export function policyAdapts(freezeAfterMs: number): Invariant<PipelineState> {
  return { name: POLICY_ADAPTS, kind: 'liveness', when: 'end', check: ({ state }) => checkPolicyAdapts(state.pipeline, freezeAfterMs) };
}

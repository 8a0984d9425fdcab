// What adaptive-guard finds, as data (see scenarios/pipeline/findingTypes.ts). Found by sweeping
// seeds with these plans; test/findings/adaptive-guard.test.ts re-checks each.
import { POLICY_ADAPTS, POLICY_BOUNDS } from '../checkers/policy-bounds';
import { STORE_INTEGRITY } from '../checkers/store-integrity';
import { METRICS_EXPORTED_ONCE } from '../checkers/metrics-once';
import { DEAD_LETTERS_DELIVERED } from '../checkers/dead-letters-delivered';
import { QUIET_PLAN, type DesignFinding, type FixedHardenedGap, type PipelineFinding } from '../pipeline/findingTypes';

const SCENARIO = 'adaptive-guard';

export const FINDINGS: readonly PipelineFinding[] = [
  {
    id: 'torn-metrics-append-breaks-every-list',
    scenario: SCENARIO,
    invariant: STORE_INTEGRITY,
    weakPoint: 'A §14.17 (a JSONL append is two writes: record, then newline)',
    seed: '1',
    plan: {
      ...QUIET_PLAN,
      steps: [
        { atMs: 300, op: 'disk', node: 'storage', faults: { eioRatio: [1, 3], eioOps: ['appendFile'] } },
        { atMs: 500, op: 'disk', node: 'storage', faults: { eioRatio: [0, 1] } },
      ],
    },
    description:
      'For 200 ms a third of the store host\'s appends fail with EIO. One metrics export writes its JSON record and then fails on the newline; the next export glues its record onto the same line. From then on every list of n2\'s metrics fails to decode, so every guarded recommendation for n2 fails and n2\'s dead letters are never replayed again (pipeline-progress fails too).',
    hardenedBehaviour: 'An append is one fsynced write of record and newline, and a torn tail left by a crash is cut off before the next append; readers drop an unterminated last line.',
    expectMessage: 'metrics file /data/replay/w1\\.n2\\.revocation-alert-delivery-metrics\\.jsonl no longer decodes',
  },
];

/** The guard's decisions are shared by both profiles (A §11.3, §14.13, §14.14). */
export const DESIGN_FINDINGS: readonly DesignFinding[] = [
  {
    id: 'cooldown-keeps-out-of-bounds-policy-after-restart',
    scenario: SCENARIO,
    invariant: POLICY_BOUNDS,
    weakPoint: 'A §14.13 (the cooldown early return skips the bound clamp) with §14.14 (a restart resets the caller-held policy)',
    seed: '1',
    plan: { ...QUIET_PLAN, steps: [{ atMs: 1000, op: 'crash', node: 'n1', restartAfterMs: 30 }] },
    options: {
      workers: ['n1'],
      adaptive: {
        bounds: { metricsLookback: 6, minReplayPerRun: 1, maxReplayPerRun: 6, maxRetryLimitExceededStreak: 4 },
        guard: { policyCooldownMs: 400, maxReplayStepChange: 2, maxRetryStreakStepChange: 1 },
        initialPolicy: { maxReplayPerRun: 7, maxRetryLimitExceededStreak: 3 },
      },
    },
    hardened: 'violates',
    description:
      'The caller starts from {7, 3}, one above the bounds [1, 6]: its first decision steps it into bounds. n1 crashes at 1000 ms and restarts with the caller\'s initial policy again; its first decision falls inside the 400 ms cooldown since the last replay, so the guard returns {7, 3} unchanged, unclamped, and the run replays with it.',
    hardenedBehaviour: 'The same: the guard is a pure decision both profiles share. A fix clamps the current policy into the bounds before the cooldown return (or persists the policy, P3.29).',
    expectMessage: 'n1 \\(incarnation 2\\).*outside \\[1, 6\\] \\(the cooldown early return kept the current policy, unclamped\\)',
  },
  {
    id: 'frequent-replays-freeze-the-guard',
    scenario: SCENARIO,
    invariant: POLICY_ADAPTS,
    weakPoint: 'A §14.13 (the cooldown is measured from the last replay, which every run refreshes)',
    seed: '1',
    plan: QUIET_PLAN,
    options: { workers: ['n1'], replayIntervalMs: 50, adaptive: { bounds: { metricsLookback: 6, minReplayPerRun: 1, maxReplayPerRun: 6, maxRetryLimitExceededStreak: 4 }, guard: { policyCooldownMs: 500, maxReplayStepChange: 2, maxRetryStreakStepChange: 1 }, initialPolicy: { maxReplayPerRun: 2, maxRetryLimitExceededStreak: 2 } }, policyFreezeAfterMs: 1000 },
    hardened: 'violates',
    description:
      'Replays are due every 50 ms and n1 ticks about every 110 ms, so the last replay is always less than the 500 ms cooldown ago: the guard returns the current policy at every decision, for over a second, although the recommendation differs.',
    hardenedBehaviour: 'The same in both profiles (a decision-level weak point). A fix measures the cooldown from the last policy change, which P3.29 persists.',
    expectMessage: 'n1 held \\{max_replay_per_run 2, streak 2\\} for n1 from \\d+ ms to \\d+ ms although the recommendation was',
  },
];

/** Former hardened gaps the core has fixed; their plans are regression tests. */
export const FIXED_HARDENED_GAPS: readonly FixedHardenedGap[] = [
  {
    id: 'one-world-scope-starves-an-emit-under-a-slow-disk',
    scenario: SCENARIO,
    invariant: DEAD_LETTERS_DELIVERED,
    seed: '999985',
    plan: {
      version: 1,
      net: { lossRatio: [1, 25], duplicateRatio: [0, 1], requestTimeoutMs: 300, latency: { kind: 'uniform', minMs: 1, maxMs: 4 } },
      disk: { tornWrites: false },
      clocks: { n1: { kind: 'linear', offsetMs: 0, driftPpm: 0 }, n2: { kind: 'linear', offsetMs: 202, driftPpm: 0 } },
      steps: [
        { atMs: 240, op: 'skew', node: 'n1', skew: { kind: 'step', offsetMs: -479, atMs: 0, jumpMs: 0 } },
        { atMs: 868, op: 'skew', node: 'n1', skew: { kind: 'fixed', offsetMs: 309 } },
        { atMs: 928, op: 'disk', node: 'storage', faults: { latencyMsMin: 0, latencyMsMax: 3 } },
        { atMs: 1061, op: 'isolate', node: 'n3' },
        { atMs: 2054, op: 'crash', node: 'n2', restartAfterMs: 286 },
        { atMs: 2600, op: 'net', net: { latency: { kind: 'uniform', minMs: 1, maxMs: 4 } } },
      ],
      healAtMs: 2600,
    },
    description:
      'Found by the property suite. The store host\'s disk stays slow (0-3 ms per op) through the end, so every hardened commit (intent, writes, fsyncs) holds the world\'s single fenced scope for tens of milliseconds, and three workers each try an emit and a replay per tick: the scope is busy nearly all the time. Acquire has no queue or fairness, and from its restart at 2340 ms to the end n2 loses every emit attempt (its replays win some); its queued alert a6r, due since about 1.5 s, is never delivered. The same plan with a fast disk in the heal phase passes.',
    suggestedFix: 'Give the fenced lease service a fair acquire (a waiting list per scope, or a grant to the longest-waiting node), or scope replay leases per target with a separate fence for the emit queue.',
    expectMessage: 'alert a6r of n2 is still waiting at the end',
    fixedBy: 'core hardened: fair acquire (acquireQueue.ts) — refused requesters (node id + lease key) wait in line per scope; once one has been refused for 3 TTLs the next free lease is kept for the oldest such waiter, and a place lapses one TTL after its last ask',
  },
  {
    id: 'duplicated-metrics-export-counts-a-run-twice',
    scenario: SCENARIO,
    invariant: METRICS_EXPORTED_ONCE,
    seed: '3',
    plan: { ...QUIET_PLAN, net: { requestTimeoutMs: 150, duplicateRatio: [1, 4] } },
    description:
      'Found by the metrics-exported-once checker (added after the property suite ran green with this fault drawn: no invariant looked at the metrics log). The network delivers a copy of n3\'s first metrics export; the export is an unfenced blind append (the spec exports after release), so the store host appends the line twice. Every later guarded recommendation for n3 reads that run twice in its lookback window, so the failure ratios the policy adapts to are skewed. Before the fix, 7 of 20 hardened runs with fast-check-drawn duplication plans had such a line.',
    suggestedFix: 'Make the metrics append idempotent: skip a line equal to one already in the log (same export time and counts), or carry an export id in the request.',
    expectMessage: 'holds the export .* 2 times, but n3\'s runs exported it once',
    fixedBy: 'core hardened storage: appendDeliveryMetrics runs under the world mutex and appends nothing when an equal line (same exported_at_ms and counts) is already in the log',
  },
];

// What fair-replay finds, as data (see scenarios/pipeline/findingTypes.ts for the lists).
// Found by sweeping seeds with these plans; test/findings/fair-replay.test.ts re-checks each.
import { QUIET_PLAN, type DesignFinding, type FixedHardenedGap, type PipelineFinding } from '../pipeline/findingTypes';
import { CONSERVATION } from '../checkers/conservation';
import { FAIRNESS } from '../checkers/fairness';
import { LEASE_SAFETY } from '../checkers/lease-safety';

const SCENARIO = 'fair-replay';

export const FINDINGS: readonly PipelineFinding[] = [
  {
    id: 'replay-replace-erases-emitted-dead-letter',
    scenario: SCENARIO,
    invariant: CONSERVATION,
    weakPoint: 'A §14.5 (emit and replay use different lease keys; replay rewrites the list with replace)',
    seed: '59',
    plan: QUIET_PLAN,
    description:
      'No fault at all. n2 replays n3\'s dead letters under the replay lease while n3\'s emit run holds the world lease: n3 appends dead letter a5d after n2 listed the store, then n2\'s replace writes the list it computed from its stale read, and a5d is in neither store and never delivered.',
    hardenedBehaviour: 'Emit and replay share one fenced lease per world, so they never overlap; a replay move is one journaled commit on the storage node.',
    expectMessage: 'alert a5d of n3 was lost.*last written by n3\'s append.*overwritten by n2\'s replace',
  },
  {
    id: 'emit-queue-save-erases-replayed-alert',
    scenario: SCENARIO,
    invariant: CONSERVATION,
    weakPoint: 'A §14.5 (the queue save of one run overwrites the other\'s: replayed alerts vanish)',
    seed: '3',
    plan: QUIET_PLAN,
    description:
      'No fault at all. n3 replays n1\'s dead letters: it appends a4r to n1\'s queue (save_pending) and removes it from the dead letters (replace); meanwhile n1\'s emit run, which loaded the queue before, saves its own queue without a4r. The alert was moved out of the dead letters and then overwritten out of the queue.',
    hardenedBehaviour: 'One lease per world covers emit and replay, and every write carries its fence; the emit could not run while the replay held the lease.',
    expectMessage: 'alert a4r of n1 was lost.*last written by n3\'s savePending.*overwritten by n1\'s savePending',
  },
  {
    id: 'worker-crash-between-save-pending-and-replace',
    scenario: SCENARIO,
    invariant: CONSERVATION,
    weakPoint: 'A §14.6 (crash after save_pending and before replace)',
    seed: '2',
    plan: { ...QUIET_PLAN, steps: [{ atMs: 696, op: 'crash', node: 'n1', restartAfterMs: 60 }] },
    description:
      'n1 replays its own dead letters: the store host accepts save_pending (a4r appended to the queue) and n1 crashes at 696 ms before its replace reaches the host. a4r is now both a dead letter and a queued alert with no run in progress; every later replay moves the dead-letter copy into the queue again, so it is replayed twice (a4r is a retry-limit record and bounces; a capacity-evicted record in its place would be delivered twice).',
    hardenedBehaviour: 'The move (queue, dead letters, state) is one commit on the storage node behind an intent record; a worker crash cannot split it, and a storage crash is rolled forward.',
    expectMessage: 'alert a4r of n1 is in dead-letters\\[0\\] and pending\\[1\\] with no run in progress',
  },
  {
    id: 'interleaved-acquire-two-replayers',
    scenario: SCENARIO,
    invariant: LEASE_SAFETY,
    weakPoint: 'A §14.1 (store-backed acquire is a remote load then a remote save)',
    seed: '1',
    plan: QUIET_PLAN,
    description:
      'No fault at all. n2 and n3 both try the replay lease of n1 within a few milliseconds: both remote loads see it free, both saves succeed, both acquires return true. n3\'s lease record wins, yet n2 keeps replaying and its save_state is accepted.',
    hardenedBehaviour: 'The fenced lease service compares and sets under the scope\'s mutex on the storage node; the second acquire returns no grant.',
    expectMessage: 'two replay lease holders for w1/n1 \\(interleaved-acquire\\)',
  },
  {
    id: 'failed-dead-letter-append-keeps-old-queue',
    scenario: SCENARIO,
    invariant: CONSERVATION,
    weakPoint: 'A §14.7 (a failing dead-letter append aborts emit without saving the queue)',
    seed: '9',
    plan: {
      ...QUIET_PLAN,
      steps: [
        { atMs: 421, op: 'disk', node: 'storage', faults: { eioRatio: [1, 2], eioOps: ['appendFile'] } },
        { atMs: 521, op: 'disk', node: 'storage', faults: { eioRatio: [0, 1] } },
      ],
    },
    description:
      'During a sink outage the store host\'s disk fails half of its appends for 100 ms. An emit run archives a queued alert as a dead letter, then the next append fails with EIO and the run aborts before save_pending: the archived alert (a3d of n1) is both a dead letter and still in the old queue.',
    hardenedBehaviour: 'An emit run stages its dead letters and commits them with the new queue as one journaled sequence; a failed write leaves the intent, which the next access rolls forward.',
    expectMessage: 'alert a3d of n1 is in dead-letters\\[0\\] and pending\\[0\\] with no run in progress',
  },
];

/** P3.25's priority order starves capacity records whatever the shell does (A §14.9). */
export const DESIGN_FINDINGS: readonly DesignFinding[] = [
  {
    id: 'priority-replay-starves-capacity-records',
    scenario: SCENARIO,
    invariant: FAIRNESS,
    weakPoint: 'A §14.9 (retry-limit replays bounce back every run; P3.25 gives them top priority)',
    seed: '3',
    plan: QUIET_PLAN,
    options: {
      workers: ['n1'],
      replayEntry: 'priority',
      sinkOutages: [{ fromMs: 200, untilMs: 1400 }],
      reportsPerTarget: 16,
      reconcileEveryMs: 80,
      replayPolicy: { maxReplayPerRun: 2, maxRetryLimitExceededStreak: 2 },
    },
    hardened: 'violates',
    description:
      'One worker, one long sink outage: several alerts reach the retry limit and others are evicted for capacity. Replayed retry-limit records keep their attempt count, so the next emit dead-letters them again at once, and P3.25 picks them first every run: two runs in a row replay none of the capacity records, which are never delivered.',
    hardenedBehaviour:
      'Not a shell problem: hardened starves them the same way with the P3.25 entry. The P3.26 fair entry (the scenario\'s default, replayEntry "fair") delivers them on the same seed and plan in both profiles.',
    expectMessage: 'two consecutive replay runs of n1 .*priority.*priority\\) replayed no capacity-evicted record',
  },
];

export const FIXED_HARDENED_GAPS: readonly FixedHardenedGap[] = [
  {
    id: 'duplicated-commit-emit-appends-twice',
    scenario: SCENARIO,
    invariant: CONSERVATION,
    seed: '2',
    plan: { ...QUIET_PLAN, net: { requestTimeoutMs: 150, duplicateRatio: [1, 3] } },
    description:
      'The network delivers a copy of n3\'s commitEmit request (one RPC, executed twice by the store host while n3 still holds the lease). The second execution finds no intent, takes the current list length as its base and appends the archived dead letters again: a5d is twice in the dead-letter list, so it is replayed twice.',
    suggestedFix:
      'Make commitEmit idempotent per request: carry an emit id (or the base length the worker saw) in the request and skip the appends when the records are already present past that base, or dedupe requests by call id on the storage node.',
    expectMessage: 'alert a5d of n3 is in dead-letters\\[0\\] and dead-letters\\[1\\]',
    fixedBy: 'core hardened 9826366: fenced writes carry their number under the grant and are admitted once, in order; acquires carry a request id',
  },
];

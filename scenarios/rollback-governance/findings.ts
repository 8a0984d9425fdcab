// What rollback-governance finds in the `original` profile, as data: each entry is a seed and an
// explicit fault plan on which the named invariant fails in `original` and every invariant holds in
// `hardened` (`npm run sim -- findings` confirms them; test/findings/rollback-governance.test.ts
// asserts them). `designLimitations` are properties of spec B's *design*: the hardened shell keeps
// the decisions, so they fail in both profiles and are kept out of the hardened property suite.
import type { SeedFinding } from '../findingShape';

export type GovernanceFinding = SeedFinding;

export interface DesignLimitation extends GovernanceFinding {
  /** The scenario variant that checks it (not registered: it fails in both profiles). */
  readonly scenario: string;
  /** A seed on which the hardened profile fails it too (same plan). */
  readonly hardenedSeed: string;
}

export const findings: readonly GovernanceFinding[] = [
  {
    id: 'rollback-persisted-never-audited',
    expectMessage: 'n1: the rollback decided at \\d+ was persisted .* but has no adoption audit record',
    invariant: 'decision-audit',
    weakPoint: 'B 8.1.4 (crash after W1, before W7)',
    seed: '6',
    plan: { version: 1, steps: [{ atMs: 2363, op: 'crash', node: 'n3', restartAfterMs: 100 }] },
    description:
      "n3's governed run for target n1 rolls the policy back and persists it (W1, before and independent of the lease), then n3 crashes before the adoption audit (W7): the rollback is in force but no audit record, alert window or governance streak ever sees it.",
    hardenedBehaviour:
      'the run takes the lease first and commits the policy state, both audit records, the alert state and the governance state as one journaled intent, applied after the replay; a crash before the intent is staged leaves nothing, a crash after it is rolled forward by the next access.',
  },
  {
    id: 'duplicate-rollback-alert-after-crash',
    expectMessage: 'n1: rollback alerts of the runs at \\d+ and \\d+ reached the sink \\d+ ms apart .*inside the \\d+ ms alert cooldown',
    invariant: 'alert-dedup',
    weakPoint: 'B 8.1.7 (crash after W8, before W9)',
    seed: '46',
    plan: { version: 1, steps: [{ atMs: 2538, op: 'crash', node: 'n3', restartAfterMs: 100 }] },
    description:
      "n3 emits n1's rollback alert (W8, acknowledged by the sink) and crashes before saving the alert state (W9): the cooldown is lost, and the next rollback of n1 520 ms later alerts again inside the 590 ms alert cooldown.",
    hardenedBehaviour:
      'the alert is staged in the write-ahead intent before it is emitted and the cooldown is committed with the rest of the run; a crash between emit and confirm makes the next leaseholder re-emit the identical alert (same identity, at-least-once) and commit its cooldown, never a second alert inside the cooldown.',
  },
  {
    id: 'concurrent-runners-roll-back-twice',
    expectMessage: 'n3, policy-state version \\d+ .*: rolled back \\d+ ms after the rollback at \\d+, inside the \\d+ ms cooldown',
    invariant: 'rollback-guard',
    weakPoint: 'B 8.6 (W1 and W7-W12 are unlocked read-modify-writes)',
    seed: '5',
    plan: { version: 1, steps: [] },
    description:
      'without any fault, two workers read the same policy state of n3 and both roll it back (W1 is outside the lease): the second rollback lands 45 ms after the first, inside the rollback cooldown, and both alert.',
    hardenedBehaviour: 'the lease is taken before any read of the policy state and held to the commit, and every write is fenced by it: runs on one target are serialised.',
  },
  {
    id: 'transport-error-after-w1-leaves-decision-unaudited',
    expectMessage: 'n2: the adoption decided at \\d+ was persisted .* but has no adoption audit record',
    invariant: 'decision-audit',
    weakPoint: 'B 8.2 (no compensation; errors after W1 skip W7-W12)',
    seed: '1',
    plan: { version: 1, net: { lossRatio: [1, 40] }, steps: [] },
    description:
      'a governed run persists its adoption for target n2 (W1), then a lost message makes a later call of the same run (the lease store, for the replay) time out: the error aborts the run after W1, so the adoption is in force without an audit record.',
    hardenedBehaviour: 'a failure before the commit leaves nothing written (the decision is only committed, atomically with its audit records, at the end of the run).',
  },
  {
    id: 'torn-governance-state-stops-governance',
    invariant: 'governance-progress',
    weakPoint: 'B 8.1.1 (in-place rewrites: a torn document fails every later load)',
    seed: '6',
    plan: {
      version: 1,
      disk: { tornWrites: true },
      steps: [{ atMs: 0, op: 'crash-at-write', node: 'storage', k: 145, when: 'after', restartAfterMs: 50 }],
      healAtMs: 3000,
    },
    description:
      "The store host crashes right after rewriting n2's governance state in place (W11), before the OS wrote it back: the file keeps a torn prefix. From then on every governed run of n2 fails when it loads the governance state (a SerdeError, with no fallback to the default), long after the heal.",
    hardenedBehaviour: 'documents are written to a temporary file, fsynced and renamed (then the directory fsynced): a crash leaves the old or the new document, never a torn one.',
    expectMessage: 'no governed run of n2 completed after 3600 ms .*SerdeError',
  },
  {
    id: 'clock-jump-blocks-rollbacks',
    invariant: 'rollback-clock',
    weakPoint: 'B 8.5 (cooldowns are now - t: a forward jump stores a far-future t)',
    seed: '2',
    plan: {
      version: 1,
      steps: [
        { atMs: 2000, op: 'skew', node: 'n1', skew: { kind: 'fixed', offsetMs: 1500 } },
        { atMs: 3500, op: 'skew', node: 'n1', skew: { kind: 'fixed', offsetMs: 0 } },
      ],
    },
    description:
      "n1's clock jumps 1.5 s ahead (corrected 1.5 s later) and n1 rolls a policy back, storing that future time; n2's next run keeps it (1418 ms in n2's future), so no rollback of that target can happen until the clocks pass it plus the cooldown: the jump blocks rollbacks for its whole size.",
    hardenedBehaviour: 'a run that finds a rollback (or alert) time in its future re-anchors it at its own now and persists that, so a jump costs at most one cooldown.',
    expectMessage: 'n\\d, policy-state version \\d+ .*: the run at \\d+ kept last_rollback_at_ms \\d+, \\d+ ms in its future',
  },
];

export const designLimitations: readonly DesignLimitation[] = [
  {
    id: 'governance-never-leaves-normal',
    expectMessage: 'n1 rolled back \\d+ times .* but governance never left normal',
    scenario: 'rollback-governance-oscillation',
    invariant: 'governance-escalation',
    weakPoint: 'B 8.3 (any run without a rollback resets the streak; D1)',
    seed: '3',
    hardenedSeed: '22',
    plan: { version: 1, steps: [] },
    description:
      "with the spec's thresholds {2, 4}, sustained sink outages make n1's policy oscillate between adoption and rollback (4 rollbacks), but the streak reads 0,1,0,1,...: every run after a rollback finds active == stable and resets it, so governance never leaves normal.",
    hardenedBehaviour: 'design limitation, not fixed by hardened: the hardened shell keeps the decisions (same streak rule), so the oscillation never escalates there either (seed 22 of the same plan).',
  },
];

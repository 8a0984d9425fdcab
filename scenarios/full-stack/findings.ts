// What full-stack finds in the `original` profile, as data: each entry is a seed and an explicit
// fault plan on which the named invariant is the first to fail in `original`, while every invariant
// of every world holds in `hardened` (`npm run sim -- findings` confirms them;
// test/findings/full-stack.test.ts asserts them). `fixedHardenedGaps` are plans on which the
// hardened design failed in this world until core/ fixed it: regression plans now.
import type { FaultPlan } from '../../sim/index';
import type { SeedFinding } from '../findingShape';

export type FullStackFinding = SeedFinding;

export const findings: readonly FullStackFinding[] = [
  {
    id: 'retention-empties-the-archive-at-production-pace',
    invariant: 'retention-floor',
    weakPoint: 'B 8.5 / 8.7 (retention by age has no floor) / C W-F4',
    seed: '1',
    plan: { version: 1, steps: [] },
    description:
      'Without any fault: at a production pace (appends minutes apart) every archived governance audit record is older than the retention age when the next prune runs, so the spec\'s prune deletes the whole archive, emergency history included.',
    hardenedBehaviour: 'the hardened prune never empties a non-empty archive (the newest record always stays) and prunes only the records it read.',
    expectMessage: 'prune n\\d#\\d+:prune:\\d+ emptied the archive',
  },
  {
    id: 'lost-reply-after-w1-leaves-a-decision-unaudited',
    invariant: 'decision-audit',
    weakPoint: 'B 8.2 (no compensation; an error after W1 skips W7-W12)',
    seed: '1',
    plan: { version: 1, net: { lossRatio: [1, 40] }, steps: [] },
    description:
      'One message in 40 is lost: a governed run persists its adoption for n2 (W1, before the lease), then a later call of the same run times out, so the run aborts with the adoption in force and no audit record for it.',
    hardenedBehaviour: 'a governed run commits its policy state and its audit records together, at the end, as one journaled intent under the lease; a failure before that leaves nothing.',
    expectMessage: 'n2: the adoption decided at \\d+ was persisted .* but has no adoption audit record',
  },
];

/** A gap of the hardened design this world found, since fixed in core/: kept as a regression plan. */
export interface FixedHardenedGap {
  readonly id: string;
  readonly invariant: string;
  readonly seed: string;
  readonly plan: FaultPlan;
  readonly description: string;
  readonly core: string;
  readonly fixedBy: string;
}

export const fixedHardenedGaps: readonly FixedHardenedGap[] = [
  {
    id: 'duplicated-commit-emit',
    invariant: 'conservation',
    seed: '1',
    plan: { version: 1, net: { duplicateRatio: [1, 20] }, steps: [] },
    description:
      "message duplication (part A, also fair-replay's gap): a copy of a worker's hardened `commitEmit` ran again on the store host while the worker still held the lease; finding no intent, it took the current list length as its base and appended the archived dead letters a second time, so a dead letter was twice in the list.",
    core: 'core/replay/hardened/storage.ts (commitEmit)',
    fixedBy: 'core hardened 9826366: fenced writes carry their number under the grant and are admitted once, in order',
  },
];

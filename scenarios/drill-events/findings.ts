// What drill-events finds in the `original` profile: for each spec weak point, a seed and an
// explicit fault plan (faults at logical points) on which an invariant fails, and what `hardened`
// does instead on the same plan. Data only; `test/findings/drill-events.test.ts` checks each entry,
// and a report generator can render the list.
import type { FaultPlan } from '../../sim/index';
import type { SkipCause } from '../checkers/events-skip-causes';

export interface DrillEventsFinding {
  readonly id: string;
  /** The number of the finding in the scenario catalogue (notes/scenarios.md), if it has one. */
  readonly catalogue: number | null;
  readonly invariant: 'cursor-no-skip' | 'cursor-no-lost-batch' | 'watermark-monotonic' | 'event-bus-integrity' | 'event-bus-durable';
  readonly weakPoint: string;
  readonly seed: string;
  readonly plan: FaultPlan;
  /**
   * What the violation must show: the consumer it names (cursor invariants) or the node (bus
   * invariants), and for skips the cause (and its W-C1/C2 flag).
   */
  readonly expect: {
    readonly consumer?: string;
    readonly node?: string;
    readonly cause?: SkipCause;
    readonly flag?: 'sameNodeAtCursorMs' | 'atCursorMsFromLowerNode';
  };
  readonly description: string;
  readonly hardenedBehaviour: string;
}

const BASE = { version: 1, net: { requestTimeoutMs: 150 }, healAtMs: 1500 } as const;

const NODE_SEQUENCE =
  'Every consumer uses consumeDrillAlertEvents: a position per node over bus-assigned sequence numbers (an event\'s place in its node\'s append-only list), committed on s1 only after the batch was processed, applied idempotently by (node, seq).';

export const DRILL_EVENTS_FINDINGS: readonly DrillEventsFinding[] = [
  {
    id: 'watermark-same-ms-truncation',
    catalogue: 11,
    invariant: 'cursor-no-skip',
    weakPoint: 'C W-B1',
    seed: '1',
    plan: { ...BASE, steps: [] },
    expect: { consumer: 'wm', cause: 'same-ms-truncation' },
    description:
      'No faults at all. The watermark consumer (P3.38, max_records 2) pulls while three events of different nodes share one millisecond; the page ends inside the group, the watermark becomes that millisecond, and the next pull\'s strict `>` skips the rest (n3/0 and n2/2 at ...050 are never delivered).',
    hardenedBehaviour: `${NODE_SEQUENCE} A page may end anywhere inside a millisecond group; the rest comes with the next pull.`,
  },
  {
    id: 'node-cursor-same-node-page-split',
    catalogue: null,
    invariant: 'cursor-no-skip',
    weakPoint: 'C W-C1',
    seed: '21',
    plan: { ...BASE, steps: [] },
    expect: { consumer: 'nc', cause: 'same-ms-truncation', flag: 'sameNodeAtCursorMs' },
    description:
      'No faults. A drill burst puts several events of one node in one millisecond; the node-cursor consumer (P3.39, max_records 2) ends a page on that node inside the burst, and the next pull requires a greater node id at that millisecond, so the node\'s remaining events there are lost.',
    hardenedBehaviour: `${NODE_SEQUENCE} Events of one node in one millisecond have distinct sequence numbers.`,
  },
  {
    id: 'watermark-skewed-late-events',
    catalogue: 12,
    invariant: 'cursor-no-skip',
    weakPoint: 'C W-B2 (also W-C3, W-D5)',
    seed: '3',
    plan: { ...BASE, clocks: { n2: { kind: 'fixed', offsetMs: -300 } }, steps: [] },
    expect: { consumer: 'wm', cause: 'late' },
    description:
      'n2\'s clock lags 300 ms. Its events carry back-dated times, so they reach the bus after the watermark (driven by n1 and n3) has passed their time; every consumer that orders by time never returns them (19 events for the watermark consumer alone, all but one of them n2\'s).',
    hardenedBehaviour: `${NODE_SEQUENCE} Event times play no part in what is delivered, so skew cannot hide an event.`,
  },
  {
    id: 'node-cursor-late-lower-node-at-cursor-ms',
    catalogue: null,
    invariant: 'cursor-no-skip',
    weakPoint: 'C W-C2',
    seed: '16',
    plan: { ...BASE, clocks: { n1: { kind: 'fixed', offsetMs: -40 } }, steps: [] },
    expect: { consumer: 'nc', cause: 'late', flag: 'atCursorMsFromLowerNode' },
    description:
      'n1\'s clock lags 40 ms. The node cursor stands at (t, n2 or n3) when n1 publishes an event at the same millisecond t; n1 sorts below the cursor node, so the event is never returned.',
    hardenedBehaviour: NODE_SEQUENCE,
  },
  {
    id: 'cursor-state-lost-goes-backwards',
    catalogue: 13,
    invariant: 'watermark-monotonic',
    weakPoint: 'C W-E2',
    seed: '1',
    plan: { ...BASE, steps: [{ atMs: 700, op: 'crash', node: 's1', restartAfterMs: 40 }] },
    expect: { consumer: 'st' },
    description:
      'The storage node s1 crashes at 700 ms. The P3.41 file state store rewrote the state in place and never synced it, so after the restart the file is gone (the sim\'s stand-in for the truncated or torn state file); `load` returns no state, the stateful query falls back to the initial cursor (0, null, 0) and the guard lets it: the cursor goes backwards and every earlier event is delivered again (cursor-no-duplicate fails too when the run continues).',
    hardenedBehaviour:
      'The node-sequence cursor store is a journal of fsynced lines compacted atomically; a crash leaves the last committed state, and the guard refuses to move any node backwards.',
  },
  {
    id: 'state-saved-before-processing-crash',
    catalogue: 14,
    invariant: 'cursor-no-lost-batch',
    weakPoint: 'C W-E1',
    seed: '3',
    plan: { ...BASE, steps: [{ atMs: 600, op: 'crash', node: 'c1', restartAfterMs: 40 }] },
    expect: { consumer: 'st', cause: 'handed-not-processed' },
    description:
      'The consumer node c1 crashes at 600 ms while the state-store consumer (P3.41) is processing a batch: its next state was already saved on s1, so after the restart it resumes past the batch, which is never processed.',
    hardenedBehaviour: `${NODE_SEQUENCE} The crash comes before the commit, so the batch is delivered again and applied once.`,
  },
  {
    id: 'state-saved-reply-lost',
    catalogue: 14,
    invariant: 'cursor-no-lost-batch',
    weakPoint: 'C W-E1 (over a network)',
    seed: '2',
    plan: { ...BASE, net: { requestTimeoutMs: 150, lossRatio: [1, 8] }, steps: [] },
    expect: { consumer: 'st', cause: 'committed-not-handed' },
    description:
      'One message in eight is lost. A `save` of the state-store consumer lands on s1 but its reply is lost; the stateful query fails, so the batch it had pulled is never handed over, and the next call starts after it.',
    hardenedBehaviour: `${NODE_SEQUENCE} A failed commit only means the same batch comes again.`,
  },
  {
    id: 'torn-append-poisons-bus',
    catalogue: 5,
    invariant: 'event-bus-integrity',
    weakPoint: 'C W-D4',
    seed: '2',
    plan: {
      ...BASE,
      steps: [
        { atMs: 300, op: 'disk', node: 'n2', faults: { eioRatio: [1, 2], eioOps: ['appendFile'] } },
        { atMs: 700, op: 'disk', node: 'n2', faults: { eioRatio: [0, 1] } },
      ],
    },
    expect: { node: 'n2' },
    description:
      'For 400 ms half of n2\'s appends fail with EIO. A publish whose JSON landed and whose "\\n" failed leaves an unterminated line; the next publish is appended onto it (`{...}{...}`), n2\'s list fails to parse forever, and since an unreadable node fails the whole pull, every consumer stops (cursor-no-skip: bus-unreadable, when the run goes on).',
    hardenedBehaviour:
      'The bus appends the line and its newline in one fsynced write, cuts a torn tail before the next append, shows only acknowledged lines, and a pull that cannot read a node keeps that node\'s position while the others advance.',
  },
  {
    id: 'bus-appends-not-durable',
    catalogue: null,
    invariant: 'event-bus-durable',
    weakPoint: 'C §3.6 File bus (appends never synced; W-D4 crash window)',
    seed: '1',
    plan: { ...BASE, steps: [{ atMs: 600, op: 'crash', node: 'n3', restartAfterMs: 40 }] },
    expect: { node: 'n3' },
    description:
      'n3 crashes at 600 ms. Its bus file was appended to but never synced, so every event it had acknowledged is gone after the restart; consumers that had not pulled them yet never will (and sequence offsets on n3 start over, W-D2).',
    hardenedBehaviour: 'Each append is fsynced (and the new file\'s directory) before the publish is acknowledged, so an acknowledged event survives any crash.',
  },
];

/** What `npm run sim -- findings` reads (it takes `FINDINGS` first). */
export const FINDINGS = DRILL_EVENTS_FINDINGS;

/** A weakness of the hardened design that the property suite can reach; reported, not fixed here. */
export interface HardenedBug {
  readonly id: string;
  readonly scenario: 'drill-events';
  readonly invariant: string;
  readonly seed: string;
  readonly plan: FaultPlan;
  /** Step of the violation on this seed and plan. */
  readonly step: number;
  readonly description: string;
  /** Where the hardened design would need to change. */
  readonly suggestedFix: string;
  /** The violation's message matches this (regular expression source). */
  readonly expectMessage: string;
}

/** A hardened gap that core has fixed: its plan is kept as a regression plan that must hold. */
export interface FixedHardenedBug extends HardenedBug {
  readonly fixedBy: string;
}

/** No open gap in the hardened design is known for this scenario. */
export const HARDENED_GAPS: readonly HardenedBug[] = [];

export const FIXED_HARDENED_GAPS: readonly FixedHardenedBug[] = [
  {
    id: 'journal-accepts-unterminated-tail',
    scenario: 'drill-events',
    invariant: 'watermark-monotonic',
    seed: '37',
    plan: {
      version: 1,
      net: { requestTimeoutMs: 150 },
      disk: { tornWrites: true },
      healAtMs: 1500,
      steps: [
        { atMs: 0, op: 'crash-at-write', node: 's1', k: 30, when: 'before', restartAfterMs: 20 },
        { atMs: 120, op: 'disk', node: 's1', faults: { eioRatio: [1, 1], eioOps: ['appendFile'] } },
        { atMs: 419, op: 'disk', node: 's1', faults: { eioRatio: [0, 1] } },
      ],
    },
    step: 240,
    description:
      's1 crashes (torn writes on) just before fsyncing a cursor journal append; the tear keeps the whole JSON line but not its newline. `readJournal` accepts that unterminated line, so consumer nc loads it and pulls from it. Its next save goes through `StoreFiles.appendLine`, which first cuts the unterminated tail, and then the append fails (EIO); the journal now ends one state earlier and the next load returns it: nc\'s cursor goes backwards (re-delivery is absorbed by the idempotent sink, so no event is processed twice).',
    expectMessage: 'consumer nc loaded .* after .* was loaded at step \\d+: the cursor went backwards',
    suggestedFix: 'core/events/cursors/stateJournal.ts `readJournal`: ignore the final segment when the text does not end with "\\n" (treat it as torn, as `jsonLines` does for hardened JSONL), so a state is visible only once its line is complete. Alternative: make the tail cut in appendLine keep a decodable tail by appending the missing "\\n".',
    fixedBy: 'core/events/cursors/stateJournal.ts: readJournal ignores an unterminated last line, so a state counts only once its append is complete (commit 464ea01).',
  },
];

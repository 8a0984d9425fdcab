// What the drill-events harness keeps outside the nodes: the ledger the checkers read, the drill
// schedule and each publisher's progress through it (so a restarted publisher never reuses an
// id), the sink's records (which survive consumer crashes), and which programs finished.
import type { Profile } from '../../core/ports';
import { createEventsLedger, type ConsumerSpec, type CursorValue, type EventsLedger } from '../checkers/events-ledger';
import type { DrillPlan } from './workload';

export interface SinkState {
  /** Delivery keys each consumer has applied (hardened de-duplication). */
  readonly appliedKeys: Map<string, Set<string>>;
  /** Cursors kept with the output by consumers whose caller keeps the cursor. */
  readonly cursors: Map<string, CursorValue>;
}

export interface DrillEventsState {
  readonly profile: Profile;
  readonly ledger: EventsLedger;
  readonly drills: Readonly<Record<string, readonly DrillPlan[]>>;
  /** Index of the next drill each publisher will run (drills missed while down are skipped). */
  readonly nextDrill: Record<string, number>;
  /** Publish calls each publisher has made: the ordinal of its next event id. */
  readonly publishCalls: Record<string, number>;
  readonly sink: SinkState;
  /** Consumers pull until this global time. */
  readonly consumeUntilMs: number;
  readonly consumersFinished: Set<string>;
}

export function initialState(profile: Profile, consumers: readonly ConsumerSpec[], drills: Record<string, readonly DrillPlan[]>, consumeUntilMs: number): DrillEventsState {
  const nodes = Object.keys(drills);
  return {
    profile,
    ledger: createEventsLedger(consumers),
    drills,
    nextDrill: Object.fromEntries(nodes.map((n) => [n, 0])),
    publishCalls: Object.fromEntries(nodes.map((n) => [n, 0])),
    sink: { appliedKeys: new Map(), cursors: new Map() },
    consumeUntilMs,
    consumersFinished: new Set(),
  };
}

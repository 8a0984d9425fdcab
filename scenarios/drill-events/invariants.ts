// drill-events invariants: cursors never go backwards, no consumer processes an event twice, the
// buses stay readable and keep what they acknowledged (after every step); after heal no pulled
// batch was lost and every published event was processed by every consumer whose filter it
// passes (at the end).
import { CURSOR_NO_DUPLICATE, CURSOR_NO_LOST_BATCH, CURSOR_NO_SKIP, checkNoDuplicateDelivery, checkNoLostBatch, checkNoSkippedEvent } from '../checkers/cursor-exactly-once';
import { EVENT_BUS_DURABLE, checkEventBusDurable } from '../checkers/events-bus-durable';
import { EVENT_BUS_INTEGRITY, checkEventBusIntegrity } from '../checkers/events-bus-integrity';
import { WATERMARK_MONOTONIC, checkWatermarkMonotonic } from '../checkers/watermark-monotonic';
import type { Invariant } from '../registry';
import { busViews } from './busView';
import type { DrillEventsState } from './state';
import { CONSUMER_NODE } from './topology';

export const watermarkMonotonic: Invariant<DrillEventsState> = {
  name: WATERMARK_MONOTONIC,
  kind: 'safety',
  when: 'step',
  check: ({ state }) => checkWatermarkMonotonic(state.ledger, CONSUMER_NODE),
};

export const cursorNoDuplicate: Invariant<DrillEventsState> = {
  name: CURSOR_NO_DUPLICATE,
  kind: 'safety',
  when: 'step',
  check: ({ state }) => checkNoDuplicateDelivery(state.ledger, CONSUMER_NODE),
};

export const eventBusIntegrity: Invariant<DrillEventsState> = {
  name: EVENT_BUS_INTEGRITY,
  kind: 'safety',
  when: 'step',
  check: ({ sim, state }) => checkEventBusIntegrity(busViews(sim, state.profile)),
};

export const eventBusDurable: Invariant<DrillEventsState> = {
  name: EVENT_BUS_DURABLE,
  kind: 'safety',
  when: 'step',
  check: ({ sim, state }) => checkEventBusDurable(state.ledger, busViews(sim, state.profile)),
};

export const cursorNoLostBatch: Invariant<DrillEventsState> = {
  name: CURSOR_NO_LOST_BATCH,
  kind: 'liveness',
  when: 'end',
  check: ({ sim, state }) => checkNoLostBatch(state.ledger, busViews(sim, state.profile), CONSUMER_NODE),
};

export const cursorNoSkip: Invariant<DrillEventsState> = {
  name: CURSOR_NO_SKIP,
  kind: 'liveness',
  when: 'end',
  check: ({ sim, state }) => checkNoSkippedEvent(state.ledger, busViews(sim, state.profile), CONSUMER_NODE),
};

export const DRILL_EVENTS_INVARIANTS: readonly Invariant<DrillEventsState>[] = [
  watermarkMonotonic,
  cursorNoDuplicate,
  eventBusIntegrity,
  eventBusDurable,
  cursorNoLostBatch,
  cursorNoSkip,
];

// drill-events invariants: cursors never go backwards (after every step), no consumer processes an
// event twice (after every step), and after heal every published event was processed by every
// consumer whose filter it passes (at the end).
import { CURSOR_NO_DUPLICATE, CURSOR_NO_SKIP, checkNoDuplicateDelivery, checkNoSkippedEvent } from '../checkers/cursor-exactly-once';
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

export const cursorNoSkip: Invariant<DrillEventsState> = {
  name: CURSOR_NO_SKIP,
  kind: 'liveness',
  when: 'end',
  check: ({ sim, state }) => checkNoSkippedEvent(state.ledger, busViews(sim, state.profile), CONSUMER_NODE),
};

export const DRILL_EVENTS_INVARIANTS: readonly Invariant<DrillEventsState>[] = [watermarkMonotonic, cursorNoDuplicate, cursorNoSkip];

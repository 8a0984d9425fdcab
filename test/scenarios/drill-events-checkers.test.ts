// The event checkers on hand-made ledgers: what counts as a cursor going backwards, a duplicate and
// a skip, and how a skip's cause is told (the evidence that names the spec weak point).
import { describe, expect, it } from 'vitest';
import { checkNoDuplicateDelivery, checkNoLostBatch, checkNoSkippedEvent } from '../../scenarios/checkers/cursor-exactly-once';
import { checkEventBusDurable } from '../../scenarios/checkers/events-bus-durable';
import { checkEventBusIntegrity } from '../../scenarios/checkers/events-bus-integrity';
import { isBehind } from '../../scenarios/checkers/events-cursor-order';
import { createEventsLedger, type BusView, type ConsumerSpec, type CursorValue, type EventsLedger, type PullRecord } from '../../scenarios/checkers/events-ledger';
import type { SkippedEvent } from '../../scenarios/checkers/events-skip-causes';
import { checkWatermarkMonotonic } from '../../scenarios/checkers/watermark-monotonic';

const WM: ConsumerSpec = { id: 'wm', method: 'watermark', outcomes: [], maxRecords: 2 };
const wm = (t: number): CursorValue => ({ kind: 'watermark', t });
const nc = (t: number, node: string | null): CursorValue => ({ kind: 'node', t, node });
const sq = (t: number, node: string | null, offset: number): CursorValue => ({ kind: 'sequence', t, node, offset });
const pos = (...p: Array<[string, number]>): CursorValue => ({ kind: 'positions', positions: p });

function pull(consumer: string, startStep: number, from: CursorValue | null, next: CursorValue | null, handed: string[] = [], error: string | null = null): PullRecord {
  return { consumer, incarnation: 1, startStep, endStep: startStep + 1, from, next, handed, unreachable: [], error };
}

function ledgerWith(consumers: ConsumerSpec[] = [WM]): EventsLedger {
  return createEventsLedger(consumers);
}

function publish(l: EventsLedger, id: string, eventAtMs: number, ackStep: number | null, outcome: 'emitted' | 'skipped_no_drill' = 'emitted') {
  const [node, ordinal] = id.split('/');
  l.publishes.push({ id, node, ordinal: Number(ordinal), eventAtMs, outcome, attemptStep: ackStep ?? 0, ackStep });
}

const skipped = (l: EventsLedger, buses: BusView[] = []): SkippedEvent[] =>
  ((checkNoSkippedEvent(l, buses, 'c1')?.evidence as { skipped?: SkippedEvent[] } | undefined)?.skipped ?? []);

describe('cursor order', () => {
  it('orders time cursors by time, then node (none first), then offset', () => {
    expect(isBehind(wm(5), wm(6))).toBe(true);
    expect(isBehind(wm(6), wm(6))).toBe(false);
    expect(isBehind(nc(5, null), nc(5, 'n1'))).toBe(true);
    expect(isBehind(nc(5, 'n2'), nc(5, 'n1'))).toBe(false);
    expect(isBehind(sq(5, 'n1', 1), sq(5, 'n1', 2))).toBe(true);
  });

  it('a per-node position cursor is behind when any node is behind, a missing node counting as 0', () => {
    expect(isBehind(pos(['n1', 3], ['n2', 1]), pos(['n1', 2], ['n2', 2]))).toBe(true);
    expect(isBehind(pos(['n1', 3]), pos(['n1', 3], ['n2', 1]))).toBe(true);
    expect(isBehind(pos(['n1', 3], ['n2', 1]), pos(['n1', 3]))).toBe(false);
  });
});

describe('watermark-monotonic', () => {
  it('holds for pulls that move forward or stay, and for loads and commits that never go back', () => {
    const l = ledgerWith();
    l.pulls.push(pull('wm', 1, wm(0), wm(10)), pull('wm', 3, wm(10), wm(10)));
    l.cursorOps.push({ consumer: 'wm', op: 'commit', value: wm(10), step: 2, where: 'sink' }, { consumer: 'wm', op: 'load', value: wm(10), step: 4, where: 'sink' });
    expect(checkWatermarkMonotonic(l, 'c1')).toBeNull();
  });

  it('flags a pull whose returned cursor is behind the one it started from', () => {
    const l = ledgerWith();
    l.pulls.push(pull('wm', 1, sq(10, 'n2', 1), sq(10, 'n1', 4)));
    expect(checkWatermarkMonotonic(l, 'c1')?.message).toMatch(/went backwards/);
  });

  it('flags a load that finds no state after a commit (the consumer restarts from its initial cursor)', () => {
    const l = ledgerWith();
    expect(checkWatermarkMonotonic(l, 'c1')).toBeNull();
    l.cursorOps.push({ consumer: 'st', op: 'commit', value: sq(10, 'n1', 0), step: 5, where: 's1' });
    expect(checkWatermarkMonotonic(l, 'c1')).toBeNull();
    l.cursorOps.push({ consumer: 'st', op: 'load', value: null, step: 9, where: 's1' });
    const f = checkWatermarkMonotonic(l, 'c1');
    expect(f?.message).toMatch(/st loaded no state .* step 9 .* committed at step 5/);
    expect(f?.node).toBe('s1');
  });

  it('flags a load behind an earlier load, and ignores other consumers\' cursors', () => {
    const l = ledgerWith();
    l.cursorOps.push(
      { consumer: 'a', op: 'load', value: pos(['n1', 4]), step: 1, where: 's1' },
      { consumer: 'b', op: 'load', value: pos(['n1', 1]), step: 2, where: 's1' },
    );
    expect(checkWatermarkMonotonic(l, 'c1')).toBeNull();
    l.cursorOps.push({ consumer: 'a', op: 'load', value: pos(['n1', 3]), step: 3, where: 's1' });
    expect(checkWatermarkMonotonic(l, 'c1')?.message).toMatch(/consumer a loaded .* was loaded at step 1/);
  });
});

describe('cursor-no-duplicate', () => {
  it('flags the second processing of an id by one consumer, not the same id at two consumers', () => {
    const l = ledgerWith();
    l.processed.push({ consumer: 'wm', id: 'n1/0', key: null, step: 3, incarnation: 1 }, { consumer: 'nc', id: 'n1/0', key: null, step: 4, incarnation: 1 });
    expect(checkNoDuplicateDelivery(l, 'c1')).toBeNull();
    l.processed.push({ consumer: 'wm', id: 'n1/0', key: null, step: 9, incarnation: 2 });
    expect(checkNoDuplicateDelivery(l, 'c1')?.message).toBe('consumer wm processed event n1/0 twice (steps 3 and 9)');
  });
});

describe('cursor-no-skip', () => {
  it('expects acknowledged events and events some consumer processed, within each consumer\'s filter', () => {
    const filtered: ConsumerSpec = { id: 'f', method: 'watermark', outcomes: ['emitted'], maxRecords: 2 };
    const l = ledgerWith([WM, filtered]);
    publish(l, 'n1/0', 100, 5, 'emitted');
    publish(l, 'n1/1', 110, null, 'skipped_no_drill'); // never acknowledged, never processed: not published
    publish(l, 'n1/2', 120, null, 'skipped_no_drill'); // unacknowledged but processed by wm: published
    l.processed.push({ consumer: 'wm', id: 'n1/0', key: null, step: 7, incarnation: 1 }, { consumer: 'wm', id: 'n1/2', key: null, step: 8, incarnation: 1 });
    l.processed.push({ consumer: 'f', id: 'n1/0', key: null, step: 7, incarnation: 1 });
    expect(checkNoSkippedEvent(l, [], 'c1')).toBeNull();
  });

  it('same-ms-truncation: visible before the pull whose page ended at its millisecond (W-B1)', () => {
    const l = ledgerWith();
    publish(l, 'n2/0', 100, 5);
    l.pulls.push(pull('wm', 10, wm(0), wm(100), ['n1/0']));
    expect(skipped(l).map((s) => s.cause)).toEqual(['same-ms-truncation']);
  });

  it('late: acknowledged after the cursor had reached its time (W-B2), flagged at the cursor ms from a lower node (W-C2)', () => {
    const l = ledgerWith([{ ...WM, id: 'nc', method: 'node-cursor' }]);
    publish(l, 'n1/0', 100, 20);
    l.pulls.push(pull('nc', 10, nc(0, null), nc(100, 'n2'), ['n2/0']));
    expect(skipped(l)).toMatchObject([{ cause: 'late', atCursorMsFromLowerNode: true }]);
  });

  it('same node at the cursor millisecond is flagged as a page split (W-C1)', () => {
    const l = ledgerWith([{ ...WM, id: 'nc', method: 'node-cursor' }]);
    publish(l, 'n1/1', 100, 5);
    l.pulls.push(pull('nc', 10, nc(0, null), nc(100, 'n1'), ['n1/0']));
    expect(skipped(l)).toMatchObject([{ cause: 'same-ms-truncation', sameNodeAtCursorMs: true }]);
  });

  it('a sequence cursor stopping at the millisecond means shifted offsets (W-D2)', () => {
    const l = ledgerWith([{ ...WM, id: 'sc', method: 'sequence-cursor' }]);
    publish(l, 'n1/1', 100, 5);
    l.pulls.push(pull('sc', 10, sq(0, null, 0), sq(100, 'n1', 1), ['n1/0']));
    expect(skipped(l).map((s) => s.cause)).toEqual(['offsets-shifted']);
  });

  it('handed-not-processed and committed-not-handed name W-E1, and only they are lost batches', () => {
    const l = ledgerWith([{ ...WM, id: 'st', method: 'state-store' }]);
    publish(l, 'n1/0', 100, 5);
    publish(l, 'n1/1', 200, 5);
    publish(l, 'n1/2', 300, 5);
    l.pulls.push(pull('st', 10, sq(0, null, 0), sq(100, 'n1', 0), ['n1/0']));
    l.pulls.push(pull('st', 20, sq(100, 'n1', 0), null, [], 'TransportError: timeout'));
    l.cursorOps.push({ consumer: 'st', op: 'commit', value: sq(200, 'n1', 1), step: 20, where: 's1' });
    expect(skipped(l).map((s) => [s.id, s.cause])).toEqual([
      ['n1/0', 'handed-not-processed'],
      ['n1/1', 'committed-not-handed'],
      ['n1/2', 'not-reached'],
    ]);
    const lost = (checkNoLostBatch(l, [], 'c1')?.evidence as { skipped: SkippedEvent[] }).skipped;
    expect(lost.map((s) => s.id)).toEqual(['n1/0', 'n1/1']);
  });

  it('bus-unreadable (W-D4), lost-from-bus and not-reached come from the bus and the cursor', () => {
    const l = ledgerWith();
    publish(l, 'n1/0', 100, 5);
    publish(l, 'n2/0', 100, 5);
    publish(l, 'n3/0', 100, 5);
    const buses: BusView[] = [
      { node: 'n1', ids: null, error: 'cannot decode' },
      { node: 'n2', ids: [] },
      { node: 'n3', ids: ['n3/0'] },
    ];
    expect(skipped(l, buses).map((s) => s.cause)).toEqual(['bus-unreadable', 'lost-from-bus', 'not-reached']);
  });
});

describe('event-bus-integrity and event-bus-durable', () => {
  it('integrity fails only for a bus that cannot be read', () => {
    expect(checkEventBusIntegrity([{ node: 'n1', ids: [] }])).toBeNull();
    expect(checkEventBusIntegrity([{ node: 'n1', ids: [] }, { node: 'n2', ids: null, error: 'bad line' }])).toMatchObject({ node: 'n2', message: "n2's event bus no longer reads: bad line" });
  });

  it('durability fails for an acknowledged event missing from its bus, not for an unacknowledged one', () => {
    const l = ledgerWith();
    publish(l, 'n1/0', 100, 5);
    publish(l, 'n1/1', 110, null);
    expect(checkEventBusDurable(l, [{ node: 'n1', ids: ['n1/0'] }])).toBeNull();
    expect(checkEventBusDurable(l, [{ node: 'n1', ids: [] }])?.message).toBe("n1's event bus lost 1 acknowledged event(s): n1/0 (acknowledged at step 5)");
    expect(checkEventBusDurable(l, [{ node: 'n1', ids: null }])).toBeNull();
  });
});

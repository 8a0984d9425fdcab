// Spec C §13 weak points: each is shown happening in `original`, and the hardened counterpart
// shows it removed (the node-sequence consumer, commit-after-deliver, the offload intent).
import { describe, expect, it } from 'vitest';
import { InMemoryDrillAlertEventBus } from '../../../core/events/bus/eventBus';
import { InMemoryNodeSequenceCursorStore } from '../../../core/events/hardened/nodeSequenceCursorStore';
import { queryDrillAlertEventsSinceCursor } from '../../../core/events/query/nodeCursor';
import { queryDrillAlertEventsAggregated } from '../../../core/events/query/pagination';
import { queryDrillAlertEventsSinceSequenceCursor } from '../../../core/events/query/sequenceCursor';
import { queryDrillAlertEventsSinceWithWatermark } from '../../../core/events/query/watermark';
import { queryDrillAlertEventsWithCursorState } from '../../../core/events/cursors/statefulQuery';
import { createStoreFiles } from '../../../core/common/storeFiles';
import { FileSequenceCursorStateStore, InMemorySequenceCursorStateStore } from '../../../core/events/cursors/sequenceCursorStateStore';
import { createMemoryFs } from './support/memoryFs';
import { A, B, ev, times, W } from './support/fixtures';
import { ids, pullAll, recordingConsumer } from './support/consumer';

const q = { worldId: W, nodeIds: [A, B], outcomes: [] };

describe('W-A1 offset pagination (original)', () => {
  it('an append ahead of the read position duplicates the boundary item and is never returned', async () => {
    const bus = new InMemoryDrillAlertEventBus();
    for (const t of [1000, 900, 800]) await bus.publish(W, A, ev(W, A, t, 'emitted'));
    const page = (offset: number) => queryDrillAlertEventsAggregated({ ...q, nodeIds: [A], minEventAtMs: null, offset, maxRecords: 1 }, bus);
    expect(times((await page(0)).events)).toEqual([`${A}@1000:emitted`]);
    await bus.publish(W, A, ev(W, A, 1100, 'emitted'));
    const rest = [...(await page(1)).events, ...(await page(2)).events, ...(await page(3)).events];
    expect(rest.map((e) => e.eventAtMs)).toEqual([1000, 900, 800]);
  });
});

describe('time-based cursors lose events (original) — the node-sequence consumer does not (hardened)', () => {
  it('W-B1: a page split inside a same-millisecond group loses b@1000', async () => {
    const bus = new InMemoryDrillAlertEventBus();
    await bus.publish(W, A, ev(W, A, 1000, 'emitted'));
    await bus.publish(W, B, ev(W, B, 1000, 'emitted'));
    const first = await queryDrillAlertEventsSinceWithWatermark({ ...q, sinceEventAtMs: 999, maxRecords: 1 }, bus);
    const second = await queryDrillAlertEventsSinceWithWatermark({ ...q, sinceEventAtMs: first.nextSinceEventAtMs, maxRecords: 1 }, bus);
    expect([...first.events, ...second.events].map((e) => e.nodeId)).toEqual([A]);
    const c = recordingConsumer();
    await pullAll(bus, new InMemoryNodeSequenceCursorStore(), c.deliver, [A, B], 1);
    expect(ids(c.seen)).toEqual([`${A}#0@1000`, `${B}#0@1000`]);
  });

  it('W-B2: an event from a lagging clock appended behind the watermark is never returned', async () => {
    const bus = new InMemoryDrillAlertEventBus();
    await bus.publish(W, A, ev(W, A, 2000, 'emitted'));
    const store = new InMemoryNodeSequenceCursorStore();
    const c = recordingConsumer();
    await pullAll(bus, store, c.deliver, [A, B], 10);
    const wm = await queryDrillAlertEventsSinceWithWatermark({ ...q, sinceEventAtMs: 0, maxRecords: 10 }, bus);
    await bus.publish(W, B, ev(W, B, 1500, 'emitted')); // B's clock lags
    const late = await queryDrillAlertEventsSinceWithWatermark({ ...q, sinceEventAtMs: wm.nextSinceEventAtMs, maxRecords: 10 }, bus);
    expect(late.events).toEqual([]);
    await pullAll(bus, store, c.deliver, [A, B], 10);
    expect(ids(c.seen)).toEqual([`${A}#0@2000`, `${B}#0@1500`]);
  });

  it('W-C1: two events of one node in the cursor millisecond cannot be split across pages', async () => {
    const bus = new InMemoryDrillAlertEventBus();
    await bus.publish(W, A, ev(W, A, 1000, 'emitted'));
    await bus.publish(W, A, ev(W, A, 1000, 'suppressed_cooldown'));
    const p1 = await queryDrillAlertEventsSinceCursor({ ...q, cursor: { sinceEventAtMs: 999, sinceNodeId: null }, maxRecords: 1 }, bus);
    const p2 = await queryDrillAlertEventsSinceCursor({ ...q, cursor: p1.next, maxRecords: 1 }, bus);
    expect([p1.events.length, p2.events.length]).toEqual([1, 0]);
    const c = recordingConsumer();
    await pullAll(bus, new InMemoryNodeSequenceCursorStore(), c.deliver, [A, B], 1);
    expect(c.seen).toHaveLength(2);
  });

  it('W-C2/D5: a late event at the cursor millisecond from a lower node id is lost', async () => {
    const bus = new InMemoryDrillAlertEventBus();
    await bus.publish(W, B, ev(W, B, 1000, 'emitted'));
    const store = new InMemoryNodeSequenceCursorStore();
    const c = recordingConsumer();
    await pullAll(bus, store, c.deliver, [A, B], 10);
    const p1 = await queryDrillAlertEventsSinceSequenceCursor({ ...q, cursor: { sinceEventAtMs: 0, sinceNodeId: null, sinceNodeEventOffset: 0 }, maxRecords: 10 }, bus);
    await bus.publish(W, A, ev(W, A, 1000, 'emitted'));
    const p2 = await queryDrillAlertEventsSinceSequenceCursor({ ...q, cursor: p1.next, maxRecords: 10 }, bus);
    expect(p2.events).toEqual([]);
    await pullAll(bus, store, c.deliver, [A, B], 10);
    expect(ids(c.seen)).toEqual([`${B}#0@1000`, `${A}#0@1000`]);
  });

  it('W-D1: changing the outcome filter between pulls loses e2; the hardened consumer refuses the change', async () => {
    const bus = new InMemoryDrillAlertEventBus();
    for (const o of ['emitted', 'suppressed_cooldown', 'emitted'] as const) await bus.publish(W, A, ev(W, A, 1000, o));
    const p1 = await queryDrillAlertEventsSinceSequenceCursor({ ...q, cursor: { sinceEventAtMs: 999, sinceNodeId: null, sinceNodeEventOffset: 0 }, maxRecords: 2 }, bus);
    expect(p1.next).toEqual({ sinceEventAtMs: 1000, sinceNodeId: A, sinceNodeEventOffset: 1 });
    const p2 = await queryDrillAlertEventsSinceSequenceCursor({ ...q, outcomes: ['emitted'], cursor: p1.next, maxRecords: 10 }, bus);
    expect(p2.events).toEqual([]);
    const store = new InMemoryNodeSequenceCursorStore();
    const c = recordingConsumer();
    await pullAll(bus, store, c.deliver, [A], 2);
    await expect(pullAll(bus, store, c.deliver, [A], 2, ['emitted'])).rejects.toThrow('outcomes must stay');
  });
});

describe('W-E1 at-most-once stateful query', () => {
  const setup = async () => {
    const bus = new InMemoryDrillAlertEventBus();
    await bus.publish(W, A, ev(W, A, 1000, 'emitted'));
    return { bus, store: new InMemorySequenceCursorStateStore() };
  };
  const query = (profile: 'original' | 'hardened') => ({
    worldId: W,
    consumerId: 'c',
    nodeIds: [A],
    initialCursor: { sinceEventAtMs: 0, sinceNodeId: null, sinceNodeEventOffset: 0 },
    outcomes: [],
    maxRecords: 10,
    profile,
  });
  const crashingConsumer = async () => {
    throw new Error('consumer crashed before processing');
  };

  it('original: the cursor is saved before delivery, so a consumer crash loses the batch', async () => {
    const { bus, store } = await setup();
    await expect(queryDrillAlertEventsWithCursorState(query('original'), { reader: bus, store, deliver: crashingConsumer })).rejects.toThrow();
    expect((await queryDrillAlertEventsWithCursorState(query('original'), { reader: bus, store })).events).toEqual([]);
  });

  it('hardened: the cursor is committed after delivery, so the batch comes again', async () => {
    const { bus, store } = await setup();
    await expect(queryDrillAlertEventsWithCursorState(query('hardened'), { reader: bus, store, deliver: crashingConsumer })).rejects.toThrow();
    expect((await queryDrillAlertEventsWithCursorState(query('hardened'), { reader: bus, store })).events).toHaveLength(1);
  });
});

describe('W-E3 file guard race', () => {
  const st = (t: number, node: string, off: number) => ({ worldId: W, consumerId: 'c', sinceEventAtMs: t, sinceNodeId: node, sinceNodeEventOffset: off });

  it.each(['original', 'hardened'] as const)('two concurrent saves: original lets the smaller land last, hardened refuses it (%s)', async (profile) => {
    const fs = createMemoryFs();
    const store = new FileSequenceCursorStateStore(createStoreFiles(fs, profile), '/c');
    await store.save(st(1000, B, 1));
    const results = await Promise.allSettled([store.save(st(1100, B, 2)), store.save(st(1050, A, 0))]);
    const final = await store.load(W, 'c');
    if (profile === 'original') {
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
      expect(final?.sinceEventAtMs).toBe(1050);
    } else {
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected']);
      expect(final?.sinceEventAtMs).toBe(1100);
    }
  });
});

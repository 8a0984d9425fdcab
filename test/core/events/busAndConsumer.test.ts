// Spec C §4–§8 edges of the event bus, the remote reader, paging and the hardened consumer: what a
// server refuses, what a malformed reply is, which slots an unacknowledged hardened append leaves,
// when the consumer delivers and commits, and where createEventStores puts each store's files.
import { describe, expect, it } from 'vitest';
import { IoError, SerdeError } from '../../../core/common/errors';
import { createStoreFiles } from '../../../core/common/storeFiles';
import { TransportError, FsError, type FileSystem, type Transport } from '../../../core/ports';
import { encodeDrillAlertEvent } from '../../../core/events/bus/drillAlertEvent';
import { InMemoryDrillAlertEventBus } from '../../../core/events/bus/eventBus';
import { drillAlertEventFileName, FileDrillAlertEventBus } from '../../../core/events/bus/fileEventBus';
import { createRemoteEventReader, DRILL_ALERT_EVENT_CHANNEL, serveDrillAlertEventBus } from '../../../core/events/bus/remoteEventReader';
import { createEventStores, createInMemoryEventStores } from '../../../core/events/createEventStores';
import { InMemoryNodeSequenceCursorStore } from '../../../core/events/hardened/nodeSequenceCursorStore';
import type { SequencedDelivery } from '../../../core/events/hardened/nodeSequenceCursor';
import { consumeDrillAlertEvents, createIdempotentConsumer } from '../../../core/events/hardened/sequencedConsumer';
import { pageEventsNewestFirst, queryDrillAlertEventsAggregated } from '../../../core/events/query/pagination';
import { EVENT_QUERY } from '../../../core/events/query/collection';
import { A, B, ev, rec, times, W } from './support/fixtures';
import { createMemoryFs } from './support/memoryFs';

describe('serving a bus to other nodes', () => {
  const handler = serveDrillAlertEventBus(new InMemoryDrillAlertEventBus());
  const refusals: ReadonlyArray<[string, string, unknown]> = [
    ['another channel', 'other-channel', { op: 'list', worldId: W, nodeId: A }],
    ['a null payload', DRILL_ALERT_EVENT_CHANNEL, null],
    ['a number', DRILL_ALERT_EVENT_CHANNEL, 5],
    ['another op', DRILL_ALERT_EVENT_CHANNEL, { op: 'delete', worldId: W, nodeId: A }],
    ['a numeric world id', DRILL_ALERT_EVENT_CHANNEL, { op: 'list', worldId: 1, nodeId: A }],
    ['a missing node id', DRILL_ALERT_EVENT_CHANNEL, { op: 'list', worldId: W }],
  ];

  it.each(refusals)('refuses %s with an IoError naming the channel', async (_name, channel, payload) => {
    const run = handler('node-b', channel, payload);
    await expect(run).rejects.toBeInstanceOf(IoError);
    await expect(run).rejects.toThrow(`drill alert event bus cannot serve ${channel}`);
  });

  it('answers a list request with sequence numbers and the on-disk JSON lines', async () => {
    const bus = new InMemoryDrillAlertEventBus();
    await bus.publish(W, A, ev(W, A, 7, 'emitted'));
    const reply = await serveDrillAlertEventBus(bus)('node-b', DRILL_ALERT_EVENT_CHANNEL, { op: 'list', worldId: W, nodeId: A });
    expect(reply).toEqual({
      events: [[0, '{"world_id":"w1","node_id":"node-a","event_at_ms":7,"outcome":"emitted","reasons":["rollback_streak_exceeded"],"severity":"warn"}']],
    });
  });
});

/** A transport that answers every request with `reply` (or fails for `self`'s own requests to itself). */
const fixedTransport = (self: string, reply: unknown): Transport => ({
  self,
  async request(to, channel) {
    if (to === self) throw new TransportError(to, channel, 'unreachable');
    return reply;
  },
});

describe('remote event reader', () => {
  it.each([
    ['null', null],
    ['an object without events', {}],
    ['events that are not a list', { events: 'x' }],
  ])('a reply that is %s is an IoError naming the host', async (_name, reply) => {
    const reader = createRemoteEventReader({ transport: fixedTransport(A, reply), local: new InMemoryDrillAlertEventBus() });
    await expect(reader.list(W, B)).rejects.toThrow(new IoError(`malformed drill alert event reply from ${B}`));
  });

  it('a corrupt line in a reply is a SerdeError naming the host and channel', async () => {
    const reader = createRemoteEventReader({ transport: fixedTransport(A, { events: [[0, '{bad']] }), local: new InMemoryDrillAlertEventBus() });
    const run = reader.listSequenced(W, B);
    await expect(run).rejects.toBeInstanceOf(SerdeError);
    await expect(run).rejects.toThrow(`${B}:${DRILL_ALERT_EVENT_CHANNEL}`);
  });

  it('reads its own node from the local bus, never over the transport', async () => {
    const local = new InMemoryDrillAlertEventBus();
    await local.publish(W, A, ev(W, A, 3, 'emitted'));
    const reader = createRemoteEventReader({ transport: fixedTransport(A, null), local });
    expect(times(await reader.list(W, A))).toEqual(['node-a@3:emitted']);
  });
});

describe('aggregated paging', () => {
  const base = { worldId: W, nodeIds: [A], minEventAtMs: null, outcomes: [], maxRecords: 5 };

  it.each([-1, 1.5, Number.NaN])('offset %s is a validation error naming offset', async (offset) => {
    await expect(queryDrillAlertEventsAggregated({ ...base, offset }, new InMemoryDrillAlertEventBus())).rejects.toThrow(
      `${EVENT_QUERY} offset must be a non-negative integer, got ${offset}`,
    );
  });

  it('an offset at or past the end is an empty page; offset 0 is the first page', async () => {
    const events = [ev(W, A, 1, 'emitted'), ev(W, A, 2, 'emitted')];
    expect(pageEventsNewestFirst(events, 2, 5)).toEqual([]);
    expect(pageEventsNewestFirst(events, 9, 5)).toEqual([]);
    const bus = new InMemoryDrillAlertEventBus();
    for (const e of events) await bus.publish(W, A, e);
    expect(times((await queryDrillAlertEventsAggregated({ ...base, offset: 0 }, bus)).events)).toEqual(['node-a@2:emitted', 'node-a@1:emitted']);
  });
});

const EVENT_PATH = `/e/${drillAlertEventFileName(W, A)}`;

describe('file event bus', () => {
  it('hardened: an append whose fsync failed stays invisible and its slot goes to the next publish', async () => {
    const inner = createMemoryFs();
    let failNext = false;
    const fs: FileSystem = {
      ...inner,
      fsync: async (p) => {
        if (failNext && p === EVENT_PATH) {
          failNext = false;
          throw new FsError('EIO', 'fsync', p);
        }
        return inner.fsync(p);
      },
    };
    const bus = new FileDrillAlertEventBus(createStoreFiles(fs, 'hardened'), '/e');
    await bus.publish(W, A, ev(W, A, 1, 'emitted'));
    await bus.publish(W, A, ev(W, A, 0, 'emitted'));
    failNext = true;
    await expect(bus.publish(W, A, ev(W, A, 2, 'emitted'))).rejects.toThrow('EIO');
    expect(times(await bus.list(W, A))).toEqual(['node-a@1:emitted', 'node-a@0:emitted']);
    await bus.publish(W, A, ev(W, A, 3, 'emitted'));
    expect((await bus.listSequenced(W, A)).map((s) => [s.seq, s.event.eventAtMs])).toEqual([
      [0, 1],
      [1, 0],
      [2, 3],
    ]);
    expect(inner.files.get(EVENT_PATH)).toBe([1, 0, 3].map((t) => `${encodeDrillAlertEvent(ev(W, A, t, 'emitted'))}\n`).join(''));
  });

  it('hardened: a publish onto a clean file is one single append', async () => {
    const fs = createMemoryFs();
    const bus = new FileDrillAlertEventBus(createStoreFiles(fs, 'hardened'), '/e');
    await bus.publish(W, A, ev(W, A, 1, 'emitted'));
    const before = fs.mutations();
    await bus.publish(W, A, ev(W, A, 2, 'emitted'));
    expect(fs.mutations() - before).toBe(1);
  });

  it('original: events appended by another writer of the same file are kept', async () => {
    const fs = createMemoryFs();
    const first = new FileDrillAlertEventBus(createStoreFiles(fs, 'original'), '/e');
    const second = new FileDrillAlertEventBus(createStoreFiles(fs, 'original'), '/e');
    await first.publish(W, A, ev(W, A, 1, 'emitted'));
    await second.publish(W, A, ev(W, A, 2, 'emitted'));
    await first.publish(W, A, ev(W, A, 3, 'emitted'));
    expect(times(await first.list(W, A))).toEqual(['node-a@1:emitted', 'node-a@2:emitted', 'node-a@3:emitted']);
  });
});

/** A reader over one in-memory bus in which `down` nodes reject as a partition would. */
function partialReader(bus: InMemoryDrillAlertEventBus, down: readonly string[]) {
  return {
    listSequenced: async (worldId: string, nodeId: string) => {
      if (down.includes(nodeId)) throw new TransportError(nodeId, DRILL_ALERT_EVENT_CHANNEL, 'unreachable');
      return bus.listSequenced(worldId, nodeId);
    },
  };
}

/** A store that counts saves. */
function countingStore() {
  const inner = new InMemoryNodeSequenceCursorStore();
  let saves = 0;
  return { load: inner.load.bind(inner), save: async (s: Parameters<typeof inner.save>[0]) => ((saves += 1), inner.save(s)), saves: () => saves };
}

describe('hardened consumer', () => {
  const query = { worldId: W, consumerId: 'c', nodeIds: [A, B], outcomes: ['emitted' as const], maxRecords: 10 };

  it('the first pull commits the outcome filter even with nothing to deliver; a later pull may not change it', async () => {
    const store = countingStore();
    const batches: number[] = [];
    const deps = { reader: partialReader(new InMemoryDrillAlertEventBus(), []), store, deliver: async (b: readonly SequencedDelivery[]) => void batches.push(b.length) };
    const first = await consumeDrillAlertEvents(query, deps);
    expect(first.state.outcomes).toEqual(['emitted']);
    expect(await store.load(W, 'c')).toEqual({ worldId: W, consumerId: 'c', outcomes: ['emitted'], positions: new Map() });
    expect(batches).toEqual([]);
    await expect(consumeDrillAlertEvents({ ...query, outcomes: ['skipped_no_drill', 'emitted'] }, deps)).rejects.toThrow(
      'drill alert consumer c outcomes must stay [emitted], got [skipped_no_drill,emitted]',
    );
  });

  it('the outcome filter is a set: the same outcomes in another order are the same filter, the error lists both', async () => {
    const deps = { reader: partialReader(new InMemoryDrillAlertEventBus(), []), store: countingStore(), deliver: async () => undefined };
    const both = { ...query, outcomes: ['emitted' as const, 'skipped_no_drill' as const] };
    await consumeDrillAlertEvents(both, deps);
    await consumeDrillAlertEvents({ ...both, outcomes: ['skipped_no_drill', 'emitted', 'emitted'] }, deps);
    await expect(consumeDrillAlertEvents({ ...both, outcomes: ['emitted'] }, deps)).rejects.toThrow(
      'drill alert consumer c outcomes must stay [emitted,skipped_no_drill], got [emitted]',
    );
  });

  it('commits only when a position moved, and skips an unreachable node without failing', async () => {
    const bus = new InMemoryDrillAlertEventBus();
    await bus.publish(W, A, ev(W, A, 1, 'emitted'));
    await bus.publish(W, B, ev(W, B, 2, 'emitted'));
    const store = countingStore();
    const batches: number[] = [];
    const deps = { reader: partialReader(bus, [B]), store, deliver: async (b: readonly SequencedDelivery[]) => void batches.push(b.length) };
    const r = await consumeDrillAlertEvents(query, deps);
    expect(r.unreachable).toEqual([B]);
    expect(r.deliveries.map((d) => `${d.nodeId}#${d.seq}`)).toEqual(['node-a#0']);
    expect(store.saves()).toBe(1);
    const again = await consumeDrillAlertEvents(query, deps);
    expect(again.deliveries).toEqual([]);
    expect(store.saves()).toBe(1);
    expect(batches).toEqual([1]);
  });
});

describe('idempotent consumer', () => {
  const d = (nodeId: string, seq: number): SequencedDelivery => ({ nodeId, seq, event: ev(W, nodeId, seq, 'emitted') });

  it('accepts each (node, seq) once and records the next seq per node', () => {
    const c = createIdempotentConsumer();
    expect(c.accept([d(A, 0), d(A, 1), d(B, 0)]).map((x) => `${x.nodeId}#${x.seq}`)).toEqual(['node-a#0', 'node-a#1', 'node-b#0']);
    expect(c.accept([d(A, 1), d(A, 2), d(B, 0)]).map((x) => `${x.nodeId}#${x.seq}`)).toEqual(['node-a#2']);
    expect(c.applied).toEqual(new Map([[A, 3], [B, 1]]));
  });

  it('resumes from a persisted applied map', () => {
    const c = createIdempotentConsumer(new Map([[A, 2]]));
    expect(c.accept([d(A, 1), d(A, 2)]).map((x) => x.seq)).toEqual([2]);
  });
});

describe('createEventStores', () => {
  it('puts each store under its own directory of root', async () => {
    const fs = createMemoryFs();
    const s = createEventStores({ fs, root: '/r', profile: 'original' });
    await s.hotStore.replace(W, A, [rec(W, A, 1)]);
    await s.coldStore.replace(W, A, [rec(W, A, 1)]);
    await s.drillAlertStateStore.saveState(W, A, { lastAlertAtMs: 5 });
    await s.eventBus.publish(W, A, ev(W, A, 1, 'emitted'));
    await s.sequenceCursorStateStore.save({ worldId: W, consumerId: 'c', sinceEventAtMs: 1, sinceNodeId: null, sinceNodeEventOffset: 0 });
    await s.nodeSequenceCursorStore.save({ worldId: W, consumerId: 'c', outcomes: [], positions: new Map([[A, 1]]) });
    const dirs = [...fs.files.keys()].map((p) => p.split('/')[2]).sort();
    expect(dirs).toEqual(['alerts', 'cold', 'cursors', 'cursors', 'events', 'hot']);
    expect(s.profile).toBe('original');
  });

  it('in memory defaults to original: an event whose ids differ from its key is accepted', async () => {
    const s = createInMemoryEventStores();
    expect(s.profile).toBe('original');
    await s.eventBus.publish(W, A, ev(W, ' node-a', 1, 'emitted'));
    expect(await s.eventBus.list(W, A)).toHaveLength(1);
    expect(s.hotStore).not.toBe(s.coldStore);
    expect(await s.tiering.intents.load(W, A)).toBeNull();
    expect(await s.tiering.mutex.run('k', async () => 7)).toBe(7);
    await s.drillAlertStateStore.saveState(W, A, { lastAlertAtMs: 2 });
    expect(await s.drillAlertStateStore.loadState(W, A)).toEqual({ lastAlertAtMs: 2 });
    const hardened = createInMemoryEventStores('hardened');
    await expect(hardened.eventBus.publish(W, A, ev(W, ' node-a', 1, 'emitted'))).rejects.toThrow('node_id');
  });
});

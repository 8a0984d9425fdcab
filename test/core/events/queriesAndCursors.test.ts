// Spec C §5–§10 pure query steps and cursors beyond the worked examples: which events are strictly
// after a cursor, the sort of a sequence-cursor page, id and time filters of the collection, the
// hardened node-sequence pull and its guard, the stateful query's delivery order per profile, and
// hardened offload recovery from each point an intent can be left at.
import { describe, expect, it } from 'vitest';
import { IoError, ValidationError } from '../../../core/common/errors';
import { createStoreFiles } from '../../../core/common/storeFiles';
import { InMemoryGovernanceAuditRetentionStore } from '../../../core/governance/archive/governanceAudit';
import { TransportError } from '../../../core/ports';
import { KeyedMutex } from '../../../core/replay/hardened/mutex';
import { alertEventFromRunReport, type DrillAlertEvent } from '../../../core/events/bus/drillAlertEvent';
import { InMemoryDrillAlertEventBus } from '../../../core/events/bus/eventBus';
import { queryDrillAlertEventsWithCursorState } from '../../../core/events/cursors/statefulQuery';
import { InMemorySequenceCursorStateStore } from '../../../core/events/cursors/sequenceCursorStateStore';
import { encodeNodeSequenceCursorState } from '../../../core/events/hardened/nodeSequenceCursorStore';
import { ensureNodeSequenceNotRollback, pullAfterNodeSequences } from '../../../core/events/hardened/nodeSequenceCursor';
import { filterCollectedEvents } from '../../../core/events/query/collection';
import { isAfterNodeCursor, queryDrillAlertEventsSinceCursor } from '../../../core/events/query/nodeCursor';
import { isAfterSequenceCursor, selectEventsSinceSequenceCursor } from '../../../core/events/query/sequenceCursor';
import { summarizeByOutcome } from '../../../core/events/query/watermark';
import { FileOffloadIntentStore, InMemoryOffloadIntentStore, type OffloadIntent } from '../../../core/events/tiering/offloadIntent';
import { offloadHardened, pruneTieredHotArchive, recoverPendingOffload } from '../../../core/events/tiering/hardenedOffload';
import { A, B, ev, rec, times, W } from './support/fixtures';
import { createMemoryFs } from './support/memoryFs';

const C = 'node-c';
const e = (nodeId: string, t: number) => ev(W, nodeId, t, 'emitted');

describe('strictly after a cursor', () => {
  it.each([
    [4, A, null, false],
    [6, A, null, true],
    [5, A, null, true],
    [5, A, B, false],
    [5, B, B, false],
    [5, C, B, true],
  ])('node cursor: event at %i on %s vs cursor (5, %s) → %s', (t, node, cursorNode, expected) => {
    expect(isAfterNodeCursor(e(node, t), { sinceEventAtMs: 5, sinceNodeId: cursorNode })).toBe(expected);
  });

  it.each([
    [4, A, 9, null, 0, false],
    [6, A, 0, B, 9, true],
    [5, A, 0, null, 7, true],
    [5, A, 9, B, 0, false],
    [5, C, 0, B, 9, true],
    [5, B, 3, B, 2, true],
    [5, B, 2, B, 2, false],
    [5, B, 1, B, 2, false],
  ])('sequence cursor: event at %i on %s offset %i vs cursor (5, %s, %i) → %s', (t, node, offset, cursorNode, cursorOffset, expected) => {
    const row = { event: e(node, t), nodeEventOffset: offset };
    expect(isAfterSequenceCursor(row, { sinceEventAtMs: 5, sinceNodeId: cursorNode, sinceNodeEventOffset: cursorOffset })).toBe(expected);
  });

  it('a sequence-cursor page is sorted by time, then node, then offset within the node', () => {
    const collected = [e(B, 3), e(A, 5), e(A, 3), e(B, 1), e(A, 3)];
    const page = selectEventsSinceSequenceCursor(collected, { sinceEventAtMs: 0, sinceNodeId: null, sinceNodeEventOffset: 0 }, 4);
    expect(page.rows.map((r) => `${r.event.nodeId}@${r.event.eventAtMs}#${r.nodeEventOffset}`)).toEqual([
      'node-b@1#1',
      'node-a@3#1',
      'node-a@3#2',
      'node-b@3#0',
    ]);
    expect(page.next).toEqual({ sinceEventAtMs: 3, sinceNodeId: B, sinceNodeEventOffset: 0 });
  });
});

describe('collection filters', () => {
  const nodes = { worldId: W, nodeIds: [A, B] };

  it('drops events whose own world or node differs from the list they were read from', () => {
    const lists = new Map<string, DrillAlertEvent[]>([
      [A, [e(A, 1), ev('w2', A, 2, 'emitted'), e(B, 3)]],
      [B, [e(B, 4)]],
    ]);
    expect(times(filterCollectedEvents(nodes, lists, null, []))).toEqual(['node-a@1:emitted', 'node-b@4:emitted']);
  });

  it('min_event_at_ms is inclusive; without it negative times are kept; outcomes filter', () => {
    const lists = new Map<string, DrillAlertEvent[]>([[A, [e(A, -3), e(A, 4), e(A, 5), ev(W, A, 6, 'skipped_no_drill')]]]);
    expect(times(filterCollectedEvents(nodes, lists, 5, []))).toEqual(['node-a@5:emitted', 'node-a@6:skipped_no_drill']);
    expect(times(filterCollectedEvents(nodes, lists, null, ['emitted']))).toEqual(['node-a@-3:emitted', 'node-a@4:emitted', 'node-a@5:emitted']);
  });

  it('summaries list only outcomes that occur, in code-point order of the label', () => {
    const summary = summarizeByOutcome([ev(W, A, 1, 'suppressed_cooldown'), e(A, 2), ev(W, A, 3, 'skipped_no_drill'), e(B, 4)]);
    expect([...summary.entries()]).toEqual([
      ['emitted', 2],
      ['skipped_no_drill', 1],
      ['suppressed_cooldown', 1],
    ]);
  });
});

describe('node cursor query (hardened)', () => {
  it('holds the cursor at its input while a node is unreachable', async () => {
    const bus = new InMemoryDrillAlertEventBus();
    await bus.publish(W, A, e(A, 10));
    const reader = {
      list: async (worldId: string, nodeId: string) => {
        if (nodeId === B) throw new TransportError(B, 'bus', 'unreachable');
        return bus.list(worldId, nodeId);
      },
    };
    const cursor = { sinceEventAtMs: 0, sinceNodeId: null };
    const r = await queryDrillAlertEventsSinceCursor({ worldId: W, nodeIds: [A, B], cursor, outcomes: [], maxRecords: 10, profile: 'hardened' }, reader);
    expect(times(r.events)).toEqual(['node-a@10:emitted']);
    expect(r.unreachable).toEqual([B]);
    expect(r.next).toEqual(cursor);
  });
});

const sequenced = (list: DrillAlertEvent[]) => list.map((event, seq) => ({ seq, event }));

describe('hardened node-sequence pull', () => {
  it('passes over events of another world or node id but moves past them', () => {
    const lists = new Map([[A, sequenced([ev('w2', A, 1, 'emitted'), e(B, 2), e(A, 3)])]]);
    const pull = pullAfterNodeSequences({ nodes: { worldId: W, nodeIds: [A] }, lists, positions: new Map(), outcomes: [], maxRecords: 10 });
    expect(pull.deliveries.map((d) => `${d.nodeId}#${d.seq}`)).toEqual(['node-a#2']);
    expect(pull.positions).toEqual(new Map([[A, 3]]));
  });

  it('a node with nothing pending gets no position entry', () => {
    const lists = new Map([
      [A, []],
      [B, sequenced([e(B, 1)])],
    ]);
    const pull = pullAfterNodeSequences({ nodes: { worldId: W, nodeIds: [A, B] }, lists, positions: new Map(), outcomes: [], maxRecords: 10 });
    expect(pull.positions).toEqual(new Map([[B, 1]]));
  });

  it('the rollback guard names every node that would move back', () => {
    const state = (a: number, b: number) => ({ worldId: W, consumerId: 'c', outcomes: [], positions: new Map([[A, a], [B, b]]) });
    expect(() => ensureNodeSequenceNotRollback(state(3, 3), state(2, 1))).toThrow(
      'drill alert node sequence cursor state cannot rollback for world w1 consumer c (nodes node-a,node-b)',
    );
    expect(() => ensureNodeSequenceNotRollback(state(3, 3), state(3, 4))).not.toThrow();
  });

  it('positions are written as [node, seq] pairs in node order', () => {
    const s = { worldId: W, consumerId: 'c', outcomes: ['emitted' as const], positions: new Map([[B, 2], [A, 5]]) };
    expect(encodeNodeSequenceCursorState(s)).toBe('{"world_id":"w1","consumer_id":"c","outcomes":["emitted"],"positions":[["node-a",5],["node-b",2]]}');
  });
});

describe('events keep their reasons', () => {
  it('an event made from a run report carries the report reasons', () => {
    const report = { worldId: W, nodeId: A, drillExecuted: true, anomalyDetected: true, alertEmitted: true, cooldownBlocked: false, reasons: ['r1', 'r2'] };
    expect(alertEventFromRunReport(7, report)).toEqual({ worldId: W, nodeId: A, eventAtMs: 7, outcome: 'emitted', reasons: ['r1', 'r2'], severity: 'warn' });
  });

  it('the in-memory bus lists the reasons it was given', async () => {
    const bus = new InMemoryDrillAlertEventBus();
    await bus.publish(W, A, { ...e(A, 1), reasons: ['a', 'b'] });
    expect((await bus.list(W, A))[0].reasons).toEqual(['a', 'b']);
  });
});

describe('stateful query delivery per profile', () => {
  const base = { worldId: W, consumerId: 'c', nodeIds: [A], initialCursor: { sinceEventAtMs: 0, sinceNodeId: null, sinceNodeEventOffset: 0 }, outcomes: [], maxRecords: 10 };

  it('original (the default) hands even an empty batch to the consumer; hardened does not', async () => {
    for (const [profile, calls] of [[undefined, [0]], ['hardened', []]] as const) {
      const delivered: number[] = [];
      const deps = { reader: new InMemoryDrillAlertEventBus(), store: new InMemorySequenceCursorStateStore(), deliver: async (b: readonly DrillAlertEvent[]) => void delivered.push(b.length) };
      await queryDrillAlertEventsWithCursorState({ ...base, profile }, deps);
      expect(delivered).toEqual(calls);
    }
  });

  it('hardened: concurrent pulls of one consumer with the node mutex deliver each event once', async () => {
    const bus = new InMemoryDrillAlertEventBus();
    for (const t of [1, 2, 3]) await bus.publish(W, A, e(A, t));
    const delivered: number[] = [];
    const deps = { reader: bus, store: new InMemorySequenceCursorStateStore(), mutex: new KeyedMutex(), deliver: async (b: readonly DrillAlertEvent[]) => void delivered.push(...b.map((x) => x.eventAtMs)) };
    await Promise.all([1, 2, 3].map(() => queryDrillAlertEventsWithCursorState({ ...base, maxRecords: 1, profile: 'hardened' }, deps)));
    expect(delivered).toEqual([1, 2, 3]);
  });
});

describe('hardened offload recovery', () => {
  const [c1, o1, h1, x] = [rec(W, A, 10), rec(W, A, 100), rec(W, A, 900), rec(W, A, 50, 'emergency')];
  const intent = (over: Partial<OffloadIntent> = {}): OffloadIntent => ({
    phase: 'copy',
    coldBeforeCount: 1,
    offloaded: [o1],
    hotBefore: [o1, h1],
    hotAfter: [h1],
    ...over,
  });
  async function setup(hot: typeof c1[], cold: typeof c1[], pending: OffloadIntent | null) {
    const hotStore = new InMemoryGovernanceAuditRetentionStore();
    const coldStore = new InMemoryGovernanceAuditRetentionStore();
    await hotStore.replace(W, A, hot);
    await coldStore.replace(W, A, cold);
    const intents = new InMemoryOffloadIntentStore();
    if (pending) await intents.save(W, A, pending);
    const at = async () => ({
      hot: (await hotStore.list(W, A)).map((r) => r.auditedAtMs),
      cold: (await coldStore.list(W, A)).map((r) => r.auditedAtMs),
      intent: await intents.load(W, A),
    });
    return { stores: { hotStore, coldStore }, intents, at };
  }
  const key = { worldId: W, nodeId: A };

  it('with no intent there is nothing to recover', async () => {
    const s = await setup([o1, h1], [c1], null);
    expect(await recoverPendingOffload(key, s.stores, s.intents)).toBe(false);
    expect(await s.at()).toEqual({ hot: [100, 900], cold: [10], intent: null });
  });

  it('an intent still in copy: copies after the cold records it counted, trims hot, clears the intent', async () => {
    const s = await setup([o1, h1], [c1, x], intent());
    expect(await recoverPendingOffload(key, s.stores, s.intents)).toBe(true);
    expect(await s.at()).toEqual({ hot: [900], cold: [10, 100, 50], intent: null });
  });

  it('a copy already made is not made twice', async () => {
    const s = await setup([o1, h1], [c1, o1], intent());
    await recoverPendingOffload(key, s.stores, s.intents);
    expect(await s.at()).toEqual({ hot: [900], cold: [10, 100], intent: null });
  });

  it('a hot tier rewritten meanwhile loses just the offloaded records still in it', async () => {
    const s = await setup([h1, o1], [c1, o1], intent({ phase: 'trim' }));
    await recoverPendingOffload(key, s.stores, s.intents);
    expect(await s.at()).toEqual({ hot: [900], cold: [10, 100], intent: null });
  });

  it('a hot tier whose head still matches only partly is trimmed by content, keeping the rest', async () => {
    const s = await setup([o1, x], [c1, o1], intent({ phase: 'trim' }));
    await recoverPendingOffload(key, s.stores, s.intents);
    expect(await s.at()).toEqual({ hot: [50], cold: [10, 100], intent: null });
  });

  it('a prune of the tiered hot archive finishes a pending offload first in hardened, never in original', async () => {
    for (const profile of ['original', 'hardened'] as const) {
      const s = await setup([o1, h1], [c1], intent());
      const tiering = { intents: s.intents, mutex: new KeyedMutex() };
      const retentionPolicy = { maxRecords: 10, maxAgeMs: 1_000_000 };
      await pruneTieredHotArchive({ ...s.stores, ...key, prunedAtMs: 1000, retentionPolicy, tiering, profile });
      const after = await s.at();
      expect([after.hot, after.cold, after.intent === null]).toEqual(profile === 'original' ? [[100, 900], [10], false] : [[900], [10, 100], true]);
    }
  });

  it('a hardened offload with nothing to move writes no intent and reports the sizes', async () => {
    const s = await setup([h1], [c1], null);
    let saves = 0;
    const intents = Object.assign(Object.create(s.intents) as InMemoryOffloadIntentStore, {
      save: async (...args: Parameters<InMemoryOffloadIntentStore['save']>) => ((saves += 1), s.intents.save(...args)),
    });
    const report = await offloadHardened({ ...s.stores, offloadedAtMs: 1000, policy: { hotMaxRecords: 5, offloadMinAgeMs: 500, maxOffloadRecords: 5 } }, key, {
      intents,
      mutex: new KeyedMutex(),
    });
    expect(report).toMatchObject({ hotBefore: 1, hotAfter: 1, coldBefore: 1, coldAfter: 1, offloaded: 0 });
    expect(saves).toBe(0);
  });

  it('a cold tier shorter than the intent counted is an IoError, and the intent stays', async () => {
    const s = await setup([o1, h1], [], intent());
    const run = recoverPendingOffload(key, s.stores, s.intents);
    await expect(run).rejects.toBeInstanceOf(IoError);
    await expect(recoverPendingOffload(key, s.stores, s.intents)).rejects.toThrow('cold tier of w1/node-a is shorter than the offload intent expects');
    expect((await s.at()).intent).toEqual(intent());
  });
});

describe('bus and intent store contracts', () => {
  it('an in-memory bus defaults to original (stores an event as given); hardened names a world mismatch', async () => {
    const bus = new InMemoryDrillAlertEventBus();
    await bus.publish(W, A, ev('w2', A, 1, 'emitted'));
    expect(await bus.list(W, A)).toHaveLength(1);
    const hardened = new InMemoryDrillAlertEventBus('hardened');
    await expect(hardened.publish(W, A, ev('w2', A, 1, 'emitted'))).rejects.toThrow(
      new ValidationError('drill alert event world_id w2 does not match bus world_id w1'),
    );
  });

  it('a file offload intent round-trips and clear removes it', async () => {
    const store = new FileOffloadIntentStore(createStoreFiles(createMemoryFs(), 'hardened'), '/t');
    const pending: OffloadIntent = { phase: 'trim', coldBeforeCount: 2, offloaded: [rec(W, A, 1)], hotBefore: [rec(W, A, 1), rec(W, A, 2)], hotAfter: [rec(W, A, 2)] };
    await store.save(W, A, pending);
    expect(await store.load(W, A)).toEqual(pending);
    await store.clear(W, A);
    expect(await store.load(W, A)).toBeNull();
  });
});

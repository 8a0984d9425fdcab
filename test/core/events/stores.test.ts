// Part C's file stores against the fake fs and a real temp dir: spec file names and bytes, append
// order, torn and corrupt files (a clear error naming the file in `original`, recovery without
// loss in `hardened`), and bad input naming the field.
import { describe, expect, it } from 'vitest';
import { ValidationError, SerdeError } from '../../../core/common/errors';
import { createStoreFiles } from '../../../core/common/storeFiles';
import { FileDrillAlertStateStore } from '../../../core/events/alerts/drillAlertStateStore';
import { InMemoryDrillAlertEventBus } from '../../../core/events/bus/eventBus';
import { drillAlertEventFileName, FileDrillAlertEventBus } from '../../../core/events/bus/fileEventBus';
import { FileSequenceCursorStateStore, SEQUENCE_CURSOR_STATE_FILE_SUFFIX } from '../../../core/events/cursors/sequenceCursorStateStore';
import { createFileNodeSequenceCursorStore, NODE_SEQUENCE_CURSOR_FILE_SUFFIX } from '../../../core/events/hardened/nodeSequenceCursorStore';
import { queryDrillAlertEventsSinceCursor } from '../../../core/events/query/nodeCursor';
import { queryDrillAlertEventsAggregated } from '../../../core/events/query/pagination';
import { queryDrillAlertEventsSinceSequenceCursor } from '../../../core/events/query/sequenceCursor';
import { queryDrillAlertEventsSinceWithWatermark, summarizeDrillAlertEventsByOutcome } from '../../../core/events/query/watermark';
import { A, B, BACKENDS, ev, W } from './support/fixtures';
import { createMemoryFs } from './support/memoryFs';

const eventPath = (root: string) => `${root}/${drillAlertEventFileName(W, A)}`;

describe.each(BACKENDS)('file stores on $name', (backend) => {
  it('the event file holds compact JSON lines in append order, omitting empty reasons and null severity', async () => {
    const { fs, root } = backend.make();
    const bus = new FileDrillAlertEventBus(createStoreFiles(fs, 'original'), root);
    await bus.publish(' w1 ', 'node-a ', ev(W, A, 1000, 'emitted'));
    await bus.publish(W, A, { worldId: W, nodeId: A, eventAtMs: 900, outcome: 'skipped_no_drill', reasons: [], severity: null });
    expect(await fs.readFile(eventPath(root))).toBe(
      '{"world_id":"w1","node_id":"node-a","event_at_ms":1000,"outcome":"emitted","reasons":["rollback_streak_exceeded"],"severity":"warn"}\n' +
        '{"world_id":"w1","node_id":"node-a","event_at_ms":900,"outcome":"skipped_no_drill"}\n',
    );
  });

  it('the drill alert state file is pretty JSON, {} by default, and an empty file is an error naming it', async () => {
    const { fs, root } = backend.make();
    const store = new FileDrillAlertStateStore(createStoreFiles(fs, 'original'), root);
    expect(await store.loadState(W, A)).toEqual({ lastAlertAtMs: null });
    await store.saveState(W, A, { lastAlertAtMs: null });
    const path = `${root}/w1.node-a.revocation-dead-letter-replay-rollback-governance-recovery-drill-alert-state.json`;
    expect(await fs.readFile(path)).toBe('{}');
    await store.saveState(W, A, { lastAlertAtMs: 1000 });
    expect(await fs.readFile(path)).toBe('{\n  "last_alert_at_ms": 1000\n}');
    await fs.writeFile(path, '');
    await expect(store.loadState(W, A)).rejects.toThrow(path);
  });

  it('the cursor state file is compact JSON in spec key order; since_node_id omitted when null; legacy offset reads 0', async () => {
    const { fs, root } = backend.make();
    const store = new FileSequenceCursorStateStore(createStoreFiles(fs, 'original'), root);
    const path = `${root}/w1.consumer-a.${SEQUENCE_CURSOR_STATE_FILE_SUFFIX}`;
    await store.save({ worldId: W, consumerId: 'consumer-a', sinceEventAtMs: 5, sinceNodeId: null, sinceNodeEventOffset: 0 });
    expect(await fs.readFile(path)).toBe('{"world_id":"w1","consumer_id":"consumer-a","since_event_at_ms":5,"since_node_event_offset":0}');
    await store.save({ worldId: W, consumerId: ' consumer-a', sinceEventAtMs: 7, sinceNodeId: ' node-b', sinceNodeEventOffset: 2 });
    expect(await fs.readFile(path)).toBe('{"world_id":"w1","consumer_id":"consumer-a","since_event_at_ms":7,"since_node_id":"node-b","since_node_event_offset":2}');
    await fs.writeFile(path, '{"world_id":"w1","consumer_id":"consumer-a","since_event_at_ms":7,"since_node_id":"node-b"}');
    expect((await store.load(W, 'consumer-a'))?.sinceNodeEventOffset).toBe(0);
    await fs.writeFile(path, '{"world_id":"w2","consumer_id":"consumer-a","since_event_at_ms":7}');
    await expect(store.load(W, 'consumer-a')).rejects.toThrow('mismatched world or consumer id');
  });

  it('original: a corrupt event line fails every list and query of that node, naming the file', async () => {
    const { fs, root } = backend.make();
    const bus = new FileDrillAlertEventBus(createStoreFiles(fs, 'original'), root);
    await bus.publish(W, A, ev(W, A, 1000, 'emitted'));
    await fs.appendFile(eventPath(root), '{"world_id":"w1","node_i\n');
    await expect(bus.list(W, A)).rejects.toBeInstanceOf(SerdeError);
    await expect(bus.list(W, A)).rejects.toThrow(eventPath(root));
    const q = { worldId: W, nodeIds: [A, B], sinceEventAtMs: 0, outcomes: [], maxRecords: 10 };
    await expect(queryDrillAlertEventsSinceWithWatermark(q, bus)).rejects.toThrow(eventPath(root));
  });

  it('hardened: a corrupt acknowledged line is skipped and keeps its sequence slot', async () => {
    const { fs, root } = backend.make();
    await fs.mkdir(root, { recursive: true });
    await fs.writeFile(eventPath(root), '{"world_id":"w1","node_id":"node-a","event_at_ms":1,"outcome":"emitted"}\n{garbage}\n');
    const bus = new FileDrillAlertEventBus(createStoreFiles(fs, 'hardened'), root);
    await bus.publish(W, A, ev(W, A, 3, 'emitted'));
    expect((await bus.listSequenced(W, A)).map((s) => [s.seq, s.event.eventAtMs])).toEqual([
      [0, 1],
      [2, 3],
    ]);
  });

  it('the node sequence cursor journal loads the greatest state and compacts itself', async () => {
    const { fs, root } = backend.make();
    const store = createFileNodeSequenceCursorStore(fs, root);
    for (let i = 1; i <= 70; i += 1) {
      await store.save({ worldId: W, consumerId: 'c', outcomes: [], positions: new Map([[A, i]]) });
    }
    const text = await fs.readFile(`${root}/w1.c.${NODE_SEQUENCE_CURSOR_FILE_SUFFIX}`);
    expect(text.split('\n').filter(Boolean).length).toBeLessThan(64);
    expect((await store.load(W, 'c'))?.positions.get(A)).toBe(70);
    await expect(store.save({ worldId: W, consumerId: 'c', outcomes: [], positions: new Map([[A, 3]]) })).rejects.toThrow('cannot rollback');
  });
});

describe('torn writes (fake fs crash)', () => {
  it('original: a crash between the JSON and its newline poisons the node file for every query (W-D4)', async () => {
    const fs = createMemoryFs();
    const bus = new FileDrillAlertEventBus(createStoreFiles(fs, 'original'), '/e');
    await bus.publish(W, A, ev(W, A, 1000, 'emitted'));
    fs.crashAfter(2); // mutation 1 = the JSON, 2 = the newline
    await expect(bus.publish(W, A, ev(W, A, 1100, 'emitted'))).rejects.toThrow('simulated crash');
    const after = new FileDrillAlertEventBus(createStoreFiles(fs.restart(), 'original'), '/e');
    await after.publish(W, A, ev(W, A, 1200, 'emitted'));
    await expect(after.list(W, A)).rejects.toThrow('/e/w1.node-a.');
  });

  it('hardened: a torn append is cut, acknowledged events survive and the next publish takes the free slot', async () => {
    const fs = createMemoryFs();
    const bus = new FileDrillAlertEventBus(createStoreFiles(fs, 'hardened'), '/e');
    await bus.publish(W, A, ev(W, A, 1000, 'emitted'));
    fs.crashAfter(1, 0.5);
    await expect(bus.publish(W, A, ev(W, A, 1100, 'emitted'))).rejects.toThrow('simulated crash');
    const after = new FileDrillAlertEventBus(createStoreFiles(fs.restart(), 'hardened'), '/e');
    expect((await after.list(W, A)).map((e) => e.eventAtMs)).toEqual([1000]);
    await after.publish(W, A, ev(W, A, 1200, 'emitted'));
    expect((await after.listSequenced(W, A)).map((s) => [s.seq, s.event.eventAtMs])).toEqual([
      [0, 1000],
      [1, 1200],
    ]);
  });

  it('original: a crash after the cursor file was truncated reads as no state, so the guard lets it go back (W-E2)', async () => {
    const fs = createMemoryFs();
    const store = new FileSequenceCursorStateStore(createStoreFiles(fs, 'original'), '/c');
    await store.save({ worldId: W, consumerId: 'c', sinceEventAtMs: 1000, sinceNodeId: B, sinceNodeEventOffset: 1 });
    fs.crashAfter(1, 0.001); // the truncating write dies before any byte lands
    await expect(store.save({ worldId: W, consumerId: 'c', sinceEventAtMs: 1100, sinceNodeId: B, sinceNodeEventOffset: 2 })).rejects.toThrow();
    const after = new FileSequenceCursorStateStore(createStoreFiles(fs.restart(), 'original'), '/c');
    expect(await after.load(W, 'c')).toBeNull();
    await after.save({ worldId: W, consumerId: 'c', sinceEventAtMs: 0, sinceNodeId: null, sinceNodeEventOffset: 0 });
  });

  it('original: a partial cursor JSON write fails load and save, naming the file', async () => {
    const fs = createMemoryFs();
    const store = new FileSequenceCursorStateStore(createStoreFiles(fs, 'original'), '/c');
    await store.save({ worldId: W, consumerId: 'c', sinceEventAtMs: 1000, sinceNodeId: B, sinceNodeEventOffset: 1 });
    fs.crashAfter(1, 0.5);
    await expect(store.save({ worldId: W, consumerId: 'c', sinceEventAtMs: 1100, sinceNodeId: B, sinceNodeEventOffset: 2 })).rejects.toThrow();
    const after = new FileSequenceCursorStateStore(createStoreFiles(fs.restart(), 'original'), '/c');
    await expect(after.load(W, 'c')).rejects.toThrow(`/c/w1.c.${SEQUENCE_CURSOR_STATE_FILE_SUFFIX}`);
  });

  it('hardened: a crash at any point of a cursor save keeps the old or the new state, never less', async () => {
    for (let step = 1; step <= 8; step += 1) {
      for (const torn of [0, 0.5]) {
        const fs = createMemoryFs();
        const store = new FileSequenceCursorStateStore(createStoreFiles(fs, 'hardened'), '/c');
        await store.save({ worldId: W, consumerId: 'c', sinceEventAtMs: 1000, sinceNodeId: B, sinceNodeEventOffset: 1 });
        fs.crashAfter(step, torn);
        await store.save({ worldId: W, consumerId: 'c', sinceEventAtMs: 1100, sinceNodeId: A, sinceNodeEventOffset: 0 }).catch(() => undefined);
        const loaded = await new FileSequenceCursorStateStore(createStoreFiles(fs.restart(), 'hardened'), '/c').load(W, 'c');
        expect([1000, 1100]).toContain(loaded?.sinceEventAtMs);
      }
    }
  });

  it('hardened: a cursor file with only garbage is an error naming the file, not a silent rewind', async () => {
    const fs = createMemoryFs();
    await fs.mkdir('/c', { recursive: true });
    const path = `/c/w1.c.${SEQUENCE_CURSOR_STATE_FILE_SUFFIX}`;
    await fs.writeFile(path, 'garbage\n');
    const store = new FileSequenceCursorStateStore(createStoreFiles(fs, 'hardened'), '/c');
    await expect(store.load(W, 'c')).rejects.toThrow(path);
  });
});

describe('bad input names the field', () => {
  const bus = new InMemoryDrillAlertEventBus();
  const base = { worldId: W, nodeIds: [A], outcomes: [] };

  it('max_records 0 is rejected by every pull', async () => {
    const calls = [
      queryDrillAlertEventsAggregated({ ...base, minEventAtMs: null, offset: 0, maxRecords: 0 }, bus),
      queryDrillAlertEventsSinceWithWatermark({ ...base, sinceEventAtMs: 0, maxRecords: 0 }, bus),
      queryDrillAlertEventsSinceCursor({ ...base, cursor: { sinceEventAtMs: 0, sinceNodeId: null }, maxRecords: 0 }, bus),
      queryDrillAlertEventsSinceSequenceCursor({ ...base, cursor: { sinceEventAtMs: 0, sinceNodeId: null, sinceNodeEventOffset: 0 }, maxRecords: 0 }, bus),
    ];
    for (const c of calls) await expect(c).rejects.toThrow('max_records must be positive');
  });

  it('an empty node list, an invalid node id and a bad world are validation errors', async () => {
    const q = { worldId: W, minEventAtMs: null };
    await expect(summarizeDrillAlertEventsByOutcome({ ...q, nodeIds: [] }, bus)).rejects.toThrow('requires at least one node_id');
    await expect(summarizeDrillAlertEventsByOutcome({ ...q, nodeIds: [A, 'x/y'] }, bus)).rejects.toThrow('node_id is invalid: x/y');
    await expect(summarizeDrillAlertEventsByOutcome({ ...q, nodeIds: [A, '  '] }, bus)).rejects.toThrow('node_id cannot be empty');
    await expect(summarizeDrillAlertEventsByOutcome({ ...q, worldId: '..', nodeIds: [A] }, bus)).rejects.toThrow('world_id');
  });

  it('an invalid cursor node id names since_node_id, before the node list is looked at', async () => {
    const run = queryDrillAlertEventsSinceCursor({ worldId: W, nodeIds: [], outcomes: [], cursor: { sinceEventAtMs: 0, sinceNodeId: 'a\\b' }, maxRecords: 1 }, bus);
    await expect(run).rejects.toThrow(ValidationError);
    await expect(run).rejects.toThrow('since_node_id');
    const neg = queryDrillAlertEventsSinceSequenceCursor({ ...base, cursor: { sinceEventAtMs: 0, sinceNodeId: null, sinceNodeEventOffset: -1 }, maxRecords: 1 }, bus);
    await expect(neg).rejects.toThrow('since_node_event_offset');
  });

  it('hardened publish refuses an event whose ids differ from its key (W-D3)', async () => {
    const hardened = new InMemoryDrillAlertEventBus('hardened');
    await expect(hardened.publish(W, A, ev(W, ' node-a', 1, 'emitted'))).rejects.toThrow('node_id');
    const original = new InMemoryDrillAlertEventBus('original');
    await original.publish(W, A, ev(W, ' node-a', 1, 'emitted'));
    const r = await queryDrillAlertEventsSinceWithWatermark({ ...base, sinceEventAtMs: 0, maxRecords: 10 }, original);
    expect(r.events).toEqual([]);
  });
});

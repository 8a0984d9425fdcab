// Spec C §12 examples 10, 12–28: the event bus, the aggregate pull, watermarks, the outcome
// summary, the node cursor and the sequence cursor, each as its own test.
import { describe, expect, it } from 'vitest';
import { createStoreFiles } from '../../../core/common/storeFiles';
import type { DrillAlertEvent } from '../../../core/events/bus/drillAlertEvent';
import { InMemoryDrillAlertEventBus } from '../../../core/events/bus/eventBus';
import { FileDrillAlertEventBus } from '../../../core/events/bus/fileEventBus';
import { queryDrillAlertEventsSinceCursor } from '../../../core/events/query/nodeCursor';
import { queryDrillAlertEventsAggregated } from '../../../core/events/query/pagination';
import { queryDrillAlertEventsSinceSequenceCursor } from '../../../core/events/query/sequenceCursor';
import {
  queryDrillAlertEventsSince,
  queryDrillAlertEventsSinceWithWatermark,
  summarizeDrillAlertEventsByOutcome,
} from '../../../core/events/query/watermark';
import { A, B, BACKENDS, ev, times, W } from './support/fixtures';

async function bus(lists: Record<string, readonly DrillAlertEvent[]>) {
  const b = new InMemoryDrillAlertEventBus();
  for (const [node, events] of Object.entries(lists)) for (const e of events) await b.publish(W, node, e);
  return b;
}

describe.each(BACKENDS)('spec C §12 example 10: file event bus round trip ($name)', (backend) => {
  it.each(['original', 'hardened'] as const)('publishes and lists exactly the event (%s)', async (profile) => {
    const { fs, root } = backend.make();
    const b = new FileDrillAlertEventBus(createStoreFiles(fs, profile), root);
    const event: DrillAlertEvent = { worldId: W, nodeId: A, eventAtMs: 1000, outcome: 'emitted', reasons: ['emergency_history_detected'], severity: 'critical' };
    await b.publish(W, A, event);
    expect(await b.list(W, A)).toEqual([event]);
  });
});

describe('spec C §12 aggregate pull (examples 12–14)', () => {
  const data = () =>
    bus({ [A]: [ev(W, A, 1000, 'emitted'), ev(W, A, 900, 'suppressed_cooldown')], [B]: [ev(W, B, 1100, 'emitted'), ev(W, B, 950, 'skipped_no_drill')] });
  const query = { worldId: W, nodeIds: [A, B], minEventAtMs: 950, outcomes: ['emitted' as const] };

  it('example 12: min 950, emitted only, newest first', async () => {
    const page = await queryDrillAlertEventsAggregated({ ...query, offset: 0, maxRecords: 10 }, await data());
    expect(times(page.events)).toEqual([`${B}@1100:emitted`, `${A}@1000:emitted`]);
  });

  it('example 13: offset 1, max 1 returns the second', async () => {
    const page = await queryDrillAlertEventsAggregated({ ...query, offset: 1, maxRecords: 1 }, await data());
    expect(times(page.events)).toEqual([`${A}@1000:emitted`]);
  });

  it('example 14: max_records 0 and an empty node list are rejected', async () => {
    const b = await data();
    await expect(queryDrillAlertEventsAggregated({ ...query, nodeIds: [A], offset: 0, maxRecords: 0 }, b)).rejects.toThrow('max_records must be positive');
    await expect(queryDrillAlertEventsAggregated({ ...query, nodeIds: [], offset: 0, maxRecords: 1 }, b)).rejects.toThrow('requires at least one node_id');
  });
});

describe('spec C §12 watermark pull (examples 15–21)', () => {
  const data = () => bus({ [A]: [ev(W, A, 1000, 'emitted'), ev(W, A, 1040, 'suppressed_cooldown')], [B]: [ev(W, B, 1080, 'emitted')] });
  const q = { worldId: W, nodeIds: [A, B], sinceEventAtMs: 1000, outcomes: [] as const, maxRecords: 10 };

  it('example 15: since 1000 excludes 1000 (strict)', async () => {
    expect(times(await queryDrillAlertEventsSince({ ...q, outcomes: [] }, await data()))).toEqual([`${A}@1040:suppressed_cooldown`, `${B}@1080:emitted`]);
  });

  it('example 16: the outcome filter keeps b@1080', async () => {
    expect(times(await queryDrillAlertEventsSince({ ...q, outcomes: ['emitted'] }, await data()))).toEqual([`${B}@1080:emitted`]);
  });

  it('example 17: max 1 returns 1040', async () => {
    expect(times(await queryDrillAlertEventsSince({ ...q, outcomes: [], maxRecords: 1 }, await data()))).toEqual([`${A}@1040:suppressed_cooldown`]);
  });

  it('example 18: the summary counts only outcomes that occur, from min 950', async () => {
    const b = await bus({
      [A]: [ev(W, A, 1000, 'emitted'), ev(W, A, 1010, 'emitted')],
      [B]: [ev(W, B, 1020, 'suppressed_no_anomaly'), ev(W, B, 900, 'skipped_no_drill')],
    });
    const s = await summarizeDrillAlertEventsByOutcome({ worldId: W, nodeIds: [A, B], minEventAtMs: 950 }, b);
    expect([...s.counts.entries()]).toEqual([
      ['emitted', 2],
      ['suppressed_no_anomaly', 1],
    ]);
  });

  const wm = () => bus({ [A]: [ev(W, A, 1040, 'suppressed_cooldown')], [B]: [ev(W, B, 1080, 'emitted')] });

  it('example 19: since 1000, max 1 → [1040], watermark 1040', async () => {
    const r = await queryDrillAlertEventsSinceWithWatermark({ ...q, outcomes: [], maxRecords: 1 }, await wm());
    expect([times(r.events), r.nextSinceEventAtMs]).toEqual([[`${A}@1040:suppressed_cooldown`], 1040]);
  });

  it('example 20: since 1040 → [1080], watermark 1080', async () => {
    const r = await queryDrillAlertEventsSinceWithWatermark({ ...q, outcomes: [], sinceEventAtMs: 1040 }, await wm());
    expect([times(r.events), r.nextSinceEventAtMs]).toEqual([[`${B}@1080:emitted`], 1080]);
  });

  it('example 21: since 1080 → [], the watermark stays', async () => {
    const r = await queryDrillAlertEventsSinceWithWatermark({ ...q, outcomes: [], sinceEventAtMs: 1080 }, await wm());
    expect([r.events, r.nextSinceEventAtMs]).toEqual([[], 1080]);
  });
});

describe('spec C §12 node cursor (examples 22–24)', () => {
  const data = () => bus({ [A]: [ev(W, A, 1000, 'emitted')], [B]: [ev(W, B, 1000, 'suppressed_cooldown'), ev(W, B, 1050, 'emitted')] });
  const q = (sinceEventAtMs: number, sinceNodeId: string | null, maxRecords: number) => ({
    worldId: W,
    nodeIds: [A, B],
    cursor: { sinceEventAtMs, sinceNodeId },
    outcomes: [],
    maxRecords,
  });

  it('example 22: (999, null), max 1 → [a@1000], next (1000, a)', async () => {
    const r = await queryDrillAlertEventsSinceCursor(q(999, null, 1), await data());
    expect([times(r.events), r.next]).toEqual([[`${A}@1000:emitted`], { sinceEventAtMs: 1000, sinceNodeId: A }]);
  });

  it('example 23: (1000, a), max 10 → [b@1000, b@1050], next (1050, b)', async () => {
    const r = await queryDrillAlertEventsSinceCursor(q(1000, A, 10), await data());
    expect([times(r.events), r.next]).toEqual([[`${B}@1000:suppressed_cooldown`, `${B}@1050:emitted`], { sinceEventAtMs: 1050, sinceNodeId: B }]);
  });

  it('example 24: (1050, b) → [], the cursor is unchanged', async () => {
    const r = await queryDrillAlertEventsSinceCursor(q(1050, B, 10), await data());
    expect([r.events, r.next]).toEqual([[], { sinceEventAtMs: 1050, sinceNodeId: B }]);
  });
});

describe('spec C §12 sequence cursor (examples 25–28)', () => {
  const data = () =>
    bus({
      [A]: [ev(W, A, 1000, 'emitted'), ev(W, A, 1000, 'suppressed_cooldown')],
      [B]: [ev(W, B, 1000, 'suppressed_no_anomaly'), ev(W, B, 1010, 'emitted')],
    });
  const q = (sinceEventAtMs: number, sinceNodeId: string | null, sinceNodeEventOffset: number, maxRecords: number) => ({
    worldId: W,
    nodeIds: [A, B],
    cursor: { sinceEventAtMs, sinceNodeId, sinceNodeEventOffset },
    outcomes: [],
    maxRecords,
  });
  const cur = (t: number, n: string | null, o: number) => ({ sinceEventAtMs: t, sinceNodeId: n, sinceNodeEventOffset: o });

  it('example 25: (999, null, 0), max 1 → [a emitted], next (1000, a, 0)', async () => {
    const r = await queryDrillAlertEventsSinceSequenceCursor(q(999, null, 0, 1), await data());
    expect([times(r.events), r.next]).toEqual([[`${A}@1000:emitted`], cur(1000, A, 0)]);
  });

  it('example 26: (1000, a, 0), max 1 → [a cooldown], next (1000, a, 1)', async () => {
    const r = await queryDrillAlertEventsSinceSequenceCursor(q(1000, A, 0, 1), await data());
    expect([times(r.events), r.next]).toEqual([[`${A}@1000:suppressed_cooldown`], cur(1000, A, 1)]);
  });

  it("example 27: (1000, a, 1), max 10 → b's two, next (1010, b, 1): the offset counts b's whole list", async () => {
    const r = await queryDrillAlertEventsSinceSequenceCursor(q(1000, A, 1, 10), await data());
    expect([times(r.events), r.next]).toEqual([[`${B}@1000:suppressed_no_anomaly`, `${B}@1010:emitted`], cur(1010, B, 1)]);
  });

  it('example 28: (1010, b, 1) → [], the cursor is unchanged', async () => {
    const r = await queryDrillAlertEventsSinceSequenceCursor(q(1010, B, 1, 10), await data());
    expect([r.events, r.next]).toEqual([[], cur(1010, B, 1)]);
  });
});

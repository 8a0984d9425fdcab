// The hardened shell under crashes and partitions: offload moves each record to cold exactly once
// across a crash at any write (and `original` shows W-F1/F2), and cross-node pulls never advance
// past a node they could not read (and `original` fails the pull).
import { describe, expect, it } from 'vitest';
import { TransportError, type Profile } from '../../../core/ports';
import type { GovernanceAuditRecord } from '../../../core/governance/archive/governanceAudit';
import { createEventStores, type EventStores } from '../../../core/events/createEventStores';
import { InMemoryDrillAlertEventBus } from '../../../core/events/bus/eventBus';
import { createRemoteEventReader, serveDrillAlertEventBus } from '../../../core/events/bus/remoteEventReader';
import { InMemoryNodeSequenceCursorStore } from '../../../core/events/hardened/nodeSequenceCursorStore';
import { consumeDrillAlertEvents } from '../../../core/events/hardened/sequencedConsumer';
import { queryDrillAlertEventsSinceWithWatermark } from '../../../core/events/query/watermark';
import { queryDrillAlertEventsSinceSequenceCursor } from '../../../core/events/query/sequenceCursor';
import { queryAuditArchiveAggregated } from '../../../core/events/tiering/aggregateQuery';
import { offloadAuditArchiveTiered } from '../../../core/events/tiering/offloadTiered';
import { A, B, ev, rec, W } from './support/fixtures';
import { createMemoryFs } from './support/memoryFs';
import { createTestNetwork } from './support/network';
import { ids, recordingConsumer } from './support/consumer';

const HOT0 = [100, 200, 300, 900, 950].map((t, i) => rec(W, A, t, 'normal', i));
const COLD0 = [rec(W, A, 50)];
const POLICY = { hotMaxRecords: 2, offloadMinAgeMs: 700, maxOffloadRecords: 20 };
const times = (rs: readonly GovernanceAuditRecord[]) => rs.map((r) => r.auditedAtMs);

const offload = (s: EventStores, profile: Profile) =>
  offloadAuditArchiveTiered({ worldId: W, nodeId: A, offloadedAtMs: 1000, policy: POLICY, hotStore: s.hotStore, coldStore: s.coldStore, profile, tiering: s.tiering });

async function crashOffloadAt(profile: Profile, step: number, torn: number) {
  const fs = createMemoryFs();
  const before = createEventStores({ fs, root: '/n1', profile });
  await before.hotStore.replace(W, A, HOT0);
  await before.coldStore.replace(W, A, COLD0);
  fs.crashAfter(step, torn);
  await offload(before, profile).catch(() => undefined);
  const after = createEventStores({ fs: fs.restart(), root: '/n1', profile });
  return { crashed: fs.crashed(), after };
}

const aggregate = (s: EventStores, profile: Profile) =>
  queryAuditArchiveAggregated({
    worldId: W,
    nodeIds: [A],
    policy: { includeHot: true, includeCold: true, maxRecords: 100, minAuditedAtMs: null, levels: [] },
    hotStore: s.hotStore,
    coldStore: s.coldStore,
    profile,
    tiering: s.tiering,
  });

describe('offload across a crash at any write', () => {
  it('hardened: after recovery every record is in exactly one tier, and reads never show one twice', async () => {
    let crashes = 0;
    for (let step = 1; step <= 40; step += 1) {
      for (const torn of [0, 0.5]) {
        const { crashed, after } = await crashOffloadAt('hardened', step, torn);
        if (crashed) crashes += 1;
        const seen = (await aggregate(after, 'hardened')).records.map((r) => r.audit.auditedAtMs).sort((x, y) => x - y);
        expect(seen).toEqual([50, 100, 200, 300, 900, 950]);
        await offload(after, 'hardened');
        expect(times(await after.hotStore.list(W, A))).toEqual([900, 950]);
        expect(times(await after.coldStore.list(W, A))).toEqual([50, 100, 200, 300]);
      }
    }
    expect(crashes).toBeGreaterThan(10);
  });

  it('original: some crash point leaves records in both tiers (W-F1) and some loses or poisons cold (W-F2)', async () => {
    let duplicated = false;
    let lostOrUnreadable = false;
    for (let step = 1; step <= 40; step += 1) {
      for (const torn of [0, 0.5]) {
        const { after } = await crashOffloadAt('original', step, torn);
        try {
          const seen = (await aggregate(after, 'original')).records.map((r) => r.audit.auditedAtMs);
          if (seen.length > 6) duplicated = true;
          if (!seen.includes(50) || seen.length < 6) lostOrUnreadable = true;
        } catch {
          lostOrUnreadable = true;
        }
      }
    }
    expect([duplicated, lostOrUnreadable]).toEqual([true, true]);
  });
});

describe('cross-node pulls with an unreachable node', () => {
  async function twoNodes() {
    const net = createTestNetwork();
    const busA = new InMemoryDrillAlertEventBus('hardened');
    const busB = new InMemoryDrillAlertEventBus('hardened');
    net.serve(A, serveDrillAlertEventBus(busA));
    net.serve(B, serveDrillAlertEventBus(busB));
    await busA.publish(W, A, ev(W, A, 1000, 'emitted'));
    await busB.publish(W, B, ev(W, B, 900, 'emitted'));
    const reader = createRemoteEventReader({ transport: net.transportFor(A), local: busA });
    return { net, busA, busB, reader };
  }
  const q = { worldId: W, nodeIds: [A, B], outcomes: [], maxRecords: 10 };

  it('reads the other node over the network', async () => {
    const { reader } = await twoNodes();
    const r = await queryDrillAlertEventsSinceWithWatermark({ ...q, sinceEventAtMs: 0 }, reader);
    expect(r.events.map((e) => e.eventAtMs)).toEqual([900, 1000]);
  });

  it('original: the whole pull fails', async () => {
    const { net, reader } = await twoNodes();
    net.down.add(B);
    await expect(queryDrillAlertEventsSinceWithWatermark({ ...q, sinceEventAtMs: 0 }, reader)).rejects.toBeInstanceOf(TransportError);
  });

  it('hardened: partial events, the unreachable node named, watermark and cursor held', async () => {
    const { net, reader } = await twoNodes();
    net.down.add(B);
    const wm = await queryDrillAlertEventsSinceWithWatermark({ ...q, sinceEventAtMs: 0, profile: 'hardened' }, reader);
    expect([wm.events.map((e) => e.eventAtMs), wm.unreachable, wm.nextSinceEventAtMs]).toEqual([[1000], [B], 0]);
    const cursor = { sinceEventAtMs: 0, sinceNodeId: null, sinceNodeEventOffset: 0 };
    const sc = await queryDrillAlertEventsSinceSequenceCursor({ ...q, cursor, profile: 'hardened' }, reader);
    expect([sc.unreachable, sc.next]).toEqual([[B], cursor]);
  });

  it('hardened consumer: the reachable node advances, the unreachable one is delivered after it heals', async () => {
    const { net, reader } = await twoNodes();
    const store = new InMemoryNodeSequenceCursorStore();
    const c = recordingConsumer();
    const pull = () => consumeDrillAlertEvents({ ...q, consumerId: 'c' }, { reader, store, deliver: c.deliver });
    net.down.add(B);
    const partial = await pull();
    expect([ids(partial.deliveries), partial.unreachable, [...partial.state.positions]]).toEqual([[`${A}#0@1000`], [B], [[A, 1]]]);
    net.down.delete(B);
    await pull();
    expect(ids(c.seen)).toEqual([`${A}#0@1000`, `${B}#0@900`]);
  });
});

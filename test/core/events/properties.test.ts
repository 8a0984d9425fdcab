// Property tests of part C (bounded runs, seeded by fast-check): the hardened consumer sees every
// event exactly once under any interleaving of appends and pulls, its cursor never decreases, an
// empty pull returns the input cursor, and hot ∪ cold is what was archived minus what retention
// removed, with no record in both tiers, across crashes during the offload.
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { createStoreFiles } from '../../../core/common/storeFiles';
import { pruneGovernanceAuditArchive } from '../../../core/governance/retention/pruneArchive';
import type { GovernanceAuditRecord } from '../../../core/governance/archive/governanceAudit';
import { createEventStores } from '../../../core/events/createEventStores';
import { DRILL_ALERT_EVENT_OUTCOMES, type DrillAlertEvent } from '../../../core/events/bus/drillAlertEvent';
import { InMemoryDrillAlertEventBus, type DrillAlertEventBus } from '../../../core/events/bus/eventBus';
import { FileDrillAlertEventBus } from '../../../core/events/bus/fileEventBus';
import { compareSequenceCursor } from '../../../core/events/cursors/sequenceCursorState';
import { nodesMovingBackwards, type SequencedDelivery } from '../../../core/events/hardened/nodeSequenceCursor';
import {
  createFileNodeSequenceCursorStore,
  InMemoryNodeSequenceCursorStore,
  type NodeSequenceCursorStore,
} from '../../../core/events/hardened/nodeSequenceCursorStore';
import { consumeDrillAlertEvents, createIdempotentConsumer } from '../../../core/events/hardened/sequencedConsumer';
import { selectEventsSinceNodeCursor } from '../../../core/events/query/nodeCursor';
import { selectEventsSinceSequenceCursor } from '../../../core/events/query/sequenceCursor';
import { nextWatermark, selectEventsSince } from '../../../core/events/query/watermark';
import { queryAuditArchiveAggregated } from '../../../core/events/tiering/aggregateQuery';
import { offloadAuditArchiveTiered } from '../../../core/events/tiering/offloadTiered';
import { createMemoryFs } from './support/memoryFs';

const W = 'w1';
const NODES = ['node-a', 'node-b', 'node-c'];
const arbOutcome = fc.constantFrom(...DRILL_ALERT_EVENT_OUTCOMES);

type Op =
  | { kind: 'append'; node: number; dtMs: number; outcome: (typeof DRILL_ALERT_EVENT_OUTCOMES)[number] }
  | { kind: 'pull'; maxRecords: number; crashBeforeCommit: boolean };

// dtMs may be 0 (same millisecond) or negative (a late, back-dated or skewed event).
const arbOp: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('append' as const), node: fc.integer({ min: 0, max: 2 }), dtMs: fc.integer({ min: -30, max: 20 }), outcome: arbOutcome }),
  fc.record({ kind: fc.constant('pull' as const), maxRecords: fc.integer({ min: 1, max: 4 }), crashBeforeCommit: fc.boolean() }),
);

async function runConsumer(ops: readonly Op[], bus: DrillAlertEventBus, store: NodeSequenceCursorStore) {
  const dedup = createIdempotentConsumer();
  const seen: SequencedDelivery[] = [];
  const published: string[] = [];
  let clock = 1000;
  let last = new Map<string, number>();
  const pull = async (maxRecords: number, crash: boolean) => {
    const deliver = async (batch: readonly SequencedDelivery[]) => {
      seen.push(...dedup.accept(batch));
      if (crash) throw new Error('crash after processing, before the commit');
    };
    const r = await consumeDrillAlertEvents({ worldId: W, consumerId: 'c', nodeIds: NODES, outcomes: [], maxRecords }, { reader: bus, store, deliver }).catch(
      () => null,
    );
    const now = (await store.load(W, 'c'))?.positions ?? new Map<string, number>();
    expect(nodesMovingBackwards(last, now)).toEqual([]);
    last = new Map(now);
    return r;
  };
  for (const op of ops) {
    if (op.kind === 'append') {
      clock += op.dtMs;
      const node = NODES[op.node];
      const event: DrillAlertEvent = { worldId: W, nodeId: node, eventAtMs: clock, outcome: op.outcome, reasons: [], severity: null };
      await bus.publish(W, node, event);
      published.push(`${node}#${published.filter((p) => p.startsWith(`${node}#`)).length}`);
    } else {
      await pull(op.maxRecords, op.crashBeforeCommit);
    }
  }
  for (let i = 0; i < 200 && (await pull(3, false))?.deliveries.length; i += 1);
  return { seen: seen.map((d) => `${d.nodeId}#${d.seq}`), published };
}

describe('hardened consumer properties', () => {
  test.prop([fc.array(arbOp, { maxLength: 40 })], { numRuns: 150 })(
    'sees every event exactly once and never moves its cursor back (memory bus)',
    async (ops) => {
      const { seen, published } = await runConsumer(ops, new InMemoryDrillAlertEventBus('hardened'), new InMemoryNodeSequenceCursorStore());
      expect(new Set(seen).size).toBe(seen.length);
      expect([...seen].sort()).toEqual([...published].sort());
    },
  );

  test.prop([fc.array(arbOp, { maxLength: 25 })], { numRuns: 40 })(
    'sees every event exactly once and never moves its cursor back (file bus and journal on the fake fs)',
    async (ops) => {
      const fs = createMemoryFs();
      const bus = new FileDrillAlertEventBus(createStoreFiles(fs, 'hardened'), '/e');
      const { seen, published } = await runConsumer(ops, bus, createFileNodeSequenceCursorStore(fs, '/c'));
      expect(new Set(seen).size).toBe(seen.length);
      expect([...seen].sort()).toEqual([...published].sort());
    },
  );
});

const arbEvent = fc.record({
  worldId: fc.constant(W),
  nodeId: fc.constantFrom(...NODES),
  eventAtMs: fc.integer({ min: 990, max: 1010 }),
  outcome: arbOutcome,
  reasons: fc.constant([] as string[]),
  severity: fc.constant(null),
});
const arbNode = fc.option(fc.constantFrom(...NODES, 'node-0', 'node-z'), { nil: null });

describe('spec cursor properties', () => {
  test.prop([fc.array(arbEvent, { maxLength: 20 }), fc.integer({ min: 985, max: 1015 }), arbNode, fc.nat({ max: 8 }), fc.integer({ min: 1, max: 6 })], { numRuns: 200 })(
    'an empty pull returns the input cursor unchanged; a non-empty one never goes back',
    (events, t, node, off, max) => {
      const seq = { sinceEventAtMs: t, sinceNodeId: node, sinceNodeEventOffset: off };
      const s = selectEventsSinceSequenceCursor(events, seq, max);
      if (s.rows.length === 0) expect(s.next).toEqual(seq);
      else expect(compareSequenceCursor(s.next, seq)).toBeGreaterThanOrEqual(0);
      const n = selectEventsSinceNodeCursor(events, { sinceEventAtMs: t, sinceNodeId: node }, max);
      if (n.events.length === 0) expect(n.next).toEqual({ sinceEventAtMs: t, sinceNodeId: node });
      const w = selectEventsSince(events, t, max);
      const next = nextWatermark(w, t);
      expect(w.length === 0 ? next === t : next >= t).toBe(true);
    },
  );
});

type TierOp = { kind: 'append'; dtMs: number } | { kind: 'offload'; crashAt: number; torn: number } | { kind: 'prune'; maxRecords: number };
const arbTierOp: fc.Arbitrary<TierOp> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('append' as const), dtMs: fc.integer({ min: -40, max: 60 }) }), weight: 4 },
  {
    arbitrary: fc.record({ kind: fc.constant('offload' as const), crashAt: fc.integer({ min: 0, max: 12 }), torn: fc.constantFrom(0, 0.5) }),
    weight: 2,
  },
  { arbitrary: fc.record({ kind: fc.constant('prune' as const), maxRecords: fc.integer({ min: 1, max: 6 }) }), weight: 1 },
);

const idOf = (r: GovernanceAuditRecord) => r.rollbackStreak; // unique per appended record

describe('tiering properties', () => {
  test.prop([fc.array(arbTierOp, { maxLength: 25 }), fc.record({ hot: fc.integer({ min: 1, max: 4 }), age: fc.integer({ min: 1, max: 80 }), max: fc.integer({ min: 1, max: 3 }) })], {
    numRuns: 60,
  })('hardened: hot ∪ cold = archived − retention-removed, with no record in both, across offload crashes', async (ops, p) => {
    let fs = createMemoryFs();
    let stores = createEventStores({ fs, root: '/n', profile: 'hardened' });
    const expected = new Set<number>();
    let clock = 1000;
    let next = 0;
    const read = async () => {
      const r = await queryAuditArchiveAggregated({
        worldId: W,
        nodeIds: ['node-a'],
        policy: { includeHot: true, includeCold: true, maxRecords: 1000, minAuditedAtMs: null, levels: [] },
        hotStore: stores.hotStore,
        coldStore: stores.coldStore,
        profile: 'hardened',
        tiering: stores.tiering,
      });
      return { hot: r.records.filter((x) => x.tier === 'hot').map((x) => idOf(x.audit)), cold: r.records.filter((x) => x.tier === 'cold').map((x) => idOf(x.audit)) };
    };
    for (const op of ops) {
      clock += op.kind === 'append' ? op.dtMs : 10;
      if (op.kind === 'append') {
        const record = { worldId: W, nodeId: 'node-a', auditedAtMs: clock, governanceLevel: 'normal' as const, rollbackStreak: next, rolledBack: false, appliedPolicy: { maxReplayPerRun: 1, maxRetryLimitExceededStreak: 1 }, alertEmitted: false };
        await stores.hotStore.append(W, 'node-a', record);
        expected.add(next);
        next += 1;
      } else if (op.kind === 'prune') {
        const before = (await read()).hot;
        await pruneGovernanceAuditArchive({ worldId: W, nodeId: 'node-a', prunedAtMs: clock, retentionPolicy: { maxRecords: op.maxRecords, maxAgeMs: 1_000_000 }, retentionStore: stores.hotStore, profile: 'hardened' });
        const after = new Set((await read()).hot);
        for (const id of before) if (!after.has(id)) expected.delete(id);
      } else {
        if (op.crashAt > 0) fs.crashAfter(op.crashAt, op.torn);
        await offloadAuditArchiveTiered({ worldId: W, nodeId: 'node-a', offloadedAtMs: clock, policy: { hotMaxRecords: p.hot, offloadMinAgeMs: p.age, maxOffloadRecords: p.max }, hotStore: stores.hotStore, coldStore: stores.coldStore, profile: 'hardened', tiering: stores.tiering }).catch(() => undefined);
        if (fs.crashed() || op.crashAt > 0) {
          fs = fs.restart();
          stores = createEventStores({ fs, root: '/n', profile: 'hardened' });
        }
      }
      const { hot, cold } = await read();
      expect(hot.filter((id) => cold.includes(id))).toEqual([]);
      expect([...hot, ...cold].sort((a, b) => a - b)).toEqual([...expected].sort((a, b) => a - b));
    }
  });
});

// Consumers whose caller keeps the cursor (spec P3.37/38 watermark, P3.39 node cursor, P3.40
// sequence cursor). The caller commits its cursor with its output in one sink transaction, so a
// crash never makes it lose or repeat a batch by itself: what it misses, it misses because of the
// query's semantics (same-millisecond truncation, late or skewed events behind the cursor).
import type { DrillAlertEvent } from '../../../core/events/bus/drillAlertEvent';
import { queryDrillAlertEventsSinceCursor } from '../../../core/events/query/nodeCursor';
import { queryDrillAlertEventsSinceSequenceCursor } from '../../../core/events/query/sequenceCursor';
import { queryDrillAlertEventsSinceWithWatermark } from '../../../core/events/query/watermark';
import type { ConsumerSpec, CursorValue } from '../../checkers/events-ledger';
import { eventIdOf } from '../eventIds';
import { PROCESS_MS, PUBLISHERS, WORLD } from '../topology';
import { errorText, recordPull, type ConsumerEnv, type Puller } from './env';

interface Page {
  readonly events: readonly DrillAlertEvent[];
  readonly next: CursorValue;
  readonly unreachable: readonly string[];
}

interface CallerMethod {
  readonly initial: CursorValue;
  pull(cursor: CursorValue): Promise<Page>;
}

function methodOf(env: ConsumerEnv, spec: ConsumerSpec): CallerMethod {
  const base = { worldId: WORLD, nodeIds: PUBLISHERS, outcomes: spec.outcomes, maxRecords: spec.maxRecords, profile: env.state.profile };
  const node = (c: CursorValue) => (c.kind === 'node' || c.kind === 'sequence' ? c.node : null);
  const t = (c: CursorValue) => (c.kind === 'positions' ? 0 : c.t);
  switch (spec.method) {
    case 'watermark':
      return {
        initial: { kind: 'watermark', t: 0 },
        pull: async (c) => {
          const r = await queryDrillAlertEventsSinceWithWatermark({ ...base, sinceEventAtMs: t(c) }, env.reader);
          return { events: r.events, next: { kind: 'watermark', t: r.nextSinceEventAtMs }, unreachable: r.unreachable };
        },
      };
    case 'node-cursor':
      return {
        initial: { kind: 'node', t: 0, node: null },
        pull: async (c) => {
          const r = await queryDrillAlertEventsSinceCursor({ ...base, cursor: { sinceEventAtMs: t(c), sinceNodeId: node(c) } }, env.reader);
          return { events: r.events, next: { kind: 'node', t: r.next.sinceEventAtMs, node: r.next.sinceNodeId }, unreachable: r.unreachable };
        },
      };
    default: {
      const offset = (c: CursorValue) => (c.kind === 'sequence' ? c.offset : 0);
      return {
        initial: { kind: 'sequence', t: 0, node: null, offset: 0 },
        pull: async (c) => {
          const cursor = { sinceEventAtMs: t(c), sinceNodeId: node(c), sinceNodeEventOffset: offset(c) };
          const r = await queryDrillAlertEventsSinceSequenceCursor({ ...base, cursor }, env.reader);
          const next: CursorValue = { kind: 'sequence', t: r.next.sinceEventAtMs, node: r.next.sinceNodeId, offset: r.next.sinceNodeEventOffset };
          return { events: r.events, next, unreachable: r.unreachable };
        },
      };
    }
  }
}

const sameCursor = (a: CursorValue, b: CursorValue): boolean => JSON.stringify(a) === JSON.stringify(b);

/** Boots from the cursor committed with the output (or the initial one). */
export function callerKeptPuller(env: ConsumerEnv, spec: ConsumerSpec): Puller {
  const method = methodOf(env, spec);
  const committed = env.sink.cursorOf(spec.id);
  let cursor: CursorValue = committed !== null && committed.kind === method.initial.kind ? committed : method.initial;
  return {
    async once() {
      const startStep = env.sim.steps;
      let page: Page;
      try {
        page = await method.pull(cursor);
      } catch (e) {
        recordPull(env, spec, startStep, { from: cursor, next: null, handed: [], unreachable: [], error: errorText(e) });
        return 0;
      }
      const ids = page.events.map(eventIdOf);
      recordPull(env, spec, startStep, { from: cursor, next: page.next, handed: ids, unreachable: [...page.unreachable], error: null });
      if (ids.length === 0 && sameCursor(page.next, cursor)) return 0;
      await env.ctx.sleep(PROCESS_MS);
      env.sink.apply(spec.id, env.ctx.incarnation, ids.map((id) => ({ id, key: null })), page.next);
      cursor = page.next;
      return ids.length;
    },
  };
}

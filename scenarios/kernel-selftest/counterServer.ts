// The storage node's program: a durable counter served over RPC. Each increment is persisted
// (through the profile's StoreFiles) before it is acknowledged, and (client, seq) pairs are
// deduplicated, so retries and duplicated requests count once.
import { createStoreFiles, type StoreFiles } from '../../core/common/storeFiles';
import type { Profile } from '../../core/ports';
import { serveObject, type NodeContext } from '../../sim/index';
import type { SelftestState } from './state';

export const COUNTER_PATH = '/data/counter.json';

export interface CounterDoc {
  readonly value: number;
  readonly applied: Readonly<Record<string, number>>;
  readonly lastClockMs: Readonly<Record<string, number>>;
}

export interface IncrementReply {
  readonly value: number;
  readonly duplicate: boolean;
}

const EMPTY: CounterDoc = { value: 0, applied: {}, lastClockMs: {} };

export class CounterService {
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    private doc: CounterDoc,
    private readonly files: StoreFiles,
    private readonly ctx: NodeContext,
  ) {}

  /** Applies `seq` for `client` once, persisting before replying. */
  increment(client: string, seq: number, clientClockMs: number): Promise<IncrementReply> {
    return this.serialised(async () => {
      if ((this.doc.applied[client] ?? 0) >= seq) return { value: this.doc.value, duplicate: true };
      const next: CounterDoc = {
        value: this.doc.value + 1,
        applied: { ...this.doc.applied, [client]: seq },
        lastClockMs: { ...this.doc.lastClockMs, [client]: clientClockMs },
      };
      await this.files.writeDocument(COUNTER_PATH, JSON.stringify(next));
      this.doc = next;
      this.ctx.record('decision', { op: 'apply', client, seq, value: next.value, skewMs: clientClockMs - this.ctx.clock.nowMs() });
      return { value: next.value, duplicate: false };
    });
  }

  /** One increment at a time: two concurrent documents would race on the same temp file. */
  private serialised<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.tail.then(fn);
    this.tail = run.catch(() => undefined);
    return run;
  }
}

async function load(files: StoreFiles, ctx: NodeContext): Promise<{ doc: CounterDoc; corrupt: boolean }> {
  for (;;) {
    try {
      const text = await files.readText(COUNTER_PATH);
      if (text === null || text.length === 0) return { doc: EMPTY, corrupt: false };
      try {
        return { doc: JSON.parse(text) as CounterDoc, corrupt: false };
      } catch {
        return { doc: EMPTY, corrupt: true };
      }
    } catch {
      await ctx.sleep(10); // an injected EIO: try again
    }
  }
}

export function counterServer(state: SelftestState, profile: Profile) {
  return async (ctx: NodeContext): Promise<void> => {
    const files = createStoreFiles(ctx.fs, profile);
    const { doc, corrupt } = await load(files, ctx);
    if (ctx.incarnation > 1) {
      state.serverRecoveries.push({ incarnation: ctx.incarnation, value: doc.value, corrupt, maxAckedBefore: state.maxAcked });
    }
    ctx.record('decision', { op: 'recovered', value: doc.value, corrupt });
    serveObject(ctx, 'counter', new CounterService(doc, files, ctx));
  };
}

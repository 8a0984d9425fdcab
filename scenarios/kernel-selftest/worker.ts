// A worker node's program: increments the remote counter `opsPerWorker` times, retrying the same
// sequence number until it is acknowledged, and journals every ack in a local JSONL file. After a
// restart it resumes from its journal, so only what the journal kept is known to have happened.
import { createStoreFiles, type StoreFiles } from '../../core/common/storeFiles';
import type { Profile } from '../../core/ports';
import { remoteObject, type NodeContext, type Rng } from '../../sim/index';
import type { CounterService } from './counterServer';
import type { SelftestState } from './state';

export const JOURNAL_PATH = '/data/acks.jsonl';

interface JournalLine {
  readonly seq: number;
  readonly value: number;
  readonly clockMs: number;
}

async function recoverJournal(files: StoreFiles, ctx: NodeContext): Promise<{ lines: JournalLine[]; corrupt: number }> {
  for (;;) {
    try {
      const raw = await files.readLines(JOURNAL_PATH);
      const lines: JournalLine[] = [];
      let corrupt = 0;
      for (const l of raw) {
        try {
          lines.push(JSON.parse(l) as JournalLine);
        } catch {
          corrupt++;
        }
      }
      return { lines, corrupt };
    } catch {
      await ctx.sleep(10); // an injected EIO: try again
    }
  }
}

export function worker(state: SelftestState, profile: Profile, server: string, rng: Rng) {
  return async (ctx: NodeContext): Promise<void> => {
    const id = ctx.id;
    const files = createStoreFiles(ctx.fs, profile);
    const { lines, corrupt } = await recoverJournal(files, ctx);
    if (ctx.incarnation > 1) {
      state.journalRecoveries.push({ worker: id, incarnation: ctx.incarnation, lines: lines.length, corruptLines: corrupt, confirmedBefore: state.confirmed[id] });
    }
    state.confirmed[id] = lines.length;
    const counter = remoteObject<CounterService>(ctx.transport, server, 'counter');
    let seq = lines.reduce((m, l) => Math.max(m, l.seq), 0);
    let acked = lines.length;
    while (acked < state.opsPerWorker) {
      await ctx.sleep(rng.between(5, 40));
      const clockMs = ctx.clock.nowMs();
      try {
        const reply = await counter.increment(id, seq + 1, clockMs);
        state.maxAcked = Math.max(state.maxAcked, reply.value);
        ctx.record('decision', { op: 'ack', seq: seq + 1, value: reply.value, duplicate: reply.duplicate });
        await files.appendLine(JOURNAL_PATH, JSON.stringify({ seq: seq + 1, value: reply.value, clockMs }));
        state.confirmed[id] += 1;
        seq += 1;
        acked += 1;
      } catch (e) {
        ctx.record('decision', { op: 'retry', seq: seq + 1, error: e instanceof Error ? e.message : String(e) });
      }
    }
    state.finished[id] = true;
    ctx.record('decision', { op: 'finished', acked });
  };
}

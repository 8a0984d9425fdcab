// The two steps an archive worker (archive-tiering's, and full-stack's at its own pace) builds its
// schedules from: resume the append quota from the local journal, and run one operation so that
// a failure is counted and recorded instead of stopping the workload.
import type { StoreFiles } from '../../core/index';
import type { NodeContext } from '../../sim/index';
import { JOURNAL_PATH } from './config';
import type { OpCounts } from './state';

/** Appends acknowledged before (from the journal; unreadable lines are skipped), retrying an EIO every `retryMs`. */
export async function journaledAppends(files: StoreFiles, ctx: NodeContext, retryMs: number): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    try {
      let n = 0;
      for (const line of await files.readLines(JOURNAL_PATH)) {
        try {
          if ((JSON.parse(line) as { op?: string }).op === 'append') n += 1;
        } catch {
          // a torn line: that append is simply done again
        }
      }
      return n;
    } catch {
      await ctx.sleep(retryMs); // an injected EIO
    }
  }
  return 0;
}

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** Runs `fn`, counting its outcome; a failure is recorded as a `<what>-failed` decision. */
export async function attempt(ctx: NodeContext, counts: OpCounts, what: string, fn: () => Promise<unknown>): Promise<boolean> {
  try {
    await fn();
    counts.ok += 1;
    return true;
  } catch (e) {
    counts.failed += 1;
    ctx.record('decision', { op: `${what}-failed`, error: errorText(e) });
    return false;
  }
}

// full-stack's governance audit archive, from archive-tiering's parts at full-stack's pace: the
// store host also serves the archive's hot and cold tiers (archive-tiering's storage program), and
// every worker appends uniquely numbered audit records, prunes (retention) and offloads to the cold
// tier (archive-tiering's operations) minutes apart until the workload ends, then settles with an
// aggregate read once the faults have healed. Acknowledged appends are journaled on the worker's
// disk, so a restarted worker resumes its quota (and crash-at-write can hit workers).
import { createStoreFiles } from '../../core/index';
import type { Profile } from '../../core/ports';
import { remoteObject, type NodeContext, type NodeProgram, type Rng, type Sim } from '../../sim/index';
import { hotUidsNow } from '../checkers/archive-view';
import { JOURNAL_PATH, STORAGE } from '../archive-tiering/config';
import { archiveOps } from '../archive-tiering/operations';
import { auditRecord, recordUid } from '../archive-tiering/records';
import type { ArchiveTieringState } from '../archive-tiering/state';
import { ARCHIVE_SERVICE, storageProgram, type ArchiveService } from '../archive-tiering/storage';
import { attempt, journaledAppends } from '../archive-tiering/workerSteps';
import { END_MS, FULL_STACK_HEAL_AT_MS, MINUTE, SECOND, WORKLOAD_UNTIL_MS } from './pace';

/** Appends per worker over the run. */
export const ARCHIVE_APPENDS_PER_WORKER = 12;

/** The archive's tiers on the store host (started by the pipeline world's `nodeBoot`). */
export function archiveStorageProgram(state: ArchiveTieringState, profile: Profile, sim: Sim): NodeProgram {
  return storageProgram(state, profile, { step: () => sim.steps, hotUids: () => hotUidsNow(sim, state.archive) });
}

/** A worker's archive schedules (append, prune, offload), then its settling read after the heal. */
export function archiveWorkerProgram(state: ArchiveTieringState, profile: Profile, sim: Sim, rng: Rng): NodeProgram {
  return async (ctx: NodeContext): Promise<void> => {
    const files = createStoreFiles(ctx.fs, profile);
    const r = rng.fork(`incarnation-${ctx.incarnation}`);
    const archive = remoteObject<ArchiveService>(ctx.transport, STORAGE, ARCHIVE_SERVICE);
    const ops = archiveOps(profile, ctx, archive, state.archive, () => sim.steps);
    const running = () => sim.nowMs < WORKLOAD_UNTIL_MS;
    let appends = await journaledAppends(files, ctx, SECOND);
    let seq = 0;
    let loops = 3;
    const settle = async (): Promise<void> => {
      if (sim.nowMs < FULL_STACK_HEAL_AT_MS) await ctx.sleep(FULL_STACK_HEAL_AT_MS - sim.nowMs + r.between(0, MINUTE));
      while (sim.nowMs < END_MS && !(await attempt(ctx, state.counts.read, 'read', () => ops.read()))) await ctx.sleep(10 * SECOND);
      state.finished[ctx.id] = true;
    };
    const loop = (name: string, gap: readonly [number, number], body: () => Promise<boolean>): void =>
      ctx.spawn(name, async () => {
        await ctx.sleep(r.between(0, gap[1]));
        while (running() && (await body())) await ctx.sleep(r.between(...gap));
        if (--loops === 0) await settle();
      });
    loop('archive-append', [MINUTE, 3 * MINUTE], async () => {
      if (appends >= ARCHIVE_APPENDS_PER_WORKER) return false;
      const uid = recordUid(ctx.id, ctx.incarnation, ++seq);
      if (await attempt(ctx, state.counts.append, 'append', () => ops.append(auditRecord(uid, ctx.clock.nowMs())))) {
        appends += 1;
        await attempt(ctx, { ok: 0, failed: 0 }, 'journal', () => files.appendLine(JOURNAL_PATH, JSON.stringify({ op: 'append', uid })));
      }
      return true;
    });
    loop('archive-prune', [2 * MINUTE, 5 * MINUTE], async () => (await attempt(ctx, state.counts.prune, 'prune', () => ops.prune(ctx.clock.nowMs())), true));
    loop('archive-offload', [3 * MINUTE, 6 * MINUTE], async () => (await attempt(ctx, state.counts.offload, 'offload', () => ops.offload(ctx.clock.nowMs())), true));
  };
}

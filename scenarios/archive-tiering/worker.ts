// A worker node: three schedules running at once — append uniquely numbered governance audit
// records (timestamped by the worker's own, possibly skewed, clock), prune the archive, offload
// it to the cold tier — then one aggregate read. Acknowledged appends are journaled locally, so a
// restarted worker resumes its quota (and crash-at-write can hit workers too). Every failure is
// caught and counted: the workload goes on whatever the faults do.
import { createStoreFiles } from '../../core/index';
import type { Profile } from '../../core/ports';
import { remoteObject, type NodeContext, type Rng } from '../../sim/index';
import { JOURNAL_PATH, PACE, STORAGE } from './config';
import { archiveOps, type ArchiveOps } from './operations';
import { auditRecord, recordUid } from './records';
import type { ArchiveTieringState } from './state';
import { ARCHIVE_SERVICE, type ArchiveService } from './storage';
import { attempt, journaledAppends } from './workerSteps';

export interface WorkerDeps {
  readonly state: ArchiveTieringState;
  readonly profile: Profile;
  readonly rng: Rng;
  /** Global virtual time, for the schedules' end (the workload driver's clock, not the node's). */
  readonly globalNowMs: () => number;
  readonly step: () => number;
}

export function workerProgram(deps: WorkerDeps) {
  return async (ctx: NodeContext): Promise<void> => {
    const { state } = deps;
    const files = createStoreFiles(ctx.fs, deps.profile);
    const rng = deps.rng.fork(`incarnation-${ctx.incarnation}`);
    const archive = remoteObject<ArchiveService>(ctx.transport, STORAGE, ARCHIVE_SERVICE);
    const ops: ArchiveOps = archiveOps(deps.profile, ctx, archive, state.archive, deps.step);
    const running = () => deps.globalNowMs() < PACE.maintenanceEndMs;
    let appends = await journaledAppends(files, ctx, 10);
    let seq = 0;
    let loops = 3;

    const settle = async (): Promise<void> => {
      for (let i = 0; i < 40 && !(await attempt(ctx, state.counts.read, 'read', () => ops.read())); i++) await ctx.sleep(50);
      state.finished[ctx.id] = true;
      ctx.record('decision', { op: 'finished', appends });
    };
    const loop = (name: string, body: () => Promise<void>): void =>
      ctx.spawn(name, async () => {
        await body();
        if (--loops === 0) await settle();
      });

    loop('append', async () => {
      while (appends < PACE.appendsPerWorker && running()) {
        await ctx.sleep(rng.between(...PACE.appendGapMs));
        const uid = recordUid(ctx.id, ctx.incarnation, ++seq);
        if (!(await attempt(ctx, state.counts.append, 'append', () => ops.append(auditRecord(uid, ctx.clock.nowMs()))))) continue;
        appends += 1;
        await attempt(ctx, { ok: 0, failed: 0 }, 'journal', () => files.appendLine(JOURNAL_PATH, JSON.stringify({ op: 'append', uid })));
      }
    });
    loop('prune', async () => {
      while (running()) {
        await ctx.sleep(rng.between(...PACE.pruneGapMs));
        await attempt(ctx, state.counts.prune, 'prune', () => ops.prune(ctx.clock.nowMs()));
      }
    });
    loop('offload', async () => {
      while (running()) {
        await ctx.sleep(rng.between(...PACE.offloadGapMs));
        await attempt(ctx, state.counts.offload, 'offload', () => ops.offload(ctx.clock.nowMs()));
      }
    });
  };
}

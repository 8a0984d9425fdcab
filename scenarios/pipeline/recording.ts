// The worker-side recorder: wraps one worker incarnation's store view so the ledger learns what
// the worker saw and did — lease holds (acquire returned true … release returned), the reads a
// replay run or a policy decision was based on, and each replay move with its selection — without
// changing a single call the core makes.
import { normalizeKey, normalizeWorldId } from '../../core/common/ids';
import type {
  DeadLetterRecord,
  DeadLetterStore,
  DeliveryMetricsLine,
  PipelineWriter,
  RecoveryStore,
  ReplayPolicy,
  ReplayScheduleState,
  ReplayStateStore,
  ScheduleCoordinator,
  WorkerReplayStores,
} from '../../core/exports-replay';
import type { NodeContext } from '../../sim/index';
import { alertIdOf } from './alertIds';
import { metricsExportKey } from './metricsKey';
import type { LeaseHold, ReplayBatch } from './ledger';
import type { ReplayEntry } from './options';
import type { PipelineRuntime } from './runtime';

/** What one replay run read from its target's stores, in call order. */
export interface RunReads {
  readonly states: ReplayScheduleState[];
  readonly lists: DeadLetterRecord[][];
  readonly pendingCounts: number[];
  readonly metrics: DeliveryMetricsLine[][];
}

/** The replay run a worker is in (set by the worker loop around each entry call). */
export interface RunContext {
  readonly entry: ReplayEntry;
  readonly target: string;
  /** The policy of the run, or null until a guarded/adaptive entry returns it. */
  policy: ReplayPolicy | null;
  readonly reads: RunReads;
  readonly batches: ReplayBatch[];
}

export function newRunContext(entry: ReplayEntry, target: string, policy: ReplayPolicy | null): RunContext {
  return { entry, target, policy, reads: { states: [], lists: [], pendingCounts: [], metrics: [] }, batches: [] };
}

const UNKNOWN_POLICY: ReplayPolicy = { maxReplayPerRun: 0, maxRetryLimitExceededStreak: 0 };

export class WorkerRecorder {
  /** The replay run in progress, or null (reconcile runs and idle time). */
  run: RunContext | null = null;
  private readonly holds = new Map<string, LeaseHold>();
  readonly stores: WorkerReplayStores;

  constructor(
    private readonly ctx: NodeContext,
    private readonly runtime: PipelineRuntime,
    base: WorkerReplayStores,
  ) {
    this.stores = {
      recoveryStore: this.wrapRecovery(base.recoveryStore),
      deadLetterStore: this.wrapDeadLetters(base.deadLetterStore),
      stateStore: this.wrapState(base.stateStore),
      coordinator: this.wrapCoordinator(base.coordinator),
      writer: this.wrapWriter(base.writer),
    };
  }

  /** The run's reads if `worldId/nodeId` is the run's target. */
  private readsFor(worldId: string, nodeId: string): RunReads | null {
    const run = this.run;
    if (run === null) return null;
    const key = normalizeKey(worldId, nodeId);
    return key.worldId === normalizeWorldId(this.runtime.options.worldId) && key.nodeId === run.target ? run.reads : null;
  }

  private wrapRecovery(inner: RecoveryStore): RecoveryStore {
    return {
      loadPending: async (w, n) => {
        const pending = await inner.loadPending(w, n);
        this.readsFor(w, n)?.pendingCounts.push(pending.length);
        return pending;
      },
      savePending: (w, n, p) => inner.savePending(w, n, p),
    };
  }

  private wrapDeadLetters(inner: DeadLetterStore): DeadLetterStore {
    return {
      append: (r) => inner.append(r),
      list: async (w, n) => {
        const records = await inner.list(w, n);
        this.readsFor(w, n)?.lists.push(records);
        return records;
      },
      replace: (w, n, r) => inner.replace(w, n, r),
      appendDeliveryMetrics: (w, n, t, m) => {
        const key = normalizeKey(w, n);
        const { ctx } = this;
        this.runtime.ledger.recordMetricsExport({ worker: ctx.id, incarnation: ctx.incarnation, step: this.runtime.sim.steps, timeMs: this.runtime.sim.nowMs, worldId: key.worldId, nodeId: key.nodeId, key: metricsExportKey(t, m) });
        return inner.appendDeliveryMetrics(w, n, t, m);
      },
      listDeliveryMetrics: async (w, n) => {
        const lines = await inner.listDeliveryMetrics(w, n);
        this.readsFor(w, n)?.metrics.push(lines);
        return lines;
      },
    };
  }

  private wrapState(inner: ReplayStateStore): ReplayStateStore {
    return {
      loadState: async (w, n) => {
        const state = await inner.loadState(w, n);
        this.readsFor(w, n)?.states.push(state);
        return state;
      },
      saveState: (w, n, s) => inner.saveState(w, n, s),
    };
  }

  private wrapCoordinator(inner: ScheduleCoordinator): ScheduleCoordinator {
    const { ctx, runtime } = this;
    return {
      acquire: async (key, nodeId, nowMs, ttlMs) => {
        const ok = await inner.acquire(key, nodeId, nowMs, ttlMs);
        if (ok && ctx.alive) {
          const k = normalizeWorldId(key);
          const hold = runtime.ledger.recordHold({
            worker: ctx.id, incarnation: ctx.incarnation, key: k, startStep: runtime.sim.steps, startMs: runtime.sim.nowMs, clockMs: nowMs,
          });
          this.holds.set(k, hold);
        }
        return ok;
      },
      release: async (key, nodeId) => {
        const k = normalizeWorldId(key);
        try {
          await inner.release(key, nodeId);
        } finally {
          const hold = this.holds.get(k);
          if (hold !== undefined && ctx.alive) {
            hold.endStep = runtime.sim.steps;
            runtime.ledger.touch();
            this.holds.delete(k);
          }
        }
      },
    };
  }

  private wrapWriter(inner: PipelineWriter): PipelineWriter {
    return {
      openEmit: (key) => inner.openEmit(key),
      saveState: (key, state) => inner.saveState(key, state),
      commitMove: async (move) => {
        const batch = this.batchOf(move.key.worldId, move.key.nodeId, move.pending.map((p) => p.alert));
        try {
          await inner.commitMove(move);
          if (batch !== null) batch.outcome = 'ok';
        } catch (e) {
          if (batch !== null) batch.outcome = 'failed';
          throw e;
        } finally {
          this.runtime.ledger.touch();
        }
      },
    };
  }

  /** Records the move as a batch of the current run (selection = the queue's new tail). */
  private batchOf(worldId: string, nodeId: string, queue: readonly { drained: number; code: string }[]): ReplayBatch | null {
    const run = this.run;
    const reads = this.readsFor(worldId, nodeId);
    if (run === null || reads === null || reads.lists.length === 0) return null;
    const listed = reads.lists[reads.lists.length - 1];
    const before = reads.pendingCounts[reads.pendingCounts.length - 1] ?? 0;
    const state = run.entry === 'priority' ? null : reads.states[reads.states.length - 1];
    const batch: ReplayBatch = {
      worker: this.ctx.id,
      incarnation: this.ctx.incarnation,
      target: run.target,
      entry: run.entry,
      step: this.runtime.sim.steps,
      timeMs: this.runtime.sim.nowMs,
      listed: listed.map((r) => ({ id: alertIdOf(r.pendingAlert.alert), reason: r.reason, attempt: r.pendingAlert.attempt, droppedAtMs: r.droppedAtMs })),
      selected: queue.slice(before).map((a) => alertIdOf(a)),
      policy: run.policy ?? UNKNOWN_POLICY,
      prefer: state?.preferCapacityEvicted ?? false,
      outcome: 'pending',
    };
    run.batches.push(batch);
    this.runtime.ledger.recordBatch(batch);
    return batch;
  }
}

// The scheduler: one virtual time, a heap of (time, seq) events, and the rule that a step is
// "run one event, then let every microtask it caused run to completion". Async code only ever
// awaits promises that events resolve, so the interleaving is a pure function of the heap.
//
// Draining: a native promise continuation runs in the microtask queue, and JavaScript has no
// hook for "that queue is empty" except the next turn. `process.nextTick` callbacks queued from
// a microtask run only after V8 has drained the whole microtask queue, so awaiting one is an
// exact, deterministic barrier (it is ordering, not time; no timer or clock is involved).
import { EventHeap, SimEvent, type EventFn, type Owner } from './eventHeap';

export type StopReason = 'quiescent' | 'step-limit' | 'time-limit' | 'stopped';

export interface StepResult {
  /** False when there was nothing to run (the run is quiescent). */
  readonly ran: boolean;
  /** Number of the step that ran (1-based, as in the trace), or the step count when nothing ran. */
  readonly index: number;
  readonly timeMs: number;
  readonly node: string | null;
  readonly kind: string;
  readonly data: unknown;
}

export interface RunLimits {
  /** Stop once this many steps have run in total. Default: no limit. */
  readonly maxSteps?: number;
  /** Do not run events later than this virtual time. Default: no limit. */
  readonly untilMs?: number;
}

export interface RunResult {
  readonly steps: number;
  readonly timeMs: number;
  readonly reason: StopReason;
}

export interface SchedulerOptions {
  /** Resolves once every microtask queued by the step has run. Default: a `process.nextTick` barrier. */
  readonly drain?: () => Promise<void>;
  /** Called just before an event runs, with its 1-based step number (the trace hooks in here). */
  readonly onEvent?: (ev: SimEvent, stepIndex: number) => void;
}

const nextTickExecutor = (resolve: () => void): void => {
  process.nextTick(resolve);
};
const RESOLVED = Promise.resolve();
// `new Promise(captureResolve)` hands out the resolver without allocating a closure per sleep.
let capturedResolve: (v: void) => void = () => undefined;
const captureResolve = (resolve: (v: void) => void): void => {
  capturedResolve = resolve;
};
/** Waits until the microtask queue is empty (see the file comment). */
export const drainMicrotasks = (): Promise<void> => new Promise<void>(nextTickExecutor);

export class Scheduler {
  private readonly heap = new EventHeap();
  private seq = 0;
  private now = 0;
  private stepCount = 0;
  private stopRequested = false;
  private readonly drain: () => Promise<void>;
  private readonly onEvent: ((ev: SimEvent, stepIndex: number) => void) | undefined;
  /** Events skipped because their owner died (a crashed incarnation) or they were cancelled. */
  droppedEvents = 0;
  /** The event running now, or null between steps. */
  current: SimEvent | null = null;

  constructor(options: SchedulerOptions = {}) {
    this.drain = options.drain ?? drainMicrotasks;
    this.onEvent = options.onEvent;
  }

  get nowMs(): number {
    return this.now;
  }

  /** Steps started so far; during a step, that step's 1-based number. */
  get steps(): number {
    return this.stepCount;
  }

  /** Events in the heap, including ones that will be dropped when they come up. */
  get pending(): number {
    return this.heap.size;
  }

  /** Schedules `fn(arg)` at virtual time `atMs` (never earlier than now). */
  schedule(atMs: number, kind: string, fn: EventFn, arg?: unknown, owner: Owner | null = null, node: string | null = owner?.id ?? null, data?: unknown): SimEvent {
    const t = atMs > this.now ? atMs : this.now;
    const ev = new SimEvent(t, this.seq++, kind, node, owner, fn, arg, data);
    this.heap.push(ev);
    return ev;
  }

  after(delayMs: number, kind: string, fn: EventFn, arg?: unknown, owner: Owner | null = null, node: string | null = owner?.id ?? null, data?: unknown): SimEvent {
    return this.schedule(this.now + delayMs, kind, fn, arg, owner, node, data);
  }

  /** A promise the scheduler resolves after `delayMs` of virtual time; never, if `owner` dies first. */
  sleep(delayMs: number, owner: Owner | null = null, data?: unknown): Promise<void> {
    const p = new Promise<void>(captureResolve);
    this.schedule(this.now + delayMs, 'timer', capturedResolve as EventFn, undefined, owner, owner?.id ?? null, data);
    return p;
  }

  cancel(ev: SimEvent): void {
    ev.cancelled = true;
  }

  /** Asks `run` to stop after the current step. */
  stop(): void {
    this.stopRequested = true;
  }

  /** The next event that will run, skipping dead and cancelled ones; undefined when quiescent. */
  peek(): SimEvent | undefined {
    for (;;) {
      const ev = this.heap.peek();
      if (ev === undefined) return undefined;
      if (!ev.cancelled && (ev.owner === null || ev.owner.alive)) return ev;
      this.heap.pop();
      this.droppedEvents++;
    }
  }

  /** Pending events in execution order (for the TUI and tests). */
  queued(): readonly SimEvent[] {
    return this.heap.ordered().filter((ev) => !ev.cancelled && (ev.owner === null || ev.owner.alive));
  }

  /** Runs one event and everything it sets off at that instant. */
  async step(): Promise<StepResult> {
    const ev = this.runOne();
    if (ev === null) return { ran: false, index: this.stepCount, timeMs: this.now, node: null, kind: 'idle', data: undefined };
    await this.drain();
    this.current = null;
    return { ran: true, index: this.stepCount, timeMs: ev.t, node: ev.node, kind: ev.kind, data: ev.data };
  }

  /**
   * Steps until quiescence, a limit, or `stop()`. `afterStep` runs after each step (invariants);
   * returning true from it stops the run.
   */
  run(limits: RunLimits = {}, afterStep?: () => boolean | void): Promise<RunResult> {
    if (this.drain !== drainMicrotasks) return this.runAwaiting(limits, afterStep);
    const maxSteps = limits.maxSteps ?? Number.POSITIVE_INFINITY;
    const untilMs = limits.untilMs ?? Number.POSITIVE_INFINITY;
    this.stopRequested = false;
    // The hot path: a callback loop instead of `await drain()` per step. After an event runs, a
    // microtask queues the next iteration with process.nextTick, which Node runs only once the
    // microtask queue is empty: the same barrier as drainMicrotasks, with fewer allocations.
    return new Promise<RunResult>((resolve, reject) => {
      let stepped = false;
      const loop = (): void => {
        try {
          if (stepped) {
            this.current = null;
            if (afterStep !== undefined && afterStep() === true) this.stopRequested = true;
          }
          const reason = this.limitReached(maxSteps, untilMs);
          if (reason !== null) return resolve(this.result(reason));
          this.execute(this.heap.pop() as SimEvent); // limitReached left a live event on top
          stepped = true;
          RESOLVED.then(queueLoop);
        } catch (e) {
          reject(e);
        }
      };
      const queueLoop = (): void => {
        process.nextTick(loop);
      };
      loop();
    });
  }

  private limitReached(maxSteps: number, untilMs: number): StopReason | null {
    if (this.stopRequested) return 'stopped';
    if (this.stepCount >= maxSteps) return 'step-limit';
    const next = this.peek();
    if (next === undefined) return 'quiescent';
    return next.t > untilMs ? 'time-limit' : null;
  }

  /** `run` for a custom drain: awaits it after every step. */
  private async runAwaiting(limits: RunLimits, afterStep?: () => boolean | void): Promise<RunResult> {
    const maxSteps = limits.maxSteps ?? Number.POSITIVE_INFINITY;
    const untilMs = limits.untilMs ?? Number.POSITIVE_INFINITY;
    this.stopRequested = false;
    for (;;) {
      const reason = this.limitReached(maxSteps, untilMs);
      if (reason !== null) return this.result(reason);
      this.runOne();
      await this.drain();
      this.current = null;
      if (afterStep !== undefined && afterStep() === true) this.stopRequested = true;
    }
  }

  private result(reason: StopReason): RunResult {
    this.stopRequested = false;
    return { steps: this.stepCount, timeMs: this.now, reason };
  }

  private runOne(): SimEvent | null {
    const ev = this.peek();
    if (ev === undefined) return null;
    this.heap.pop();
    this.execute(ev);
    return ev;
  }

  private execute(ev: SimEvent): void {
    this.now = ev.t;
    this.current = ev;
    const index = ++this.stepCount;
    if (this.onEvent !== undefined) this.onEvent(ev, index);
    ev.fn(ev.arg);
  }
}

export function createScheduler(options: SchedulerOptions = {}): Scheduler {
  return new Scheduler(options);
}


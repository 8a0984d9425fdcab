// One workload, three drivers. N processes in a ring; each iteration a process sleeps a random
// 1..10 ms, sends a message to its successor (latency 1..10 ms), then waits for a message from
// its predecessor. Every timer firing and every delivery is one event: 2·N·K events in all.
// Delays come from a per-process xorshift so all drivers see the same sequence and cost.
import FakeTimers from '@sinonjs/fake-timers';
import { Scheduler } from '../sim/scheduler';
import { Trace } from '../sim/trace';

export interface Workload {
  readonly processes: number;
  readonly iterations: number;
}

export interface DriverResult {
  readonly events: number;
  readonly virtualMs: number;
  readonly wallMs: number;
}

/** Per-process delay streams: xorshift32, 1..10. */
function delays(n: number): Uint32Array {
  const s = new Uint32Array(n);
  for (let i = 0; i < n; i++) s[i] = 0x9e3779b9 ^ (i * 2654435761);
  return s;
}
function nextDelay(s: Uint32Array, i: number): number {
  let x = s[i];
  x ^= x << 13;
  x ^= x >>> 17;
  x ^= x << 5;
  s[i] = x >>> 0;
  return 1 + (s[i] % 10);
}

/** A mailbox a process can await; `deliver` wakes it or queues the message. */
class Mailbox {
  count = 0;
  waiter: (() => void) | null = null;
  deliver(): void {
    const w = this.waiter;
    if (w !== null) {
      this.waiter = null;
      w();
    } else this.count++;
  }
  recv(): Promise<void> {
    if (this.count > 0) {
      this.count--;
      return Promise.resolve();
    }
    return new Promise<void>((r) => {
      this.waiter = r;
    });
  }
}

/** A driver supplies sleep and "run this after ms"; the async processes are shared. */
async function ringProcesses(w: Workload, sleep: (ms: number) => Promise<void>, later: (ms: number, fn: () => void) => void): Promise<void> {
  const boxes = Array.from({ length: w.processes }, () => new Mailbox());
  const rng = delays(w.processes);
  const proc = async (i: number): Promise<void> => {
    const next = boxes[(i + 1) % w.processes];
    const deliver = (): void => next.deliver();
    for (let k = 0; k < w.iterations; k++) {
      await sleep(nextDelay(rng, i));
      later(nextDelay(rng, i), deliver);
      await boxes[i].recv();
    }
  };
  for (let i = 0; i < w.processes; i++) void proc(i);
}

/** (a) awsim's scheduler; with `traced`, every step also becomes a hashed trace line. */
export async function runAwsim(w: Workload, traced = false): Promise<DriverResult> {
  const trace = new Trace({ mode: 'hash' });
  const s = new Scheduler(traced ? { onEvent: (ev, i) => trace.record(i, ev.t, ev.node, ev.kind, ev.data) } : {});
  const fire = (fn: unknown): void => (fn as () => void)();
  const t0 = performance.now();
  await ringProcesses(w, (ms) => s.sleep(ms), (ms, fn) => void s.after(ms, 'deliver', fire, fn));
  const r = await s.run();
  if (traced) trace.hash();
  return { events: r.steps, virtualMs: r.timeMs, wallMs: performance.now() - t0 };
}

/** (b) @sinonjs/fake-timers: setTimeout on a fake clock, driven by runAllAsync. */
export async function runFakeTimers(w: Workload): Promise<DriverResult> {
  const clock = FakeTimers.createClock(0, Number.MAX_SAFE_INTEGER);
  let events = 0;
  const t0 = performance.now();
  await ringProcesses(
    w,
    (ms) => new Promise<void>((r) => void clock.setTimeout(() => { events++; r(); }, ms)),
    (ms, fn) => void clock.setTimeout(() => { events++; fn(); }, ms),
  );
  await clock.runAllAsync();
  return { events, virtualMs: clock.now, wallMs: performance.now() - t0 };
}

/** (c) The ceiling: a bare binary heap of plain records and callbacks, no promises at all. */
export function runBareHeap(w: Workload): DriverResult {
  type Ev = { t: number; seq: number; proc: number; deliver: boolean };
  const heap: Ev[] = [];
  const less = (a: Ev, b: Ev) => a.t < b.t || (a.t === b.t && a.seq < b.seq);
  const push = (e: Ev) => {
    let i = heap.push(e) - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!less(e, heap[p])) break;
      heap[i] = heap[p];
      i = p;
    }
    heap[i] = e;
  };
  const pop = (): Ev => {
    const top = heap[0];
    const last = heap.pop() as Ev;
    if (heap.length > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= heap.length) break;
        const c = l + 1 < heap.length && less(heap[l + 1], heap[l]) ? l + 1 : l;
        if (!less(heap[c], last)) break;
        heap[i] = heap[c];
        i = c;
      }
      heap[i] = last;
    }
    return top;
  };
  const n = w.processes;
  const rng = delays(n);
  const mailbox = new Int32Array(n);
  const waiting = new Uint8Array(n);
  const left = new Int32Array(n).fill(w.iterations);
  let seq = 0;
  let now = 0;
  let events = 0;
  const startIteration = (i: number) => {
    if (left[i]-- > 0) push({ t: now + nextDelay(rng, i), seq: seq++, proc: i, deliver: false });
  };
  const t0 = performance.now();
  for (let i = 0; i < n; i++) startIteration(i);
  while (heap.length > 0) {
    const e = pop();
    now = e.t;
    events++;
    const i = e.proc;
    if (e.deliver) {
      if (waiting[i] === 1) {
        waiting[i] = 0;
        startIteration(i);
      } else mailbox[i]++;
      continue;
    }
    push({ t: now + nextDelay(rng, i), seq: seq++, proc: (i + 1) % n, deliver: true });
    if (mailbox[i] > 0) {
      mailbox[i]--;
      startIteration(i);
    } else waiting[i] = 1;
  }
  return { events, virtualMs: now, wallMs: performance.now() - t0 };
}

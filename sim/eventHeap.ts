// A binary min-heap of scheduler events ordered by (virtual time, sequence number). The
// sequence number makes the order total, so equal-time events run in the order they were made.

/** Something whose continuations may be dropped: a node incarnation. */
export interface Owner {
  readonly id: string;
  readonly alive: boolean;
}

export type EventFn = (arg: unknown) => void;

export class SimEvent {
  cancelled = false;
  constructor(
    /** Virtual time (ms since the run began) at which the event runs. */
    readonly t: number,
    readonly seq: number,
    /** Trace kind of the step, e.g. `timer`, `net.deliver`, `fault`. */
    readonly kind: string,
    /** Node shown in the trace, or null for global events. */
    readonly node: string | null,
    /** If set and no longer alive when the event comes up, the event is dropped, never run. */
    readonly owner: Owner | null,
    readonly fn: EventFn,
    readonly arg: unknown,
    /** Payload of the step's trace line (plain JSON data), or undefined. */
    readonly data: unknown,
  ) {}
}

export class EventHeap {
  private items: SimEvent[] = [];

  get size(): number {
    return this.items.length;
  }

  peek(): SimEvent | undefined {
    return this.items[0];
  }

  push(ev: SimEvent): void {
    const items = this.items;
    let i = items.length;
    items.push(ev);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = items[parent];
      if (p.t < ev.t || (p.t === ev.t && p.seq < ev.seq)) break;
      items[i] = p;
      i = parent;
    }
    items[i] = ev;
  }

  pop(): SimEvent | undefined {
    const items = this.items;
    const n = items.length;
    if (n === 0) return undefined;
    const top = items[0];
    const last = items.pop() as SimEvent;
    if (n === 1) return top;
    const size = n - 1;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= size) break;
      const r = l + 1;
      let c = l;
      let ce = items[l];
      if (r < size) {
        const re = items[r];
        if (re.t < ce.t || (re.t === ce.t && re.seq < ce.seq)) {
          c = r;
          ce = re;
        }
      }
      if (last.t < ce.t || (last.t === ce.t && last.seq < ce.seq)) break;
      items[i] = ce;
      i = c;
    }
    items[i] = last;
    return top;
  }

  /** Events in execution order (a sorted copy), for inspection only. */
  ordered(): SimEvent[] {
    return this.items.slice().sort((a, b) => a.t - b.t || a.seq - b.seq);
  }
}

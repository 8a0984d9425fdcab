// Nodes and their incarnations. A node keeps its disk and its clock across crashes; everything
// else belongs to one incarnation: its ports, timers, served channels and processes. Every wait
// an incarnation starts is tagged with it, and the scheduler drops (never runs) events whose
// incarnation has died, so the continuations of a crashed incarnation never resume.
import type { Clock, FileSystem, RequestHandler, Transport } from '../core/ports';
import type { NodeClock } from './clock';
import type { Owner } from './eventHeap';
import type { SimFs } from './fs/simFs';
import type { Network } from './net/network';
import type { Scheduler } from './scheduler';

/** What code running on a node gets: the core's ports plus a few sim verbs. */
export interface NodeContext extends Owner {
  readonly id: string;
  /** 1 for the first boot, +1 per restart. */
  readonly incarnation: number;
  /** False once this incarnation has crashed; its waits never settle from then on. */
  readonly alive: boolean;
  readonly clock: Clock;
  readonly fs: FileSystem;
  readonly transport: Transport;
  /** Resolves after `ms` of virtual time (never, if this incarnation dies first). */
  sleep(ms: number): Promise<void>;
  /** Runs `fn` as a named process of this incarnation; its failure is recorded, not thrown. */
  spawn(name: string, fn: () => unknown): void;
  /** Serves a Transport channel until this incarnation dies. */
  serve(channel: string, handler: RequestHandler): void;
  /** A trace line from this node (e.g. a `decision`). */
  record(kind: string, data?: unknown): void;
}

/** A node's software: run at first start and after every restart, against its durable disk. */
export type NodeProgram = (ctx: NodeContext) => unknown;

export interface ProcessError {
  readonly node: string;
  readonly incarnation: number;
  readonly process: string;
  readonly step: number;
  readonly timeMs: number;
  readonly error: string;
}

/** What an incarnation needs from the simulator. */
export interface IncarnationHost {
  readonly scheduler: Scheduler;
  readonly net: Network;
  record(node: string, kind: string, data?: unknown): void;
  processFailed(err: ProcessError): void;
}

export class Incarnation implements NodeContext {
  alive = true;
  readonly fs: FileSystem;
  readonly transport: Transport;

  constructor(
    readonly id: string,
    readonly incarnation: number,
    readonly clock: NodeClock,
    disk: SimFs,
    private readonly host: IncarnationHost,
  ) {
    this.fs = disk.port(this);
    this.transport = host.net.port(this);
  }

  sleep(ms: number): Promise<void> {
    if (!(ms >= 0)) return Promise.reject(new RangeError(`sleep ms must be >= 0, got ${ms}`));
    return this.host.scheduler.sleep(ms, this);
  }

  spawn(name: string, fn: () => unknown): void {
    if (!this.alive) return;
    this.host.record(this.id, 'proc.start', { name, incarnation: this.incarnation });
    let done: Promise<unknown>;
    try {
      done = Promise.resolve(fn());
    } catch (e) {
      done = Promise.reject(e);
    }
    done.then(
      () => {
        if (this.alive) this.host.record(this.id, 'proc.end', { name, incarnation: this.incarnation });
      },
      (e: unknown) => {
        if (!this.alive) return;
        const error = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
        this.host.record(this.id, 'proc.error', { name, incarnation: this.incarnation, error });
        const s = this.host.scheduler;
        this.host.processFailed({ node: this.id, incarnation: this.incarnation, process: name, step: s.steps, timeMs: s.nowMs, error });
      },
    );
  }

  serve(channel: string, handler: RequestHandler): void {
    if (this.alive) this.host.net.serve(this, channel, handler);
  }

  record(kind: string, data?: unknown): void {
    if (this.alive) this.host.record(this.id, kind, data);
  }
}

/** A node across its incarnations. */
export class SimNode {
  up = false;
  incarnation = 0;
  current: Incarnation | null = null;
  /** Armed "crash at the k-th write" points: write number → options. */
  readonly crashPoints = new Map<number, { when: 'before' | 'after'; restartAfterMs: number | null }>();

  constructor(
    readonly id: string,
    readonly clock: NodeClock,
    readonly disk: SimFs,
    readonly program: NodeProgram | null,
  ) {}
}

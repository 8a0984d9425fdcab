// The simulator: one scheduler, one trace, one network, and nodes with their clocks and disks,
// all driven by one seed. Randomness comes from named streams (`net`, `disk/<node>`, and any a
// scenario forks), so adding a draw in one concern never shifts another.
import { createNodeClock, DEFAULT_CLOCK_EPOCH_MS, NO_SKEW, type ClockSkew } from './clock';
import type { Owner } from './eventHeap';
import { SimFs, type DiskFaults, type FsOptions } from './fs/simFs';
import { nodesOf, type NodeSel } from './net/links';
import { Network, type NetOptions } from './net/network';
import { Incarnation, SimNode, type IncarnationHost, type NodeContext, type NodeProgram, type ProcessError } from './node';
import { createRng, type Rng } from './rng';
import { Scheduler, type RunLimits, type RunResult, type StepResult } from './scheduler';
import { buildSnapshot, type SimSnapshot } from './snapshot';
import { assertSafeName, Trace, type TraceOptions } from './trace';

export interface SimOptions {
  /** The run seed (canonical text, see `parseSeed`). */
  readonly seed: string;
  /** Extra fields for the trace header (scenario, profile, plan, options...). */
  readonly header?: Readonly<Record<string, unknown>>;
  readonly trace?: TraceOptions;
  readonly net?: Partial<NetOptions>;
  /** What node clocks read at virtual time 0. Default 1_700_000_000_000. */
  readonly clockEpochMs?: number;
  /** Microtask barrier between steps (see scheduler.ts). Default: process.nextTick. */
  readonly drain?: () => Promise<void>;
}

export interface NodeSpec {
  /** The node's software, run at start and after every restart. */
  readonly program?: NodeProgram;
  readonly skew?: ClockSkew;
  readonly fs?: FsOptions;
  /** Start the node at once (as a `node.start` step). Default true. */
  readonly startUp?: boolean;
}

export class Sim {
  readonly seed: string;
  readonly rng: Rng;
  readonly scheduler: Scheduler;
  readonly trace: Trace;
  readonly net: Network;
  readonly clockEpochMs: number;
  readonly errors: ProcessError[] = [];
  private readonly nodeMap = new Map<string, SimNode>();
  private readonly incarnationHost: IncarnationHost;

  constructor(options: SimOptions) {
    this.seed = options.seed;
    this.rng = createRng(options.seed);
    this.clockEpochMs = options.clockEpochMs ?? DEFAULT_CLOCK_EPOCH_MS;
    this.trace = new Trace(options.trace);
    const onEvent = this.trace.enabled ? (ev: { t: number; node: string | null; kind: string; data: unknown }, i: number) => this.trace.record(i, ev.t, ev.node, ev.kind, ev.data) : undefined;
    this.scheduler = new Scheduler({ drain: options.drain, onEvent });
    this.net = new Network(
      {
        scheduler: this.scheduler,
        record: (node, kind, data) => this.record(node, kind, data),
        recordRaw: (node, kind, json) => this.trace.recordRaw(this.scheduler.steps, this.scheduler.nowMs, node, kind, json),
        incarnation: (id) => {
          const n = this.nodeMap.get(id);
          return n === undefined ? undefined : n.up ? n.current : null;
        },
      },
      this.rng.fork('net'),
      options.net,
    );
    this.incarnationHost = {
      scheduler: this.scheduler,
      net: this.net,
      record: (node, kind, data) => this.record(node, kind, data),
      processFailed: (err) => this.errors.push(err),
    };
    this.trace.record(0, 0, null, 'header', { format: 'awsim-trace/1', seed: this.seed, clockEpochMs: this.clockEpochMs, net: this.net.settings, ...options.header });
  }

  get nowMs(): number {
    return this.scheduler.nowMs;
  }

  get steps(): number {
    return this.scheduler.steps;
  }

  /** A trace line; `node` null for global lines. `data` must be plain JSON data. */
  record(node: string | null, kind: string, data?: unknown): void {
    if (!this.trace.enabled) return;
    assertSafeName(kind, 'trace kind');
    this.trace.record(this.scheduler.steps, this.scheduler.nowMs, node, kind, data);
  }

  addNode(id: string, spec: NodeSpec = {}): SimNode {
    assertSafeName(id, 'node id');
    if (this.nodeMap.has(id)) throw new RangeError(`node '${id}' already exists`);
    const clock = createNodeClock(() => this.scheduler.nowMs, spec.skew ?? NO_SKEW, this.clockEpochMs);
    const disk = new SimFs(id, this.fsHost, this.rng.fork(`disk/${id}`), spec.fs);
    const node = new SimNode(id, clock, disk, spec.program ?? null);
    this.nodeMap.set(id, node);
    this.record(id, 'node.add', { skew: clock.skew, anchorMs: clock.anchorMs, disk: disk.diskFaults });
    if (spec.startUp ?? true) this.at(this.nowMs, 'node.start', () => this.start(id), { node: id });
    return node;
  }

  node(id: string): SimNode {
    const n = this.nodeMap.get(id);
    if (n === undefined) throw new RangeError(`no node '${id}' (nodes: ${this.nodeIds().join(', ')})`);
    return n;
  }

  nodeIds(): string[] {
    return [...this.nodeMap.keys()].sort();
  }

  /** The live incarnation of a node, or null while it is down. */
  ctx(id: string): NodeContext | null {
    const n = this.node(id);
    return n.up ? n.current : null;
  }

  /** Runs `fn` as a global step at virtual time `atMs`; `data` goes in the step's trace line. */
  at(atMs: number, kind: string, fn: () => void, data?: unknown): void {
    assertSafeName(kind, 'event kind');
    this.scheduler.schedule(atMs, kind, fn as (arg: unknown) => void, undefined, null, null, data);
  }

  step(): Promise<StepResult> {
    return this.scheduler.step();
  }

  run(limits: RunLimits = {}, afterStep?: () => boolean | void): Promise<RunResult> {
    return this.scheduler.run(limits, afterStep);
  }

  stop(): void {
    this.scheduler.stop();
  }

  /** Plain-JSON view of the whole simulation, for the TUI and invariant checkers. */
  snapshot(): SimSnapshot {
    return buildSnapshot(this, [...this.nodeMap.values()].sort((a, b) => (a.id < b.id ? -1 : 1)));
  }

  /** Writes the closing trace line and returns the run's trace hash. */
  finish(data: Record<string, unknown>): string {
    return this.trace.end(this.scheduler.steps, this.scheduler.nowMs, data);
  }

  // ---- lifecycle -------------------------------------------------------------------------

  /** Boots a node that is down (first start or restart). */
  start(id: string): void {
    const n = this.node(id);
    if (n.up) return;
    n.incarnation += 1;
    n.up = true;
    const inc = new Incarnation(id, n.incarnation, n.clock, n.disk, this.incarnationHost);
    n.current = inc;
    this.record(id, n.incarnation === 1 ? 'node.up' : 'node.restart', { incarnation: n.incarnation });
    if (n.program !== null) {
      const program = n.program;
      inc.spawn('boot', () => program(inc));
    }
  }

  restart(id: string): void {
    this.start(id);
  }

  /** Crashes a node now: its incarnation dies, messages to and from it are lost, its disk keeps only durable state. */
  crash(id: string): void {
    const n = this.node(id);
    if (!n.up || n.current === null) return;
    n.current.alive = false;
    n.up = false;
    this.net.onCrash(id);
    const lost = n.disk.crash();
    this.record(id, 'node.crash', { incarnation: n.incarnation, lost });
  }

  /** Arms a crash at the node's k-th mutating fs op (counted from the run's start, 1-based). */
  crashAtWrite(id: string, k: number, when: 'before' | 'after' = 'before', restartAfterMs: number | null = null): void {
    if (!(Number.isInteger(k) && k >= 1)) throw new RangeError(`crash-at-write k must be a positive integer, got ${k}`);
    this.node(id).crashPoints.set(k, { when, restartAfterMs });
    this.record(id, 'fault.armed', { op: 'crash-at-write', k, when, restartAfterMs });
  }

  private writeHook(id: string, n: number, when: 'before' | 'after'): void {
    const node = this.nodeMap.get(id);
    const point = node?.crashPoints.get(n);
    if (point === undefined || point.when !== when) return;
    node?.crashPoints.delete(n);
    this.record(id, 'fault', { op: 'crash-at-write', node: id, k: n, when });
    this.crash(id);
    if (point.restartAfterMs !== null) this.at(this.nowMs + point.restartAfterMs, 'fault', () => this.restart(id), { op: 'restart', node: id });
  }

  private readonly fsHost = {
    record: (node: string, kind: string, data: unknown) => this.record(node, kind, data),
    later: (delayMs: number, owner: Owner, fn: () => void) => {
      this.scheduler.after(delayMs, 'fs.done', fn as (arg: unknown) => void, undefined, owner);
    },
    beforeWrite: (node: string, n: number) => this.writeHook(node, n, 'before'),
    afterWrite: (node: string, n: number) => this.writeHook(node, n, 'after'),
  };


  // ---- faults: network, clocks, disks ------------------------------------------------------

  /** Cuts both directions between every node of `a` and every node of `b`. */
  partition(a: NodeSel, b: NodeSel): void {
    this.net.links.cutOneWay(a, b);
    this.net.links.cutOneWay(b, a);
    this.record(null, 'net.partition', { a: nodesOf(a), b: nodesOf(b), oneWay: false });
  }

  repair(a: NodeSel, b: NodeSel): void {
    this.net.links.repairOneWay(a, b);
    this.net.links.repairOneWay(b, a);
    this.record(null, 'net.repair', { a: nodesOf(a), b: nodesOf(b), oneWay: false });
  }

  /** Cuts only `from → to`; replies and requests the other way still flow. */
  partitionOneWay(from: NodeSel, to: NodeSel): void {
    this.net.links.cutOneWay(from, to);
    this.record(null, 'net.partition', { a: nodesOf(from), b: nodesOf(to), oneWay: true });
  }

  repairOneWay(from: NodeSel, to: NodeSel): void {
    this.net.links.repairOneWay(from, to);
    this.record(null, 'net.repair', { a: nodesOf(from), b: nodesOf(to), oneWay: true });
  }

  /** Cuts every link to and from the node(s), independently of partitions. */
  isolate(node: NodeSel): void {
    this.net.links.isolate(node);
    this.record(null, 'net.isolate', { nodes: nodesOf(node) });
  }

  rejoin(node: NodeSel): void {
    this.net.links.rejoin(node);
    this.record(null, 'net.rejoin', { nodes: nodesOf(node) });
  }

  /** Repairs every partition and rejoins every isolated node. */
  healNetwork(): void {
    this.net.links.healAll();
    this.record(null, 'net.heal', {});
  }

  /** Changes loss, duplication, latency or timeout from now on. */
  configureNet(patch: Partial<NetOptions>): void {
    this.net.configure(patch);
    this.record(null, 'net.config', patch);
  }

  setSkew(id: string, skew: ClockSkew): void {
    const clock = this.node(id).clock;
    clock.setSkew(skew);
    this.record(id, 'clock.skew', { skew, anchorMs: clock.anchorMs });
  }

  setDiskFaults(id: string, patch: Partial<DiskFaults>): void {
    const disk = this.node(id).disk;
    disk.setFaults(patch);
    this.record(id, 'disk.faults', disk.diskFaults);
  }
}

export function createSim(options: SimOptions): Sim {
  return new Sim(options);
}

// A pure fold over trace lines that rebuilds what `sim.snapshot()` shows (nodes, clocks, messages
// in flight, partitions, files durable vs current, network counters) at any line. The TUI can
// step through a recorded trace with it, without re-running the sim. Files are rebuilt by
// replaying fs lines into the same durability model the sim uses.
import { clockReading, DEFAULT_CLOCK_EPOCH_MS, type ClockSkew } from './clock';
import { DiskModel, type CrashLoss, type FileView } from './fs/model';
import { applyWriteback, flushOfLine } from './fs/writeback';
import { Links, type LinkCut } from './net/links';
import type { MessageView, NetStats } from './net/network';
import type { TraceLine } from './trace';

export interface FoldedNode {
  readonly id: string;
  readonly up: boolean;
  readonly incarnation: number;
  readonly clockMs: number;
  readonly skew: ClockSkew;
  readonly skewAnchorMs: number;
  readonly files: readonly FileView[];
}

export interface FoldedView {
  readonly step: number;
  readonly timeMs: number;
  readonly nodes: readonly FoldedNode[];
  readonly inFlight: readonly MessageView[];
  readonly partitions: readonly LinkCut[];
  readonly isolated: readonly string[];
  readonly net: NetStats;
}

interface NodeState {
  up: boolean;
  incarnation: number;
  skew: ClockSkew;
  anchorMs: number;
  readonly disk: DiskModel;
}

type Data = Record<string, unknown>;

/** Mutable fold state; feed lines in order with `apply`, read with `view`. */
export class TraceFold {
  private epochMs = DEFAULT_CLOCK_EPOCH_MS;
  private step = 0;
  private t = 0;
  private readonly nodes = new Map<string, NodeState>();
  private readonly inFlight = new Map<number, MessageView>();
  private readonly links = new Links();
  private readonly net: NetStats = { sent: 0, duplicated: 0, delivered: 0, dropped: 0 };
  /** The message whose delivery step is running: a drop of it right after is not a delivery. */
  private delivering = -1;

  apply(line: TraceLine): void {
    this.step = line.step;
    this.t = line.t;
    const d = (line.data ?? {}) as Data;
    const node = line.node === null ? undefined : this.nodes.get(line.node);
    if (line.kind.startsWith('fs.') && node !== undefined) return this.applyFs(node.disk, line.kind, d);
    switch (line.kind) {
      case 'header':
        this.epochMs = (d.clockEpochMs as number | undefined) ?? DEFAULT_CLOCK_EPOCH_MS;
        return;
      case 'node.add':
        this.nodes.set(line.node as string, { up: false, incarnation: 0, skew: d.skew as ClockSkew, anchorMs: d.anchorMs as number, disk: new DiskModel() });
        return;
      case 'node.up':
      case 'node.restart':
        if (node !== undefined) Object.assign(node, { up: true, incarnation: d.incarnation as number });
        return;
      case 'node.crash':
        if (node !== undefined) this.crash(node, d.lost as CrashLoss[]);
        return;
      case 'os.writeback':
        // The environment's writeback pass on this node (the global line has no node).
        if (node !== undefined) applyWriteback(node.disk, flushOfLine(line.data));
        return;
      case 'clock.skew':
        if (node !== undefined) Object.assign(node, { skew: d.skew as ClockSkew, anchorMs: d.anchorMs as number });
        return;
      default:
        return this.applyNet(line, d);
    }
  }

  private crash(node: NodeState, lost: readonly CrashLoss[]): void {
    node.up = false;
    // The crash line says how many bytes each torn file kept; everything else keeps its durable bytes.
    const kept = new Map(lost.filter((l) => l.torn).map((l) => [l.path, l.afterBytes ?? 0]));
    node.disk.crash((durable, current, path) => {
      const n = kept.get(path);
      return n === undefined ? durable : Buffer.from(current, 'utf8').subarray(0, n).toString('utf8');
    });
  }

  private applyFs(disk: DiskModel, kind: string, d: Data): void {
    const path = d.path as string;
    switch (kind) {
      case 'fs.write':
      case 'fs.append':
        disk.write(path, d.data as string, kind === 'fs.append');
        return;
      case 'fs.fsync':
        disk.fsync(path);
        return;
      case 'fs.rename':
        disk.rename(d.from as string, d.to as string);
        return;
      case 'fs.unlink':
        disk.unlink(path);
        return;
      case 'fs.mkdir':
        disk.mkdir(path, true, d.durable as boolean);
        return;
      default:
        return; // reads, stats, errors change nothing
    }
  }

  private applyNet(line: TraceLine, d: Data): void {
    switch (line.kind) {
      case 'net.send':
      case 'net.dup': {
        if (line.kind === 'net.send') this.net.sent++;
        else this.net.duplicated++;
        const { id, from, to, channel, type, call, dueT, bytes } = d as unknown as MessageView;
        this.inFlight.set(id, { id, from, to, channel, type, call, sentT: line.t, dueT, bytes });
        return;
      }
      case 'net.drop':
        this.net.dropped++;
        if (d.id === this.delivering) this.net.delivered--;
        this.delivering = -1;
        this.inFlight.delete(d.id as number);
        return;
      case 'net.deliver':
        // A delivery step may still end in a drop (partition, node down, stale reply).
        this.inFlight.delete(d.id as number);
        this.net.delivered++;
        this.delivering = d.id as number;
        return;
      case 'net.partition':
      case 'net.repair': {
        const [a, b] = [d.a as string[], d.b as string[]];
        const cut = line.kind === 'net.partition';
        (cut ? this.links.cutOneWay : this.links.repairOneWay).call(this.links, a, b);
        if (d.oneWay !== true) (cut ? this.links.cutOneWay : this.links.repairOneWay).call(this.links, b, a);
        return;
      }
      case 'net.isolate':
        return this.links.isolate(d.nodes as string[]);
      case 'net.rejoin':
        return this.links.rejoin(d.nodes as string[]);
      case 'net.heal':
        return this.links.healAll();
      default:
        return;
    }
  }

  view(): FoldedView {
    return {
      step: this.step,
      timeMs: this.t,
      nodes: [...this.nodes.entries()]
        .sort((a, b) => (a[0] < b[0] ? -1 : 1))
        .map(([id, n]) => ({ id, up: n.up, incarnation: n.incarnation, clockMs: clockReading(n.skew, n.anchorMs, this.t, this.epochMs), skew: n.skew, skewAnchorMs: n.anchorMs, files: n.disk.inspect() })),
      inFlight: [...this.inFlight.values()],
      partitions: this.links.cuts(),
      isolated: this.links.isolatedNodes(),
      net: { ...this.net },
    };
  }
}

/** The view after the given lines (e.g. every line up to the end of step k). */
export function foldTrace(lines: Iterable<TraceLine>): FoldedView {
  const f = new TraceFold();
  for (const l of lines) f.apply(l);
  return f.view();
}

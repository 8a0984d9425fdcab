// A plain-JSON picture of the whole simulation at one instant: what the TUI panes draw and what
// invariant checkers read. Building it copies; nothing in it aliases live sim state.
import { clockReading, type ClockSkew } from './clock';
import type { FileView } from './fs/model';
import type { DiskFaults } from './fs/simFs';
import type { LinkCut } from './net/links';
import type { MessageView, NetStats } from './net/network';
import type { ProcessError, SimNode } from './node';
import type { Sim } from './sim';

export interface NodeSnapshot {
  readonly id: string;
  readonly up: boolean;
  readonly incarnation: number;
  /** What the node's Clock reads now. */
  readonly clockMs: number;
  readonly skew: ClockSkew;
  readonly skewAnchorMs: number;
  /** Mutating fs ops so far (the counter "crash at the k-th write" refers to). */
  readonly writeOps: number;
  readonly diskFaults: DiskFaults;
  readonly files: readonly FileView[];
}

export interface SimSnapshot {
  readonly seed: string;
  readonly step: number;
  readonly timeMs: number;
  readonly nodes: readonly NodeSnapshot[];
  readonly inFlight: readonly MessageView[];
  readonly partitions: readonly LinkCut[];
  readonly isolated: readonly string[];
  readonly net: NetStats;
  readonly pendingEvents: number;
  readonly errors: readonly ProcessError[];
}

export function buildSnapshot(sim: Sim, nodes: readonly SimNode[]): SimSnapshot {
  const now = sim.nowMs;
  return {
    seed: sim.seed,
    step: sim.steps,
    timeMs: now,
    nodes: nodes.map((n) => ({
      id: n.id,
      up: n.up,
      incarnation: n.incarnation,
      clockMs: clockReading(n.clock.skew, n.clock.anchorMs, now, sim.clockEpochMs),
      skew: n.clock.skew,
      skewAnchorMs: n.clock.anchorMs,
      writeOps: n.disk.writeOps,
      diskFaults: n.disk.diskFaults,
      files: n.disk.inspect(),
    })),
    inFlight: sim.net.inFlightMessages(),
    partitions: sim.net.links.cuts(),
    isolated: sim.net.links.isolatedNodes(),
    net: { ...sim.net.stats },
    pendingEvents: sim.scheduler.queued().length,
    errors: sim.errors.slice(),
  };
}

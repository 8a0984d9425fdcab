// What the panes draw: the state of a run after some step, rebuilt from its trace lines only.
// Views are immutable; `fold` (fold.ts) makes the next one from the previous one and a line.
import type { ClockSkew } from '../../sim/clock';
import { clockReading, skewAt } from '../../sim/clock';
import type { DiskView } from './disk';
import { EMPTY_DISK } from './disk';
import type { FactsView } from './facts';
import { EMPTY_FACTS } from './facts';
import type { NetView } from './net';
import { emptyNet } from './net';

export interface NodeView {
  readonly id: string;
  readonly up: boolean;
  /** 0 before the first boot, then 1, 2, ... */
  readonly incarnation: number;
  readonly skew: ClockSkew;
  readonly anchorMs: number;
  readonly diskFaults: Readonly<Record<string, unknown>>;
  readonly disk: DiskView;
  /** Number of the last mutating fs op seen (the k of "crash at the k-th write"). */
  readonly writeOps: number;
  readonly crashes: number;
  /** Files a crash changed, at the latest crash. */
  readonly lastCrashLost: number;
  /** Armed crash-at-write points (k). */
  readonly armed: readonly number[];
  readonly procErrors: number;
  readonly lastError: string | null;
  readonly facts: FactsView;
}

export interface ViolationSeen {
  readonly invariant: string;
  readonly kind: string;
  readonly step: number;
  readonly timeMs: number;
  readonly node: string | null;
  readonly message: string;
}

export interface View {
  /** The last step folded in (0: only the setup lines). */
  readonly step: number;
  readonly timeMs: number;
  /** Lines folded so far. */
  readonly lines: number;
  /** Sorted by id. */
  readonly nodes: readonly NodeView[];
  readonly net: NetView;
  readonly violations: readonly ViolationSeen[];
  /** Final invariant results, once the closing checks have been folded. */
  readonly finals: Readonly<Record<string, string>>;
  readonly phase: string;
  readonly ended: boolean;
  /** What node clocks read at virtual time 0 (from the header). */
  readonly clockEpochMs: number;
}

export const EMPTY_VIEW: View = {
  step: 0,
  timeMs: 0,
  lines: 0,
  nodes: [],
  net: emptyNet({}),
  violations: [],
  finals: {},
  phase: 'chaos',
  ended: false,
  clockEpochMs: 0,
};

export function newNode(id: string, skew: ClockSkew, anchorMs: number, diskFaults: Readonly<Record<string, unknown>>): NodeView {
  return { id, up: false, incarnation: 0, skew, anchorMs, diskFaults, disk: EMPTY_DISK, writeOps: 0, crashes: 0, lastCrashLost: 0, armed: [], procErrors: 0, lastError: null, facts: EMPTY_FACTS };
}

/** How far the node's clock reads from global virtual time at `timeMs`, in ms. */
export function clockSkewMs(node: NodeView, timeMs: number): number {
  return skewAt(node.skew, node.anchorMs, timeMs);
}

/** What the node's clock reads at the view's time. */
export function nodeClockMs(view: View, node: NodeView): number {
  return clockReading(node.skew, node.anchorMs, view.timeMs, view.clockEpochMs);
}

export function nodeById(view: View, id: string): NodeView | undefined {
  return view.nodes.find((n) => n.id === id);
}

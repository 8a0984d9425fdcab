// Faults as data: each action is plain JSON that `applyFault` turns into a sim verb, so a plan
// can be printed, hashed, shrunk and replayed. Every applied action leaves a `fault` trace line
// before the lines of the verb itself.
import { validateSkew, type ClockSkew } from './clock';
import { validateDiskFaults, type DiskFaults } from './fs/simFs';
import { nodesOf, type NodeSel } from './net/links';
import { validateNetOptions, type NetOptions } from './net/network';
import type { Sim } from './sim';

export type NetPatch = Partial<Pick<NetOptions, 'latency' | 'lossRatio' | 'duplicateRatio' | 'requestTimeoutMs'>>;

export type FaultAction =
  | { readonly op: 'crash'; readonly node: NodeSel; readonly restartAfterMs?: number }
  | { readonly op: 'restart'; readonly node: NodeSel }
  /** Arms a crash at the node's k-th mutating fs op (1-based, counted from the run's start). */
  | { readonly op: 'crash-at-write'; readonly node: string; readonly k: number; readonly when?: 'before' | 'after'; readonly restartAfterMs?: number }
  | { readonly op: 'partition' | 'repair'; readonly a: NodeSel; readonly b: NodeSel }
  | { readonly op: 'partition-oneway' | 'repair-oneway'; readonly from: NodeSel; readonly to: NodeSel }
  | { readonly op: 'isolate' | 'rejoin'; readonly node: NodeSel }
  | { readonly op: 'heal-network' }
  | { readonly op: 'skew'; readonly node: NodeSel; readonly skew: ClockSkew }
  | { readonly op: 'disk'; readonly node: NodeSel; readonly faults: Partial<DiskFaults> }
  | { readonly op: 'net'; readonly net: NetPatch };

export type FaultOp = FaultAction['op'];

export const FAULT_OPS: readonly FaultOp[] = [
  'crash', 'restart', 'crash-at-write', 'partition', 'repair', 'partition-oneway', 'repair-oneway',
  'isolate', 'rejoin', 'heal-network', 'skew', 'disk', 'net',
];

/** Throws a RangeError naming `where` and the bad field; unknown nodes are errors too. */
export function validateFaultAction(a: FaultAction, nodes: readonly string[], where: string): void {
  if (a === null || typeof a !== 'object' || !FAULT_OPS.includes(a.op)) {
    throw new RangeError(`${where}.op must be one of ${FAULT_OPS.join('|')}, got ${JSON.stringify((a as { op?: unknown })?.op)}`);
  }
  const known = (sel: NodeSel, field: string): void => {
    for (const n of nodesOf(sel)) if (!nodes.includes(n)) throw new RangeError(`${where}.${field} names unknown node '${n}'`);
  };
  switch (a.op) {
    case 'crash':
    case 'restart':
    case 'isolate':
    case 'rejoin':
      return known(a.node, 'node');
    case 'crash-at-write':
      known(a.node, 'node');
      if (!(Number.isInteger(a.k) && a.k >= 1)) throw new RangeError(`${where}.k must be a positive integer, got ${a.k}`);
      return;
    case 'partition':
    case 'repair':
      known(a.a, 'a');
      return known(a.b, 'b');
    case 'partition-oneway':
    case 'repair-oneway':
      known(a.from, 'from');
      return known(a.to, 'to');
    case 'skew':
      known(a.node, 'node');
      return validateSkew(a.skew, `${where}.skew`);
    case 'disk':
      known(a.node, 'node');
      return validateDiskFaults(a.faults, `${where}.faults`);
    case 'net':
      return validateNetOptions(a.net, `${where}.net`);
    case 'heal-network':
      return;
  }
}

export function applyFault(sim: Sim, a: FaultAction): void {
  sim.record(null, 'fault', a);
  switch (a.op) {
    case 'crash':
      for (const n of nodesOf(a.node)) {
        sim.crash(n);
        const ms = a.restartAfterMs;
        if (ms !== undefined) sim.at(sim.nowMs + ms, 'fault', () => applyFault(sim, { op: 'restart', node: n }), { op: 'restart', node: n });
      }
      return;
    case 'restart':
      for (const n of nodesOf(a.node)) sim.restart(n);
      return;
    case 'crash-at-write':
      return sim.crashAtWrite(a.node, a.k, a.when ?? 'before', a.restartAfterMs ?? null);
    case 'partition':
      return sim.partition(a.a, a.b);
    case 'repair':
      return sim.repair(a.a, a.b);
    case 'partition-oneway':
      return sim.partitionOneWay(a.from, a.to);
    case 'repair-oneway':
      return sim.repairOneWay(a.from, a.to);
    case 'isolate':
      return sim.isolate(a.node);
    case 'rejoin':
      return sim.rejoin(a.node);
    case 'heal-network':
      return sim.healNetwork();
    case 'skew':
      for (const n of nodesOf(a.node)) sim.setSkew(n, a.skew);
      return;
    case 'disk':
      for (const n of nodesOf(a.node)) sim.setDiskFaults(n, a.faults);
      return;
    case 'net':
      return sim.configureNet(a.net);
  }
}

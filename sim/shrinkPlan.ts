// Smaller versions of a fault plan, for shrinking a failing run to a small counterexample.
// `shrinkCandidates(plan)` yields, lazily and in a fixed order (biggest cuts first), plans that
// are each strictly simpler than `plan` by one well-founded measure: fewer steps, weaker
// net/disk faults, fewer or smaller clock skews, narrower partitions, quicker restarts, an
// earlier heal. A greedy loop (shrinkLoop.ts) keeps the first candidate that still fails and
// starts over from it, so shrinking always terminates. Faults stay at logical points (virtual
// times, k-th write, node names): a shrunk plan keeps its meaning after code changes.
import type { ClockSkew } from './clock';
import type { FaultAction } from './faults';
import type { DiskFaults } from './fs/simFs';
import { nodesOf, type NodeSel } from './net/links';
import type { FaultPlan, FaultStep } from './plan';
import type { Ratio } from './rng';

export interface PlanCandidate {
  /** What changed, e.g. `drop steps 2..3` or `net.lossRatio -> 0`. */
  readonly label: string;
  readonly plan: FaultPlan;
}

const ZERO: Ratio = [0, 1];
const isZero = (r: Ratio | undefined): boolean => r === undefined || r[0] === 0;

/** How much is going on in a plan: steps plus active net/disk/clock settings (for reports). */
export function planSize(plan: FaultPlan): number {
  const net = plan.net ?? {};
  const disk = plan.disk ?? {};
  const active = [
    !isZero(net.lossRatio),
    !isZero(net.duplicateRatio),
    net.latency !== undefined,
    disk.tornWrites === true,
    !isZero(disk.eioRatio),
    disk.quotaBytes !== undefined && disk.quotaBytes !== null,
    (disk.latencyMsMax ?? 0) > 0,
  ].filter(Boolean).length;
  const skewed = Object.values(plan.clocks ?? {}).filter((s) => !isNoSkew(s)).length;
  return plan.steps.length + active + skewed;
}

function isNoSkew(s: ClockSkew): boolean {
  return s.kind === 'fixed' && s.offsetMs === 0;
}

/** Every candidate, lazily: steps first (they matter most), then settings, then step details. */
export function* shrinkCandidates(plan: FaultPlan): Generator<PlanCandidate> {
  yield* dropSteps(plan);
  yield* weakenNet(plan);
  yield* weakenDisk(plan);
  yield* weakenClocks(plan);
  yield* weakenSteps(plan);
  yield* healEarlier(plan);
}

/** Delta-debugging order: drop halves, then quarters, ... then single steps. */
function* dropSteps(plan: FaultPlan): Generator<PlanCandidate> {
  const n = plan.steps.length;
  if (n === 0) return;
  yield { label: `drop all ${n} steps`, plan: { ...plan, steps: [] } };
  for (let size = Math.floor(n / 2); size >= 1; size = Math.floor(size / 2)) {
    for (let from = 0; from + size <= n; from += size) {
      const steps = [...plan.steps.slice(0, from), ...plan.steps.slice(from + size)];
      yield { label: size === 1 ? `drop step ${from} (${plan.steps[from].op})` : `drop steps ${from}..${from + size - 1}`, plan: { ...plan, steps } };
    }
  }
}

function* weakenNet(plan: FaultPlan): Generator<PlanCandidate> {
  const net = plan.net;
  if (net === undefined) return;
  if (!isZero(net.lossRatio)) yield { label: 'net.lossRatio -> 0', plan: { ...plan, net: { ...net, lossRatio: ZERO } } };
  if (!isZero(net.duplicateRatio)) yield { label: 'net.duplicateRatio -> 0', plan: { ...plan, net: { ...net, duplicateRatio: ZERO } } };
  if (net.latency !== undefined) {
    const { latency: _latency, ...rest } = net;
    yield { label: 'net.latency -> default', plan: { ...plan, net: rest } };
  }
}

function* weakenDisk(plan: FaultPlan): Generator<PlanCandidate> {
  const disk = plan.disk;
  if (disk === undefined) return;
  const set = (label: string, patch: Partial<DiskFaults>): PlanCandidate => ({ label, plan: { ...plan, disk: { ...disk, ...patch } } });
  if (disk.tornWrites === true) yield set('disk.tornWrites -> false', { tornWrites: false });
  if (!isZero(disk.eioRatio)) yield set('disk.eioRatio -> 0', { eioRatio: ZERO });
  if (disk.quotaBytes !== undefined && disk.quotaBytes !== null) yield set('disk.quotaBytes -> none', { quotaBytes: null });
  if ((disk.latencyMsMax ?? 0) > 0) yield set('disk latency -> 0', { latencyMsMin: 0, latencyMsMax: 0 });
}

/** A skew closer to none: halve every magnitude, or none at all. */
export function smallerSkew(s: ClockSkew): ClockSkew | null {
  if (isNoSkew(s)) return null;
  const half = (v: number): number => Math.trunc(v / 2);
  switch (s.kind) {
    case 'fixed':
      return { kind: 'fixed', offsetMs: half(s.offsetMs) };
    case 'linear':
      return s.driftPpm === 0 ? { kind: 'fixed', offsetMs: s.offsetMs } : { ...s, offsetMs: half(s.offsetMs), driftPpm: half(s.driftPpm) };
    case 'periodic':
      return s.amplitudeMs === 0 ? { kind: 'fixed', offsetMs: s.offsetMs } : { ...s, offsetMs: half(s.offsetMs), amplitudeMs: half(s.amplitudeMs) };
    case 'step':
      return s.jumpMs === 0 ? { kind: 'fixed', offsetMs: s.offsetMs } : { ...s, offsetMs: half(s.offsetMs), jumpMs: half(s.jumpMs) };
  }
}

function* weakenClocks(plan: FaultPlan): Generator<PlanCandidate> {
  const clocks = plan.clocks;
  if (clocks === undefined) return;
  const nodes = Object.keys(clocks).sort();
  if (nodes.length === 0) return;
  if (nodes.length > 1) yield { label: 'clocks -> none', plan: withClocks(plan, {}) };
  for (const n of nodes) {
    const { [n]: _dropped, ...rest } = clocks;
    yield { label: `clocks.${n} -> none`, plan: withClocks(plan, rest) };
  }
  for (const n of nodes) {
    const smaller = smallerSkew(clocks[n]);
    if (smaller !== null) yield { label: `clocks.${n} halved`, plan: withClocks(plan, { ...clocks, [n]: smaller }) };
  }
}

function withClocks(plan: FaultPlan, clocks: Readonly<Record<string, ClockSkew>>): FaultPlan {
  if (Object.keys(clocks).length > 0) return { ...plan, clocks };
  const { clocks: _clocks, ...rest } = plan;
  return rest;
}

/** Weaker versions of one step's action, or none. */
export function weakerActions(a: FaultAction): { label: string; action: FaultAction }[] {
  const out: { label: string; action: FaultAction }[] = [];
  const narrower = (sel: NodeSel): NodeSel[] => {
    const ns = nodesOf(sel);
    return ns.length <= 1 ? [] : ns.map((_, i) => ns.filter((_n, j) => j !== i));
  };
  switch (a.op) {
    case 'crash':
    case 'crash-at-write':
      if (a.restartAfterMs !== undefined && a.restartAfterMs > 1) {
        out.push({ label: 'restart after 1 ms', action: { ...a, restartAfterMs: 1 } });
        const half = Math.floor(a.restartAfterMs / 2);
        if (half > 1) out.push({ label: `restart after ${half} ms`, action: { ...a, restartAfterMs: half } });
      }
      if (a.op === 'crash') for (const node of narrower(a.node)) out.push({ label: `crash only ${nodesOf(node).join(',')}`, action: { ...a, node } });
      return out;
    case 'partition':
    case 'repair':
      for (const x of narrower(a.a)) out.push({ label: `a -> ${nodesOf(x).join(',')}`, action: { ...a, a: x } });
      for (const x of narrower(a.b)) out.push({ label: `b -> ${nodesOf(x).join(',')}`, action: { ...a, b: x } });
      return out;
    case 'partition-oneway':
    case 'repair-oneway':
      for (const x of narrower(a.from)) out.push({ label: `from -> ${nodesOf(x).join(',')}`, action: { ...a, from: x } });
      for (const x of narrower(a.to)) out.push({ label: `to -> ${nodesOf(x).join(',')}`, action: { ...a, to: x } });
      return out;
    case 'skew': {
      const s = smallerSkew(a.skew);
      if (s !== null) out.push({ label: 'skew halved', action: { ...a, skew: s } });
      return out;
    }
    case 'disk':
      if (!isZero(a.faults.eioRatio)) out.push({ label: 'eio off', action: { ...a, faults: { ...a.faults, eioRatio: ZERO } } });
      if (a.faults.tornWrites === true) out.push({ label: 'torn writes off', action: { ...a, faults: { ...a.faults, tornWrites: false } } });
      if (a.faults.quotaBytes !== undefined && a.faults.quotaBytes !== null) out.push({ label: 'quota off', action: { ...a, faults: { ...a.faults, quotaBytes: null } } });
      if ((a.faults.latencyMsMax ?? 0) > 0) out.push({ label: 'latency off', action: { ...a, faults: { ...a.faults, latencyMsMin: 0, latencyMsMax: 0 } } });
      return out;
    case 'net':
      if (!isZero(a.net.lossRatio)) out.push({ label: 'loss off', action: { ...a, net: { ...a.net, lossRatio: ZERO } } });
      if (!isZero(a.net.duplicateRatio)) out.push({ label: 'dup off', action: { ...a, net: { ...a.net, duplicateRatio: ZERO } } });
      return out;
    default:
      return out;
  }
}

function* weakenSteps(plan: FaultPlan): Generator<PlanCandidate> {
  for (let i = 0; i < plan.steps.length; i++) {
    const step = plan.steps[i];
    for (const w of weakerActions(step)) {
      const at = step.atStep !== undefined ? { atStep: step.atStep } : { atMs: step.atMs };
      const steps = plan.steps.slice();
      steps[i] = { ...w.action, ...at } as FaultStep;
      yield { label: `step ${i} (${step.op}): ${w.label}`, plan: { ...plan, steps } };
    }
  }
}

/** The heal phase starts earlier, but never before the last timed fault. */
function* healEarlier(plan: FaultPlan): Generator<PlanCandidate> {
  const heal = plan.healAtMs;
  if (heal === undefined || heal === null) return;
  const lastMs = plan.steps.reduce((m, s) => Math.max(m, s.atMs ?? 0), 0);
  const floor = lastMs + 1;
  if (floor >= heal) return;
  yield { label: `heal at ${floor} ms`, plan: { ...plan, healAtMs: floor } };
  const mid = floor + Math.floor((heal - floor) / 2);
  if (mid > floor && mid < heal) yield { label: `heal at ${mid} ms`, plan: { ...plan, healAtMs: mid } };
}

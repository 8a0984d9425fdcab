// Random fault plans ("swarm" style): each seed switches some fault kinds on and others off,
// then draws bounded faults of the enabled kinds inside the chaos phase. Crashes mostly come
// with a restart, partitions with a repair, so a plan stays within a recoverable fault model.
import type { ClockSkew } from './clock';
import type { FaultStep } from './plan';
import type { FaultPlan } from './plan';
import type { Ratio, Rng } from './rng';

export type FaultKind = 'crash' | 'crash-at-write' | 'partition' | 'oneway' | 'isolate' | 'skew' | 'disk' | 'loss' | 'dup';

export const FAULT_KINDS: readonly FaultKind[] = ['crash', 'crash-at-write', 'partition', 'oneway', 'isolate', 'skew', 'disk', 'loss', 'dup'];

export interface PlanGenOptions {
  readonly nodes: readonly string[];
  /** Nodes that may crash. Default: all. */
  readonly crashable?: readonly string[];
  /** The chaos phase ends (heal starts) here. */
  readonly healAtMs: number;
  /** At most this many timed faults. Default 8. */
  readonly faultsMax?: number;
  /** No clock ever reads more than this far from global time. Default 500. */
  readonly skewMsMax?: number;
  /** Kinds that may be enabled. Default: all. */
  readonly kinds?: readonly FaultKind[];
  /** Highest k for crash-at-write. Default 40. */
  readonly writeIndexMax?: number;
}

function randomSkew(rng: Rng, maxMs: number, horizonMs: number): ClockSkew {
  const offsetMs = rng.between(-Math.floor(maxMs / 2), Math.floor(maxMs / 2));
  const room = maxMs - Math.abs(offsetMs);
  switch (rng.int(4)) {
    case 0:
      return { kind: 'fixed', offsetMs };
    case 1: {
      const ppmMax = Math.floor((room * 1_000_000) / Math.max(1, horizonMs * 4));
      return { kind: 'linear', offsetMs, driftPpm: rng.between(-ppmMax, ppmMax) };
    }
    case 2:
      return { kind: 'periodic', offsetMs, amplitudeMs: rng.between(0, room), periodMs: rng.between(50, 2000) };
    default:
      return { kind: 'step', offsetMs, atMs: rng.between(0, horizonMs), jumpMs: rng.between(-room, room) };
  }
}

function split(rng: Rng, nodes: readonly string[]): [string[], string[]] {
  const shuffled = rng.shuffled(nodes);
  const k = rng.between(1, Math.max(1, shuffled.length - 1));
  return [shuffled.slice(0, k), shuffled.slice(k)];
}

function oneFault(rng: Rng, kind: FaultKind, o: PlanGenOptions, atMs: number): FaultStep[] {
  const nodes = o.nodes;
  const crashable = o.crashable ?? nodes;
  const later = (): number => atMs + rng.between(1, Math.max(1, o.healAtMs - atMs));
  switch (kind) {
    case 'crash':
      return crashable.length === 0 ? [] : [{ atMs, op: 'crash', node: rng.pick(crashable), restartAfterMs: rng.between(1, 300) }];
    case 'crash-at-write':
      return crashable.length === 0 ? [] : [{ atMs, op: 'crash-at-write', node: rng.pick(crashable), k: rng.between(1, o.writeIndexMax ?? 40), when: rng.chance([1, 2]) ? 'before' : 'after', restartAfterMs: rng.between(1, 300) }];
    case 'partition': {
      if (nodes.length < 2) return [];
      const [a, b] = split(rng, nodes);
      return [{ atMs, op: 'partition', a, b }, { atMs: later(), op: 'repair', a, b }];
    }
    case 'oneway': {
      if (nodes.length < 2) return [];
      const [from, to] = split(rng, nodes);
      return [{ atMs, op: 'partition-oneway', from, to }, { atMs: later(), op: 'repair-oneway', from, to }];
    }
    case 'isolate': {
      const node = rng.pick(nodes);
      return [{ atMs, op: 'isolate', node }, { atMs: later(), op: 'rejoin', node }];
    }
    case 'skew':
      return [{ atMs, op: 'skew', node: rng.pick(nodes), skew: randomSkew(rng, o.skewMsMax ?? 500, o.healAtMs * 2) }];
    case 'disk': {
      const node = rng.pick(nodes);
      const eioRatio: Ratio = [1, rng.between(5, 50)];
      return [{ atMs, op: 'disk', node, faults: { eioRatio } }, { atMs: later(), op: 'disk', node, faults: { eioRatio: [0, 1] } }];
    }
    default:
      return [];
  }
}

/** A random, bounded, valid plan for `o.nodes`. */
export function randomPlan(rng: Rng, o: PlanGenOptions): FaultPlan {
  const enabled = (o.kinds ?? FAULT_KINDS).filter(() => rng.chance([2, 3]));
  const steps: FaultStep[] = [];
  const timed = enabled.filter((k) => k !== 'loss' && k !== 'dup');
  const count = timed.length === 0 ? 0 : rng.between(1, o.faultsMax ?? 8);
  for (let i = 0; i < count; i++) steps.push(...oneFault(rng, rng.pick(timed), o, rng.between(0, Math.max(0, o.healAtMs - 1))));
  steps.sort((a, b) => (a.atMs ?? 0) - (b.atMs ?? 0));
  const lossRatio: Ratio = enabled.includes('loss') ? [1, rng.between(5, 40)] : [0, 1];
  const duplicateRatio: Ratio = enabled.includes('dup') ? [1, rng.between(5, 40)] : [0, 1];
  return {
    version: 1,
    net: { lossRatio, duplicateRatio },
    disk: { tornWrites: enabled.includes('crash') || enabled.includes('crash-at-write') ? rng.chance([1, 2]) : false },
    steps,
    healAtMs: o.healAtMs,
  };
}

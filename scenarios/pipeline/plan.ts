// Seed-drawn fault plans for the pipeline world: a swarm plan over the world's nodes (each seed
// enables some fault kinds), with crash-at-write aimed at the store host (the only node that
// writes files), optional disk latency on the store host (so store calls interleave) until the heal,
// and an RPC timeout that keeps stalled calls short. Every plan heals at `healAtMs`.
import { randomPlan, type FaultKind, type FaultPlan, type FaultStep, type Rng } from '../../sim/index';
import { pipelineNodes, type PipelineOptions } from './options';

export interface PipelinePlanOptions {
  readonly healAtMs: number;
  /** Fault kinds a seed may enable. Default: all of sim's kinds. */
  readonly kinds?: readonly FaultKind[];
  /** No clock reads further than this from global time. Default 300. */
  readonly skewMsMax?: number;
  /** At most this many timed faults. Default 6. */
  readonly faultsMax?: number;
  /** Highest k for crash-at-write on the store host. Default 400. */
  readonly writeIndexMax?: number;
  /** Odds that the store host's disk gets 0..3 ms latency per op. Default 1/3. */
  readonly diskLatencyOdds?: readonly [number, number];
}

/** Crash-at-write only means something on the store host: retarget it there. */
function aimWrites(steps: readonly FaultStep[], host: string): FaultStep[] {
  return steps.map((s) => (s.op === 'crash-at-write' ? { ...s, node: host } : s));
}

export function pipelinePlan(rng: Rng, o: PipelineOptions, p: PipelinePlanOptions): FaultPlan {
  const base = randomPlan(rng.fork('swarm'), {
    nodes: pipelineNodes(o),
    healAtMs: p.healAtMs,
    kinds: p.kinds,
    skewMsMax: p.skewMsMax ?? 300,
    faultsMax: p.faultsMax ?? 6,
    writeIndexMax: p.writeIndexMax ?? 400,
  });
  const latency = rng.chance(p.diskLatencyOdds ?? [1, 3]);
  const steps = aimWrites(base.steps, o.storeHost);
  // A slow disk is a chaos-phase fault: the heal phase restores a fast one.
  const disk: FaultStep[] = latency
    ? [
        { atMs: 0, op: 'disk', node: o.storeHost, faults: { latencyMsMin: 0, latencyMsMax: 3 } },
        { atMs: p.healAtMs, op: 'disk', node: o.storeHost, faults: { latencyMsMin: 0, latencyMsMax: 0 } },
      ]
    : [];
  return { ...base, net: { ...base.net, requestTimeoutMs: o.rpcTimeoutMs }, steps: [...disk, ...steps] };
}

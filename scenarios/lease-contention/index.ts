// lease-contention: the replay lease under pressure. Workers' clocks are skewed (up to a second
// and a half either way, some drifting or jumping), message latency has spikes longer than the
// lease TTL, partitions and isolation cut workers off mid-run, so leases expire while their holder
// still works; in `original` the store-backed coordinator runs on each worker over RPC (a remote
// load then a remote save, no fencing, the caller's clock). Invariants as fair-replay.
import type { ClockSkew, FaultPlan, Rng } from '../../sim/index';
import { pipelineFromBuild, pipelineInvariants, pipelinePlan, resolvePipelineOptions, type PipelineOptions, type PipelineOptionsInput, type PipelineState } from '../pipeline/index';
import { defineScenario, type Scenario } from '../registry';

export const LEASE_CONTENTION = 'lease-contention';
export const LEASE_CONTENTION_HEAL_AT_MS = 2600;
/** Workers' clocks stay within this of global time. */
export const LEASE_SKEW_MS_MAX = 1500;

/** The scenario's own defaults: a shorter TTL, so runs outlive leases. */
export const LEASE_CONTENTION_DEFAULTS: PipelineOptionsInput = { leaseTtlMs: 250 };

function workerSkew(rng: Rng): ClockSkew {
  const offsetMs = rng.between(-LEASE_SKEW_MS_MAX / 2, LEASE_SKEW_MS_MAX / 2);
  switch (rng.int(3)) {
    case 0:
      return { kind: 'fixed', offsetMs };
    case 1:
      return { kind: 'linear', offsetMs, driftPpm: rng.between(-100_000, 100_000) };
    default:
      return { kind: 'step', offsetMs, atMs: rng.between(200, 2000), jumpMs: rng.between(-LEASE_SKEW_MS_MAX / 2, LEASE_SKEW_MS_MAX / 2) };
  }
}

export function leaseContentionPlan(rng: Rng, o: PipelineOptions): FaultPlan {
  const base = pipelinePlan(rng, o, {
    healAtMs: LEASE_CONTENTION_HEAL_AT_MS,
    kinds: ['partition', 'oneway', 'isolate', 'crash', 'loss', 'dup', 'skew'],
    skewMsMax: LEASE_SKEW_MS_MAX,
  });
  const skewed = rng.shuffled(o.workers).slice(0, rng.between(1, o.workers.length));
  const clocks = Object.fromEntries(skewed.map((w) => [w, workerSkew(rng.fork(`clock/${w}`))]));
  const spikeMs = rng.between(o.leaseTtlMs, o.leaseTtlMs * 2);
  const latency = { kind: 'spiky' as const, minMs: 1, maxMs: 4, spikeRatio: [1, rng.between(15, 60)] as const, spikeMs };
  // The spikes are a chaos-phase fault: the heal phase restores ordinary latency.
  const calm = { atMs: LEASE_CONTENTION_HEAL_AT_MS, op: 'net' as const, net: { latency: { kind: 'uniform' as const, minMs: 1, maxMs: 4 } } };
  return { ...base, clocks, net: { ...base.net, latency, requestTimeoutMs: o.rpcTimeoutMs + spikeMs }, steps: [...base.steps, calm] };
}

export function makeLeaseContention(options: PipelineOptionsInput = {}): Scenario {
  const input = { ...LEASE_CONTENTION_DEFAULTS, ...options };
  const resolved = resolvePipelineOptions(input);
  return defineScenario<PipelineState>({
    name: LEASE_CONTENTION,
    description: 'replay leases under clock skew (up to 1.5 s), latency spikes past the TTL, partitions: one replayer per target, stale holders fenced',
    defaultSeed: '1',
    limits: { maxSteps: 60_000, untilMs: resolved.endMs + 1000 },
    plan: (_seed, rng) => leaseContentionPlan(rng, resolved),
    build: (ctx) => ({ state: { pipeline: pipelineFromBuild(ctx, input) }, invariants: pipelineInvariants() }),
  });
}

export const leaseContention = makeLeaseContention();

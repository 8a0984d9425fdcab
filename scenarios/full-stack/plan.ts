// full-stack's seed-drawn fault plans: a swarm plan over every node (each seed enables some fault
// kinds: crashes, crash at any write of any node, partitions, one-way cuts, isolation, skew and
// clock jumps up to 2 s, EIO, loss, duplication; torn writes with crashes; on one seed in three an ENOSPC
// window on some node's disk), spread over the 45 minutes of chaos,
// then a heal. Message loss is scaled to at most 1 in 40 (the RPC proxy has no retries: heavier
// loss would fail nearly every multi-call run) and the store host may get 0..3 ms of latency per
// disk op, so store calls interleave. Message duplication is drawn too (scaled like loss); it can
// be switched off (`duplication: false`).
import { randomPlan, type FaultPlan, type FaultStep, type Ratio, type Rng } from '../../sim/index';
import { FULL_STACK_HEAL_AT_MS } from './pace';

export const FULL_STACK_NODES: readonly string[] = ['c1', 'n1', 'n2', 'n3', 's1', 'storage'];
export const STORE_HOST = 'storage';

const soften = (r: Ratio | undefined): Ratio => (r === undefined || r[0] === 0 ? [0, 1] : [1, r[1] * 4]);

/** The store host writes far more than any other node: aim half of its crash-at-write faults high. */
function aimWrites(steps: readonly FaultStep[], rng: Rng): FaultStep[] {
  return steps.map((s) => (s.op === 'crash-at-write' && s.node === STORE_HOST ? { ...s, k: s.k * rng.between(1, 40) } : s));
}

export function fullStackPlan(rng: Rng, duplication = true): FaultPlan {
  const base = randomPlan(rng.fork('swarm'), {
    nodes: FULL_STACK_NODES,
    healAtMs: FULL_STACK_HEAL_AT_MS,
    faultsMax: 14,
    skewMsMax: 2000,
    writeIndexMax: 120,
  });
  const latency: FaultStep[] = rng.chance([1, 3]) ? [{ atMs: 0, op: 'disk', node: STORE_HOST, faults: { latencyMsMin: 0, latencyMsMax: 3 } }] : [];
  const full = rng.fork('enospc');
  const quota: FaultStep[] = [];
  if (full.chance([1, 3])) {
    const from = full.between(0, FULL_STACK_HEAL_AT_MS - 60_000);
    const node = full.pick(FULL_STACK_NODES);
    quota.push({ atMs: from, op: 'disk', node, faults: { quotaBytes: full.between(2_000, 40_000) } }, { atMs: from + full.between(1_000, 600_000), op: 'disk', node, faults: { quotaBytes: null } });
  }
  return {
    ...base,
    net: { lossRatio: soften(base.net?.lossRatio), duplicateRatio: duplication ? soften(base.net?.duplicateRatio) : [0, 1], requestTimeoutMs: 200 },
    steps: [...latency, ...aimWrites(base.steps, rng.fork('writes')), ...quota].sort((a, b) => (a.atMs ?? 0) - (b.atMs ?? 0)),
  };
}

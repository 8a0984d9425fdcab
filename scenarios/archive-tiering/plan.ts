// The seed's fault plan: a swarm plan over every node (timed crashes, partitions, isolation, skew
// steps, EIO windows, loss, duplication), skewed worker clocks from the start, and — on most seeds —
// a crash of the storage node at its k-th write (inside an append, a prune's rewrite or an
// offload's cold/hot rewrite) and sometimes of a worker at its k-th journal write. Torn writes
// are on whenever a crash-at-write is planned on half the seeds.
import { randomPlan, type ClockSkew, type FaultKind, type FaultPlan, type FaultStep, type Rng } from '../../sim/index';
import { NODES, PACE, STORAGE, WORKERS } from './config';

/** Writes the storage node makes in a run are in the hundreds; workers journal tens of lines. */
export const STORAGE_WRITE_INDEX_MAX = 1000;
export const WORKER_WRITE_INDEX_MAX = 60;
/** Worker clocks start up to this far off (and swarm skew steps add up to the same again). */
export const SKEW_MS_MAX = 300;

const TIMED_KINDS: readonly FaultKind[] = ['crash', 'partition', 'oneway', 'isolate', 'skew', 'disk', 'loss', 'dup'];

function initialSkew(rng: Rng): ClockSkew {
  const offsetMs = rng.between(-SKEW_MS_MAX, SKEW_MS_MAX);
  return rng.chance([1, 2]) ? { kind: 'fixed', offsetMs } : { kind: 'linear', offsetMs, driftPpm: rng.between(-20_000, 20_000) };
}

function crashAtWrite(rng: Rng, node: string, kMax: number): FaultStep {
  return { atMs: 0, op: 'crash-at-write', node, k: rng.between(1, kMax), when: rng.chance([1, 2]) ? 'before' : 'after', restartAfterMs: rng.between(10, 200) };
}

export function archiveTieringPlan(rng: Rng): FaultPlan {
  const base = randomPlan(rng.fork('swarm'), { nodes: NODES, healAtMs: PACE.healAtMs, skewMsMax: SKEW_MS_MAX, faultsMax: 5, kinds: TIMED_KINDS });
  const extra: FaultStep[] = [];
  if (rng.chance([2, 3])) extra.push(crashAtWrite(rng, STORAGE, STORAGE_WRITE_INDEX_MAX));
  if (rng.chance([1, 3])) extra.push(crashAtWrite(rng, rng.pick(WORKERS), WORKER_WRITE_INDEX_MAX));
  const steps = [...extra, ...base.steps].sort((a, b) => (a.atMs ?? 0) - (b.atMs ?? 0));
  const clocks = Object.fromEntries(WORKERS.map((w) => [w, initialSkew(rng)]));
  const tornWrites = extra.length > 0 ? rng.chance([1, 2]) : (base.disk?.tornWrites ?? false);
  return { ...base, net: { ...base.net, requestTimeoutMs: PACE.requestTimeoutMs }, disk: { tornWrites }, clocks, steps };
}

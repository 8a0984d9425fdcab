// kernel-selftest: exercises the simulator itself (network, files, crashes, skew) before the
// core lands. A storage node `s1` serves a durable counter over RPC; workers `w1..w3` increment
// it and journal each ack locally. The seed's plan always crashes `s1` once, and may add worker
// crashes (timed or at the k-th write), partitions, isolation, skew, EIO, loss and duplication,
// then heals. Under `hardened` every invariant holds; under `original` (in-place writes and
// unsynced appends) a crash loses acknowledged state, which the invariants catch.
import { randomPlan, type ClockSkew, type FaultPlan, type Rng } from '../../sim/index';
import { defineScenario } from '../registry';
import { counterServer } from './counterServer';
import { SELFTEST_INVARIANTS, SKEW_MS_MAX } from './invariants';
import { initialState, type SelftestState } from './state';
import { worker } from './worker';

export const SERVER = 's1';
export const WORKERS = ['w1', 'w2', 'w3'] as const;
export const NODES = [SERVER, ...WORKERS];
export const OPS_PER_WORKER = 25;
const HEAL_AT_MS = 1500;

function initialSkew(rng: Rng): ClockSkew {
  const offsetMs = rng.between(-SKEW_MS_MAX / 4, SKEW_MS_MAX / 4);
  return rng.chance([1, 2]) ? { kind: 'fixed', offsetMs } : { kind: 'linear', offsetMs, driftPpm: rng.between(-20_000, 20_000) };
}

/** The seed's plan: a random swarm plan, a guaranteed crash of the server, skewed clocks. */
export function selftestPlan(rng: Rng): FaultPlan {
  const base = randomPlan(rng.fork('swarm'), { nodes: NODES, healAtMs: HEAL_AT_MS, skewMsMax: SKEW_MS_MAX / 2, faultsMax: 6 });
  const serverCrash = { atMs: rng.between(300, HEAL_AT_MS - 300), op: 'crash' as const, node: SERVER, restartAfterMs: rng.between(20, 200) };
  const steps = [...base.steps, serverCrash].sort((a, b) => (a.atMs ?? 0) - (b.atMs ?? 0));
  const clocks = Object.fromEntries(NODES.map((n) => [n, initialSkew(rng)]));
  return { ...base, net: { ...base.net, requestTimeoutMs: 200 }, clocks, steps };
}

export const kernelSelftest = defineScenario<SelftestState>({
  name: 'kernel-selftest',
  description: 'durable counter on a storage node + 3 journaling workers under crashes, partitions, skew and disk faults',
  defaultSeed: '1',
  limits: { maxSteps: 200_000, untilMs: 60_000 },
  plan: (_seed, rng) => selftestPlan(rng),
  build: ({ sim, profile, rng }) => {
    const state = initialState(WORKERS, OPS_PER_WORKER);
    sim.addNode(SERVER, { program: counterServer(state, profile) });
    for (const w of WORKERS) sim.addNode(w, { program: worker(state, profile, SERVER, rng.fork(w)) });
    return { state, invariants: SELFTEST_INVARIANTS, isDone: () => WORKERS.every((w) => state.finished[w]) };
  },
});

// A long run for the tui benchmark: the kernel self-test's storage node and journaling workers,
// incrementing without end, with a crash of some node and a short partition every few virtual
// seconds, stopped by a step budget (100,000 steps by default). Not registered as a scenario.
import { defineScenario, type Scenario } from '../scenarios/registry';
import { counterServer } from '../scenarios/kernel-selftest/counterServer';
import { initialState, type SelftestState } from '../scenarios/kernel-selftest/state';
import { worker } from '../scenarios/kernel-selftest/worker';
import type { FaultPlan, FaultStep } from '../sim/plan';

const SERVER = 's1';
const WORKERS = ['w1', 'w2', 'w3'] as const;
const NODES = [SERVER, ...WORKERS];

/** A crash (with restart) and a 200 ms partition every 3 s of virtual time, for `horizonMs`. */
function soakPlan(horizonMs: number): FaultPlan {
  const steps: FaultStep[] = [];
  for (let k = 0, at = 1000; at < horizonMs; k++, at += 3000) {
    steps.push({ atMs: at, op: 'crash', node: NODES[k % NODES.length], restartAfterMs: 80 });
    steps.push({ atMs: at + 1500, op: 'partition', a: [WORKERS[k % WORKERS.length]], b: [SERVER] });
    steps.push({ atMs: at + 1700, op: 'repair', a: [WORKERS[k % WORKERS.length]], b: [SERVER] });
  }
  return { version: 1, net: { lossRatio: [1, 100], duplicateRatio: [1, 100], requestTimeoutMs: 200 }, disk: { tornWrites: true }, steps, healAtMs: null };
}

export function tuiSoakScenario(maxSteps = 100_000): Scenario {
  return defineScenario<SelftestState>({
    name: 'tui-bench-soak',
    description: 'kernel self-test nodes incrementing forever under periodic crashes and partitions (tui benchmark)',
    defaultSeed: '1',
    limits: { maxSteps, untilMs: 100_000_000 },
    plan: () => soakPlan(Math.ceil(maxSteps * 12)),
    build: ({ sim, profile, rng }) => {
      const state = initialState(WORKERS, Number.MAX_SAFE_INTEGER);
      sim.addNode(SERVER, { program: counterServer(state, profile) });
      for (const w of WORKERS) sim.addNode(w, { program: worker(state, profile, SERVER, rng.fork(w)) });
      return { state, invariants: [] };
    },
    allowProcessErrors: true,
  });
}

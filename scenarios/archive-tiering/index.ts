// archive-tiering: the governance audit archive's retention (prune) and hot/cold tiered offload
// under concurrency and crashes. The hot and cold tiers live on the `storage` node (file-backed,
// served over RPC); workers n1..n3 append uniquely numbered audit records with skewed clocks and
// run prune and offload on their own schedules; the plan crashes the storage node and workers
// (at any write, inside prune and offload too), tears writes, partitions, loses and duplicates
// messages and skews clocks, then heals. Invariants: `archive-tiers` (never in both tiers),
// `archive-no-loss` (never in neither), `retention` (a prune removes only what its policy drops
// from what it read), `retention-floor` (never the whole archive), `archive-decodable` (durable
// archive files decode); liveness: `workers-finish`, `archive-settles`.
import { archiveDecodable } from '../checkers/archive-decodable';
import { archiveNoLoss } from '../checkers/archive-no-loss';
import { retentionFloor } from '../checkers/archive-retention-floor';
import { archiveTiers } from '../checkers/archive-tiers';
import { hotUidsNow } from '../checkers/archive-view';
import { retention } from '../checkers/retention';
import { defineScenario, type Invariant } from '../registry';
import { PACE, STORAGE, WORKERS } from './config';
import { archiveSettles, workersFinish } from './liveness';
import { archiveTieringPlan } from './plan';
import { initialState, type ArchiveTieringState } from './state';
import { DEFAULT_DEPLOYMENT, storageProgram, type ArchiveDeployment } from './storage';
import { workerProgram } from './worker';
import { installWriteback, writebackIntervalOf } from './writeback';

export const ARCHIVE_TIERING_INVARIANTS: readonly Invariant<ArchiveTieringState>[] = [
  archiveTiers,
  archiveNoLoss,
  retention,
  retentionFloor,
  archiveDecodable,
  workersFinish,
  archiveSettles,
];

/**
 * The scenario; `deployment` varies how the hardened entry points are deployed (tests use it to
 * show a known gap of the bare core contract). The registered one uses DEFAULT_DEPLOYMENT.
 */
export function createArchiveTieringScenario(deployment: ArchiveDeployment = DEFAULT_DEPLOYMENT, name = 'archive-tiering') {
  return defineScenario<ArchiveTieringState>({
    name,
    description: 'governance audit archive: concurrent appends, prune and hot/cold offload on a storage node under crashes, torn writes, partitions and skew',
    defaultSeed: '1',
    limits: { maxSteps: 60_000, untilMs: 20_000 },
    plan: (_seed, rng) => archiveTieringPlan(rng),
    build: ({ sim, profile, rng }) => {
      const state = initialState(profile);
      const step = () => sim.steps;
      sim.addNode(STORAGE, { program: storageProgram(state, profile, { step, hotUids: () => hotUidsNow(sim, state.archive) }, deployment) });
      for (const w of WORKERS) {
        sim.addNode(w, { program: workerProgram({ state, profile, rng: rng.fork(w), globalNowMs: () => sim.nowMs, step }) });
      }
      const writebackMs = writebackIntervalOf(rng.fork('os'));
      if (writebackMs !== null) installWriteback(sim, { intervalMs: writebackMs, untilMs: PACE.maintenanceEndMs + 2000 });
      return { state, invariants: ARCHIVE_TIERING_INVARIANTS, isDone: () => WORKERS.every((w) => state.finished[w]) };
    },
  });
}

export const archiveTiering = createArchiveTieringScenario();

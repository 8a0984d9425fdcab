// One sweep worker: runs seeds of one scenario and profile and reports a small result per seed.
// Forked by sweepPool.ts (child_process, IPC messages); `runSeed` is also what the in-process
// runner calls, so both paths produce the same results.
import type { Profile } from '../core/ports';
import { findScenario } from '../scenarios/index';
import type { InvariantKind, RunStatus } from '../scenarios/registry';

export interface SweepJob {
  readonly scenario: string;
  readonly profile: Profile;
}

export interface SeedViolation {
  readonly invariant: string;
  readonly kind: InvariantKind;
  readonly step: number;
  readonly timeMs: number;
  readonly node: string | null;
  readonly message: string;
}

export interface SeedResult {
  readonly seed: string;
  /** `error`: the run itself threw (a bug in the scenario or the simulator, not a finding). */
  readonly status: RunStatus | 'error';
  readonly violations: readonly SeedViolation[];
  readonly steps: number;
  readonly timeMs: number;
  readonly planHash: string;
  readonly error?: string;
}

export type WorkerRequest = { readonly type: 'run'; readonly job: SweepJob; readonly seed: string };
export type WorkerReply = { readonly type: 'result'; readonly result: SeedResult };

export async function runSeed(job: SweepJob, seed: string): Promise<SeedResult> {
  const scenario = findScenario(job.scenario);
  const empty = { seed, violations: [], steps: 0, timeMs: 0, planHash: '' };
  if (scenario === undefined) return { ...empty, status: 'error', error: `unknown scenario '${job.scenario}'` };
  try {
    // Trace off, as in the property suite: a failing seed is re-run traced when it is shrunk.
    const r = await scenario.run(seed, { profile: job.profile, trace: { mode: 'off' } });
    return {
      seed,
      status: r.status,
      violations: r.violations.map((v) => ({ invariant: v.invariant, kind: v.kind, step: v.step, timeMs: v.timeMs, node: v.node ?? null, message: v.message })),
      steps: r.steps,
      timeMs: r.timeMs,
      planHash: r.planHash,
    };
  } catch (e) {
    return { ...empty, status: 'error', error: e instanceof Error ? (e.stack ?? e.message) : String(e) };
  }
}

function serve(): void {
  process.on('message', (msg: WorkerRequest) => {
    if (msg?.type !== 'run') return;
    void runSeed(msg.job, msg.seed).then((result) => process.send?.({ type: 'result', result } satisfies WorkerReply));
  });
  process.on('disconnect', () => process.exit(0));
}

const forked = typeof process.send === 'function' && process.argv[1] !== undefined && /sweepWorker\.ts$/.test(process.argv[1]);
if (forked) serve();

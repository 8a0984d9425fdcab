// Runs a list of seeds on N runners: forked worker processes (child_process.fork of
// sweepWorker.ts under the tsx loader), or the current process when N is 1. Seeds are handed
// out in ascending order, one at a time per runner; once `stop()` says so no new seed starts,
// but seeds already running finish, so every seed below a reported failure has been run.
import { fork, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { runSeed, type SeedResult, type SweepJob, type WorkerReply, type WorkerRequest } from './sweepWorker';

export interface SeedRunner {
  run(seed: string): Promise<SeedResult>;
  close(): void;
}

export function inProcessRunner(job: SweepJob): SeedRunner {
  return { run: (seed) => runSeed(job, seed), close: () => undefined };
}

const workerFile = fileURLToPath(new URL('./sweepWorker.ts', import.meta.url));

function tsxLoaderUrl(): string {
  return pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
}

/** A worker process; one seed at a time. A worker that dies fails its seed with status `error`. */
export function processRunner(job: SweepJob): SeedRunner {
  const child: ChildProcess = fork(workerFile, [], { execArgv: ['--import', tsxLoaderUrl()], stdio: ['ignore', 'inherit', 'inherit', 'ipc'], serialization: 'json' });
  let pending: { seed: string; resolve: (r: SeedResult) => void } | null = null;
  let exited: string | null = null;
  const failPending = (why: string): void => {
    const p = pending;
    pending = null;
    p?.resolve({ seed: p.seed, status: 'error', violations: [], steps: 0, timeMs: 0, planHash: '', error: why });
  };
  child.on('message', (msg: WorkerReply) => {
    if (msg?.type !== 'result' || pending === null) return;
    const p = pending;
    pending = null;
    p.resolve(msg.result);
  });
  child.on('exit', (code, signal) => {
    exited = `worker process exited (${signal ?? `code ${code}`})`;
    failPending(exited);
  });
  child.on('error', (e) => failPending(`worker process failed: ${e.message}`));
  return {
    run(seed) {
      if (exited !== null) return Promise.resolve({ seed, status: 'error', violations: [], steps: 0, timeMs: 0, planHash: '', error: exited });
      return new Promise((resolve) => {
        pending = { seed, resolve };
        child.send({ type: 'run', job, seed } satisfies WorkerRequest);
      });
    },
    close() {
      if (child.connected) child.disconnect();
    },
  };
}

export function createRunners(job: SweepJob, jobs: number): SeedRunner[] {
  if (jobs <= 1) return [inProcessRunner(job)];
  return Array.from({ length: jobs }, () => processRunner(job));
}

/** Runs `seeds` on `runners`; results come back in completion order through `onResult`. */
export async function runSeeds(seeds: readonly string[], runners: readonly SeedRunner[], onResult: (r: SeedResult) => void, stop: () => boolean): Promise<SeedResult[]> {
  const results: SeedResult[] = [];
  let next = 0;
  await Promise.all(
    runners.map(async (runner) => {
      while (next < seeds.length && !stop()) {
        const seed = seeds[next++];
        const r = await runner.run(seed);
        results.push(r);
        onResult(r);
      }
    }),
  );
  return results;
}

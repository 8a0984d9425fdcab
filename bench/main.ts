// `npm run bench -- kernel`: the same ring workload (N async processes exchanging timers and
// messages) on (a) awsim's scheduler, (b) @sinonjs/fake-timers runAllAsync, (c) a bare binary-heap
// loop without promises; plus a fixed fs op mix on the fake disk. Prints events/s and ratios and
// writes reports/bench-kernel.json. Each driver is warmed up once, then the best of 3 counts.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createNodeFileSystem } from '../adapters/nodeFileSystem';
import { createSim } from '../sim/sim';
import { runFsMix, type FsMixResult } from './fsMix';
import { createMemfsFileSystem } from './memfsFileSystem';
import { runAwsim, runBareHeap, runFakeTimers, type DriverResult, type Workload } from './kernelWorkload';
import { scenariosBench } from './scenarios';
import { tuiBench } from './tui';

const WORKLOAD: Workload = { processes: 100, iterations: 5000 };

async function best(run: () => Promise<DriverResult> | DriverResult, label: string): Promise<DriverResult & { eventsPerSec: number }> {
  await run(); // warm-up
  let top: DriverResult | null = null;
  for (let i = 0; i < 3; i++) {
    const r = await run();
    if (top === null || r.wallMs < top.wallMs) top = r;
  }
  const r = top as DriverResult;
  const eventsPerSec = Math.round((r.events / r.wallMs) * 1000);
  console.log(`${label.padEnd(34)} ${String(r.events).padStart(8)} events  ${r.wallMs.toFixed(0).padStart(6)} ms  ${eventsPerSec.toLocaleString('en-US').padStart(11)} events/s`);
  return { ...r, eventsPerSec };
}

async function fakeDiskMix(rounds: number): Promise<FsMixResult> {
  const sim = createSim({ seed: '1', trace: { mode: 'off' } });
  sim.addNode('n1');
  await sim.run();
  const ctx = sim.ctx('n1');
  if (ctx === null) throw new Error('bench node did not start');
  return runFsMix(ctx.fs, '', rounds);
}

async function realDiskMix(rounds: number): Promise<FsMixResult> {
  const dir = mkdtempSync(join(tmpdir(), 'awsim-bench-'));
  try {
    return await runFsMix(createNodeFileSystem(), dir, rounds);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function kernel(): Promise<void> {
  console.log(`workload: ${WORKLOAD.processes} processes x ${WORKLOAD.iterations} iterations (timer + message each) on node ${process.version}, ${cpus().length} cpus`);
  const a = await best(() => runAwsim(WORKLOAD), '(a) awsim scheduler');
  const aTraced = await best(() => runAwsim(WORKLOAD, true), '(a+) awsim scheduler + hashed trace');
  const b = await best(() => runFakeTimers(WORKLOAD), '(b) @sinonjs/fake-timers runAllAsync');
  const c = await best(() => runBareHeap(WORKLOAD), '(c) bare binary heap, no promises');
  if (a.events !== b.events || a.events !== c.events || a.virtualMs !== c.virtualMs || a.virtualMs !== b.virtualMs) {
    throw new Error(`drivers disagree on the workload: ${JSON.stringify({ a, b, c })}`);
  }
  const ratios = { awsimOverFakeTimers: +(a.eventsPerSec / b.eventsPerSec).toFixed(2), awsimOverBareHeap: +(a.eventsPerSec / c.eventsPerSec).toFixed(3) };
  console.log(`ratios: (a)/(b) = ${ratios.awsimOverFakeTimers}  (a)/(c) = ${ratios.awsimOverBareHeap}`);
  const targets = { awsimEventsPerSecMin: 1_000_000, awsimOverFakeTimersMin: 3, awsimOverBareHeapMin: 0.3 };
  const met = { awsimEventsPerSec: a.eventsPerSec >= targets.awsimEventsPerSecMin, awsimOverFakeTimers: ratios.awsimOverFakeTimers >= targets.awsimOverFakeTimersMin, awsimOverBareHeap: ratios.awsimOverBareHeap >= targets.awsimOverBareHeapMin };
  console.log(`targets met: ${JSON.stringify(met)}`);
  await fakeDiskMix(2000);
  const fakeFs = await fakeDiskMix(20_000);
  const realFs = await realDiskMix(500);
  await runFsMix(createMemfsFileSystem(), '/m', 2000);
  const memFs = await runFsMix(createMemfsFileSystem(), '/m', 20_000);
  const fsRatio = +(fakeFs.opsPerSec / memFs.opsPerSec).toFixed(2);
  console.log(`fs op mix: fake disk ${fakeFs.opsPerSec.toLocaleString('en-US')} ops/s; memfs ${memFs.opsPerSec.toLocaleString('en-US')} ops/s (fake/memfs = ${fsRatio}); real disk (tmpdir) ${realFs.opsPerSec.toLocaleString('en-US')} ops/s`);
  const report = {
    node: process.version,
    cpus: cpus().length,
    workload: { ...WORKLOAD, events: a.events, virtualMs: a.virtualMs },
    results: { awsim: a, awsimTraced: aTraced, fakeTimers: b, bareHeap: c },
    ratios,
    targets,
    met,
    fs: { fakeDisk: fakeFs, memfs: memFs, fakeOverMemfs: fsRatio, realDisk: realFs },
  };
  mkdirSync('reports', { recursive: true });
  writeFileSync(join('reports', 'bench-kernel.json'), `${JSON.stringify(report, null, 2)}\n`);
  console.log('wrote reports/bench-kernel.json');
}

const BENCHES: Record<string, () => Promise<void>> = { kernel, scenarios: scenariosBench, tui: tuiBench };

const name = process.argv[2] ?? 'kernel';
const bench = BENCHES[name];
if (bench === undefined) {
  console.error(`unknown benchmark '${name}' (valid: ${Object.keys(BENCHES).join(', ')})`);
  process.exitCode = 2;
} else {
  bench().catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
}

// The archive-tiering scenario as a whole: registered, fast, deterministic, passing in hardened on
// its default seed, failing in original, and exercising the hardened recovery path it is about.
import { describe, expect, it } from 'vitest';
import { findScenario } from '../../scenarios/index';
import { archiveTiering, ARCHIVE_TIERING_INVARIANTS } from '../../scenarios/archive-tiering/index';
import { archiveFiles, NODES, STORAGE, WORKERS } from '../../scenarios/archive-tiering/config';
import { archiveTieringPlan } from '../../scenarios/archive-tiering/plan';
import { writebackIntervalOf } from '../../scenarios/archive-tiering/writeback';
import { decodeArchiveText, fileText } from '../../scenarios/checkers/archive-view';
import { createRng, installPlan, createSim, validatePlan, type FaultPlan } from '../../sim/index';

const SEED = archiveTiering.defaultSeed;

describe(`archive-tiering scenario (default seed ${SEED})`, () => {
  it('is registered under its name with a one-line description', () => {
    expect(findScenario('archive-tiering')).toBe(archiveTiering);
    expect(archiveTiering.description).not.toMatch(/\n/);
  });

  it('checks the archive invariants and two liveness conditions', () => {
    expect(ARCHIVE_TIERING_INVARIANTS.map((i) => i.name)).toEqual([
      'archive-tiers',
      'archive-no-loss',
      'retention',
      'retention-floor',
      'archive-decodable',
      'workers-finish',
      'archive-settles',
    ]);
  });

  it('hardened holds every invariant on the default seed, finishes, and runs well under a second', async () => {
    await archiveTiering.run(SEED); // warm-up (module JIT)
    const t0 = performance.now();
    const r = await archiveTiering.run(SEED);
    const wallMs = performance.now() - t0;
    expect(r.violations).toEqual([]);
    expect(r.status).toBe('pass');
    expect(r.endReason).toBe('done');
    expect(r.invariants.every((i) => i.result === 'held')).toBe(true);
    expect(r.steps).toBeGreaterThan(300);
    expect(wallMs).toBeLessThan(1000);
  });

  it('original fails a safety invariant on the default seed', async () => {
    const r = await archiveTiering.run(SEED, { profile: 'original' });
    expect(r.status).toBe('safety');
    expect(r.endReason).toBe('violation');
  });

  it('the same seed gives the same trace hash, in both profiles', async () => {
    for (const profile of ['hardened', 'original'] as const) {
      const a = await archiveTiering.run('7', { profile, trace: { mode: 'hash' } });
      const b = await archiveTiering.run('7', { profile, trace: { mode: 'hash' } });
      expect(b.traceHash).toBe(a.traceHash);
    }
  });

  it('stepping one event at a time gives the same trace as running', async () => {
    const whole = await archiveTiering.run('3');
    const run = archiveTiering.start('3');
    while (!run.ended) await run.step();
    const stepped = await run.finish();
    expect(stepped.traceHash).toBe(whole.traceHash);
    expect(stepped.steps).toBe(whole.steps);
  });
});

describe('archive-tiering seed plans', () => {
  it('are valid for the topology, skew every worker, and are a function of the seed', () => {
    for (const seed of ['1', '2', '3', '40', '999']) {
      const plan = archiveTiering.planFor(seed);
      validatePlan(plan, NODES);
      expect(Object.keys(plan.clocks ?? {}).sort()).toEqual([...WORKERS]);
      expect(plan.healAtMs).toBe(1500);
      expect(archiveTiering.planFor(seed)).toEqual(plan);
    }
  });

  it('crash the storage node at its k-th write on most seeds', () => {
    const plans = Array.from({ length: 60 }, (_, i) => archiveTieringPlan(createRng(String(i)).fork('plan')));
    const storageCrashes = plans.filter((p) => p.steps.some((s) => s.op === 'crash-at-write' && s.node === STORAGE)).length;
    expect(storageCrashes).toBeGreaterThan(30);
    expect(storageCrashes).toBeLessThan(60);
    for (const p of plans) {
      const sim = createSim({ seed: '1', trace: { mode: 'off' } });
      for (const n of NODES) sim.addNode(n);
      installPlan(sim, p);
    }
  });

  it('draw the OS writeback per seed: on for most seeds, off for some', () => {
    const drawn = Array.from({ length: 80 }, (_, i) => writebackIntervalOf(createRng(String(i)).fork('os')));
    expect(drawn.filter((x) => x === null).length).toBeGreaterThan(5);
    for (const ms of drawn) if (ms !== null) expect(ms).toBeGreaterThanOrEqual(20);
  });
});

describe('archive-tiering hardened recovery (seed 1)', () => {
  // The storage node's 39th write is the cold tier's directory fsync inside the first offload:
  // the offloaded records are durable in cold while hot still holds them.
  const plan: FaultPlan = {
    version: 1,
    healAtMs: 1500,
    net: { requestTimeoutMs: 150 },
    steps: [{ atMs: 0, op: 'crash-at-write', node: STORAGE, k: 39, when: 'after', restartAfterMs: 30 }],
  };

  it('a storage crash between the cold write and the hot trim leaves both tiers and an intent on disk, which is not judged yet', async () => {
    const run = archiveTiering.start('1', { plan });
    const crashed = () => run.sim.node(STORAGE).incarnation >= 1 && !run.sim.node(STORAGE).up;
    while (!run.ended && !crashed()) await run.step();
    expect(run.sim.node(STORAGE).up).toBe(false);
    const files = archiveFiles('hardened');
    const read = (path: string) => decodeArchiveText(fileText(run.sim, STORAGE, path, 'current'), path, 'hardened');
    const hot = read(files.hot);
    const cold = read(files.cold);
    expect(hot.ok && cold.ok).toBe(true);
    const inBoth = hot.ok && cold.ok ? cold.uids.filter((u) => hot.uids.includes(u)) : [];
    expect(inBoth.length).toBeGreaterThan(0);
    expect(fileText(run.sim, STORAGE, files.intent, 'current')).not.toBeNull();
    expect(run.violations).toEqual([]);
  });

  it('the restarted storage node rolls the offload forward at boot and every invariant holds', async () => {
    const lines: string[] = [];
    const r = await archiveTiering.run('1', { plan, trace: { mode: 'hash', onLine: (l) => lines.push(l) } });
    expect(lines.some((l) => l.includes('"op":"boot-recovery","recovered":true'))).toBe(true);
    expect(r.status).toBe('pass');
    expect(r.endReason).toBe('done');
  });
});

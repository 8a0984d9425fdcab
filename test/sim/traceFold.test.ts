import { describe, expect, it } from 'vitest';
import { findScenario } from '../../scenarios/index';
import { parseTraceLine } from '../../sim/trace';
import { TraceFold } from '../../sim/traceFold';

const selftest = findScenario('kernel-selftest')!;

describe('a fold over the trace rebuilds the snapshot at every step', () => {
  it.each(['1', '2', '7', '13'])('seed %s, both profiles, torn writes and partitions included', async (seed) => {
    for (const profile of ['hardened', 'original'] as const) {
      const lines: string[] = [];
      const run = selftest.start(seed, { profile, plan: { ...selftest.planFor(seed), disk: { tornWrites: true } }, trace: { mode: 'hash', onLine: (l) => lines.push(l) } });
      const fold = new TraceFold();
      let used = 0;
      let checked = 0;
      while (!run.ended) {
        const r = await run.step();
        if (!r.ran) break;
        for (; used < lines.length; used++) fold.apply(parseTraceLine(lines[used]));
        const snap = run.sim.snapshot();
        const view = fold.view();
        expect(view.step).toBe(snap.step);
        expect(view.nodes).toEqual(snap.nodes.map(({ writeOps: _w, diskFaults: _d, ...n }) => n));
        expect(view.inFlight).toEqual(snap.inFlight);
        expect(view.partitions).toEqual(snap.partitions);
        expect(view.isolated).toEqual(snap.isolated);
        expect(view.net).toEqual(snap.net);
        checked++;
      }
      expect(checked).toBeGreaterThan(50);
    }
  });
});

describe('a fold over a trace with OS writeback rebuilds the snapshot at every step', () => {
  // rollback-governance seed 1 writes back every few tens of ms; in the hardened profile a pass at
  // step 467 flushes only /data/replay's entries (a rename whose dir fsync failed with EIO).
  it.each(['hardened', 'original'] as const)('rollback-governance seed 1 (%s)', async (profile) => {
    const scenario = findScenario('rollback-governance')!;
    const lines: string[] = [];
    const run = scenario.start('1', { profile, trace: { mode: 'hash', onLine: (l) => lines.push(l) } });
    const fold = new TraceFold();
    let used = 0;
    while (!run.ended) {
      const r = await run.step();
      if (!r.ran) break;
      for (; used < lines.length; used++) fold.apply(parseTraceLine(lines[used]));
      const snap = run.sim.snapshot();
      expect({ step: snap.step, nodes: fold.view().nodes }).toEqual({ step: snap.step, nodes: snap.nodes.map(({ writeOps: _w, diskFaults: _d, ...n }) => n) });
    }
    await run.finish();
    const passes = lines.map((l) => parseTraceLine(l)).filter((l) => l.kind === 'os.writeback' && l.node !== null);
    expect(passes.length).toBeGreaterThan(0);
    if (profile === 'hardened') expect(passes.some((l) => (l.data as { files: unknown[] }).files.length === 0)).toBe(true);
  });
});

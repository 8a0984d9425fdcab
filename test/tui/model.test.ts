// The fold agrees with the simulator: the view rebuilt from trace lines at step s shows what
// `sim.snapshot()` showed after step s (nodes, clocks, files durable vs unsynced, messages in
// flight, cut links, counters), for both profiles and several seeds (between them: crashes at
// the k-th write, a torn write (32), one-way partitions (2, 3), isolation (3, 4, 20), skew, EIO).
import { describe, expect, it } from 'vitest';
import { SCENARIOS } from '../../scenarios/index';
import { clockReading } from '../../sim/clock';
import { parseTraceLine } from '../../sim/trace';
import { diskFiles } from '../../tui/model/disk';
import { fold } from '../../tui/model/fold';
import { EMPTY_VIEW, type View } from '../../tui/model/view';
import { createSession } from '../../tui/session';
import type { SimSnapshot } from '../../sim/snapshot';
import { deepFreeze, recordRun } from './support';

function expectViewMatches(view: View, snap: SimSnapshot, epochMs: number): void {
  expect(view.step).toBe(snap.step);
  expect(view.timeMs).toBe(snap.timeMs);
  expect(view.nodes.map((n) => n.id)).toEqual(snap.nodes.map((n) => n.id));
  for (const sn of snap.nodes) {
    const n = view.nodes.find((x) => x.id === sn.id)!;
    expect({ node: n.id, up: n.up, incarnation: n.incarnation, clockMs: clockReading(n.skew, n.anchorMs, view.timeMs, epochMs) }).toEqual({ node: sn.id, up: sn.up, incarnation: sn.incarnation, clockMs: sn.clockMs });
    const files = diskFiles(n.disk).map((f) => ({ path: f.path, current: f.current?.data ?? null, durable: f.durableBytes === null ? null : f.durable, unsynced: f.unsynced }));
    expect({ node: n.id, step: view.step, files }).toEqual({ node: sn.id, step: snap.step, files: sn.files.map((f) => ({ path: f.path, current: f.current, durable: f.durable, unsynced: f.unsynced })) });
  }
  const inFlight = [...view.net.inFlight.values()].sort((a, b) => a.id - b.id).map(({ id, from, to, channel, type, call, sentT, dueT, bytes }) => ({ id, from, to, channel, type, call, sentT, dueT, bytes }));
  expect(inFlight).toEqual(snap.inFlight);
  expect(view.net.cuts).toEqual(snap.partitions.map((c) => `${c.from}>${c.to}`));
  expect(view.net.isolated).toEqual(snap.isolated);
  expect({ sent: view.net.sent, duplicated: view.net.duplicated, delivered: view.net.delivered, dropped: view.net.dropped }).toEqual(snap.net);
}

describe.each([
  ['1', 'hardened'],
  ['1', 'original'],
  ['2', 'hardened'],
  ['3', 'original'],
  ['4', 'original'],
  ['7', 'hardened'],
  ['11', 'original'],
  ['20', 'hardened'],
  ['32', 'hardened'],
] as const)('fold over kernel-selftest seed %s (%s)', (seed, profile) => {
  it('rebuilds at every step what the simulator showed after that step', async () => {
    const run = await recordRun('kernel-selftest', seed, profile);
    const session = createSession(run.lines, { checkpointInterval: 16 });
    const epoch = session.index.meta.clockEpochMs;
    for (let s = 0; s < run.snapshots.length; s++) {
      if (run.snapshots[s] === undefined) continue;
      expectViewMatches(session.viewAt(s), run.snapshots[s], epoch);
    }
  });
});

describe('fold (kernel-selftest seed 5, original)', () => {
  it('never modifies the view it is given', async () => {
    const { lines } = await recordRun('kernel-selftest', '5', 'original', false);
    let v: View = deepFreeze(EMPTY_VIEW);
    for (const l of lines) v = deepFreeze(fold(v, parseTraceLine(l)));
    expect(v.ended).toBe(true);
  });

  it('answers the same view at a step whether reached forward, backward or by a jump', async () => {
    const { lines } = await recordRun('kernel-selftest', '5', 'original', false);
    const a = createSession(lines, { checkpointInterval: 8 });
    const b = createSession(lines, { checkpointInterval: 1000 });
    const last = a.lastStep;
    const forward = Array.from({ length: last + 1 }, (_, s) => a.viewAt(s));
    for (let s = last; s >= 0; s -= 7) expect(b.viewAt(s)).toEqual(forward[s]);
    for (const s of [last, 0, Math.floor(last / 2), 3, last - 1]) expect(a.viewAt(s)).toEqual(forward[s]);
  });
});

describe.each(SCENARIOS.filter((s) => s.name !== 'kernel-selftest').map((s) => [s.name, s.defaultSeed] as const))('fold over %s (seed %s, both profiles)', (name, seed) => {
  it.each(['hardened', 'original'] as const)('rebuilds what the simulator showed after every step (%s)', async (profile) => {
    const run = await recordRun(name, seed, profile);
    const session = createSession(run.lines);
    for (let s = 0; s < run.snapshots.length; s += 1) {
      if (run.snapshots[s] !== undefined) expectViewMatches(session.viewAt(s), run.snapshots[s], session.index.meta.clockEpochMs);
    }
  });
});

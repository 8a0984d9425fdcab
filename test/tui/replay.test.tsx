// A run loaded from its trace file shows exactly the frames of the same run from its seed: the
// trace is written by `npm run sim -- run` (in-process), read back through the tui's own loader,
// and every step's screen is compared with the one from the seed, panes and all.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderToString } from 'ink';
import { render } from 'ink-testing-library';
import React from 'react';
import { describe, expect, it, vi } from 'vitest';
import { main as simMain } from '../../cli/sim';
import { loadSession, prepare } from '../../cli/tui';
import { findScenario } from '../../scenarios/index';
import { App } from '../../tui/App';
import { Screen } from '../../tui/Screen';
import { NO_FILTER } from '../../tui/model/match';
import { filesLines } from '../../tui/panes/FilesPane';
import { headerLines } from '../../tui/panes/Header';
import { invariantsLines } from '../../tui/panes/InvariantsPane';
import { networkLines } from '../../tui/panes/NetworkPane';
import { nodesLines } from '../../tui/panes/NodesPane';
import { timelineLines } from '../../tui/panes/Timeline';
import type { Session } from '../../tui/session';
import { initialState } from '../../tui/state';

const quiet = { out: () => undefined, err: () => undefined, interactive: true };

async function bothWays(scenario: string, seed: string, profile: 'original' | 'hardened'): Promise<[Session, Session]> {
  const dir = mkdtempSync(join(tmpdir(), 'awsim-tui-'));
  const code = await simMain(['run', '--scenario', scenario, '--seed', seed, '--profile', profile, '--out', dir], quiet);
  expect(code).toBeLessThan(2);
  const fromTrace = await loadSession(prepare({ kind: 'trace', file: join(dir, `${scenario}-${seed}-${profile}`, 'trace.jsonl') }), quiet);
  const fromSeed = await loadSession(prepare({ kind: 'seed', scenario, seed, options: { profile } }), quiet);
  return [fromSeed, fromTrace];
}

/** Every pane's lines at a step (the pure functions the screen draws). */
function paneData(session: Session, step: number): string {
  const view = session.viewAt(step);
  const p = { view, width: 80, height: 13, cursor: 1, focused: true };
  const meta = session.index.meta;
  return JSON.stringify([
    headerLines({ view, meta, step, width: 80 }),
    timelineLines({ session, step, filter: NO_FILTER, width: 80, height: 7 }),
    nodesLines(p),
    networkLines(p),
    filesLines(p),
    invariantsLines({ ...p, meta }),
  ]);
}

function frame(session: Session, step: number, pane: number, columns: number, rows: number): string {
  const ui = { ...initialState(session, step), pane, banner: false };
  return renderToString(<Screen session={session} ui={ui} columns={columns} rows={rows} />, { columns });
}

describe.each([
  ['kernel-selftest', '1', 'original'],
  ['kernel-selftest', '1', 'hardened'],
  ['kernel-selftest', '32', 'hardened'],
] as const)('%s seed %s (%s): trace file vs seed', (scenario, seed, profile) => {
  it('shows the same frame at every step, in every pane', async () => {
    const [a, b] = await bothWays(scenario, seed, profile);
    expect(b.lastStep).toBe(a.lastStep);
    expect(b.index.meta.traceHash).toBe(a.index.meta.traceHash);
    for (let s = 0; s <= a.lastStep; s++) expect(paneData(b, s)).toBe(paneData(a, s));
    for (let s = 0; s <= a.lastStep; s += 11) expect(frame(b, s, s % 4, 80, 24)).toBe(frame(a, s, s % 4, 80, 24));
    for (let s = 0; s <= a.lastStep; s += 47) expect(frame(b, s, 0, 200, 60)).toBe(frame(a, s, 0, 200, 60));
  });
});

describe('kernel-selftest seed 1 (original): trace file vs seed, driven by keys', () => {
  it('the same keys give the same frames', async () => {
    const [a, b] = await bothWays('kernel-selftest', '1', 'original');
    const appA = render(<App session={a} columns={80} rows={24} />);
    const appB = render(<App session={b} columns={80} rows={24} />);
    const keys = ['\u001b', 'l', 'l', 'L', '3', 'j', '\r', 'd', 'h', '\u001b', '2', '[', 'v', '4', 'H', 'f', 'w', '2', '\r', ']', '/', 'a', 'c', 'k', '\r', 'n', 'N', 'G', '1'];
    for (const k of keys) {
      const [na, nb] = [appA.frames.length, appB.frames.length];
      appA.stdin.write(k);
      appB.stdin.write(k);
      // Some keys draw nothing new (Esc with nothing open): wait a little for a redraw, then
      // require the two apps to agree; under load one may lag, so wait for them to converge.
      await vi.waitFor(() => expect(appA.frames.length > na && appB.frames.length > nb).toBe(true), { timeout: 300, interval: 5 }).catch(() => undefined);
      await vi.waitFor(() => expect(appB.lastFrame()).toBe(appA.lastFrame()), { timeout: 5000, interval: 10 });
    }
    appA.unmount();
    appB.unmount();
  });
});

describe('every registered scenario (default seed, hardened)', () => {
  it.each(['drill-events', 'fair-replay'].filter((n) => findScenario(n) !== undefined))('%s opens, and its trace file shows the seed frames', async (name) => {
    const seed = findScenario(name)?.defaultSeed ?? '1';
    const [a, b] = await bothWays(name, seed, 'hardened');
    for (let s = 0; s <= a.lastStep; s++) expect(paneData(b, s)).toBe(paneData(a, s));
    for (let s = 0; s <= a.lastStep; s += Math.max(1, Math.floor(a.lastStep / 12))) expect(frame(b, s, s % 4, 80, 24)).toBe(frame(a, s, s % 4, 80, 24));
  });
});

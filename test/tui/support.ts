// Shared helpers for the TUI tests: trace lines of a scenario run, with the sim's own snapshot
// after every step (the ground truth the fold must agree with).
import type { Profile } from '../../core/ports';
import { findScenario } from '../../scenarios/index';
import type { SimSnapshot } from '../../sim/snapshot';
import type { KeyInfo } from '../../tui/keys';
import { lineCollector } from '../../tui/load';

export interface RecordedRun {
  readonly lines: string[];
  /** snapshots[s] = the sim after step s (index 0: before the first step). */
  readonly snapshots: SimSnapshot[];
}

/** Runs a scenario step by step, keeping every trace line and a snapshot after each step. */
export async function recordRun(scenario: string, seed: string, profile: Profile = 'hardened', withSnapshots = true): Promise<RecordedRun> {
  const s = findScenario(scenario);
  if (s === undefined) throw new Error(`no scenario ${scenario}`);
  const sink = lineCollector();
  const run = s.start(seed, { profile, trace: { mode: 'hash', onLine: sink.onLine } });
  const snapshots: SimSnapshot[] = [];
  if (withSnapshots) snapshots.push(run.sim.snapshot());
  while (!run.ended) {
    const r = await run.step();
    if (!r.ran) break;
    if (withSnapshots) snapshots[run.sim.steps] = run.sim.snapshot();
  }
  await run.finish();
  return { lines: sink.lines, snapshots };
}

/** Freezes an object graph (Maps and Sets included) so any mutation throws in strict mode. */
export function deepFreeze<T>(v: T, seen = new Set<unknown>()): T {
  if (v === null || typeof v !== 'object' || seen.has(v) || Object.isFrozen(v)) return v;
  seen.add(v);
  if (v instanceof Map) {
    for (const [k, x] of v) {
      deepFreeze(k, seen);
      deepFreeze(x, seen);
    }
    const m = v as unknown as Map<unknown, unknown>;
    m.set = () => { throw new TypeError('frozen map'); };
    m.delete = () => { throw new TypeError('frozen map'); };
    m.clear = () => { throw new TypeError('frozen map'); };
  }
  for (const x of Object.values(v as object)) deepFreeze(x, seen);
  return Object.freeze(v);
}

/** The Ink key event a press name stands for. */
export function keyOf(press: string): [string, KeyInfo] {
  const named: Record<string, KeyInfo> = {
    right: { rightArrow: true },
    left: { leftArrow: true },
    up: { upArrow: true },
    down: { downArrow: true },
    pagedown: { pageDown: true },
    pageup: { pageUp: true },
    home: { home: true },
    end: { end: true },
    enter: { return: true },
    esc: { escape: true, meta: true },
    tab: { tab: true },
    'shift-tab': { tab: true, shift: true },
  };
  if (press === 'ctrl-c') return ['c', { ctrl: true }];
  return named[press] !== undefined ? ['', named[press]] : [press, { shift: /[A-Z]/.test(press) }];
}


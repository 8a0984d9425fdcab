// `npm run bench -- tui`: how fast the tui answers on a 100,000-step run. Builds the run (the
// kernel self-test nodes under periodic crashes and partitions, see tuiWorkload.ts), indexes its
// trace and builds the view checkpoints, then times one step back, one step forward and one
// jump (model only: the view at the new step; and end to end: the reducer plus drawing the
// 80x24 screen), at random places and at the worst places (just after a checkpoint).
// Target: a step back and a jump each answer in under 100 ms. Writes reports/bench-tui.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { renderToString } from 'ink';
import React from 'react';
import { createRng } from '../sim/rng';
import { linesFromSeed } from '../tui/load';
import { Screen } from '../tui/Screen';
import { createSession, type Session } from '../tui/session';
import { initialState, update, type UiState } from '../tui/state';
import type { Command } from '../tui/commands';
import { tuiSoakScenario } from './tuiWorkload';

const STEPS = Number(process.env.AWSIM_TUI_BENCH_STEPS ?? 100_000);
const SAMPLES = 60;
const TARGET_MS = 100;

interface Stats {
  readonly samples: number;
  readonly medianMs: number;
  readonly p95Ms: number;
  readonly maxMs: number;
}

function stats(ms: number[]): Stats {
  const s = ms.slice().sort((a, b) => a - b);
  const at = (q: number): number => +s[Math.min(s.length - 1, Math.floor(q * s.length))].toFixed(2);
  return { samples: s.length, medianMs: at(0.5), p95Ms: at(0.95), maxMs: +s[s.length - 1].toFixed(2) };
}

function time(fn: () => void): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

/** Times `measure(from, to)` with a fresh view cache at `from` before each sample. */
function sample(session: Session, pairs: readonly [number, number][], measure: (from: number, to: number) => void): Stats {
  return stats(
    pairs.map(([from, to]) => {
      session.viewAt(from);
      return time(() => measure(from, to));
    }),
  );
}

function pairsFor(session: Session): Record<'back' | 'forward' | 'jump' | 'backWorst', [number, number][]> {
  const rng = createRng('tui-bench');
  const last = session.lastStep;
  const k = session.replayer.interval;
  const pick = (): number => 1 + rng.int(last - 1);
  const n = Array.from({ length: SAMPLES }, () => pick());
  return {
    back: n.map((p) => [p, p - 1]),
    forward: n.map((p) => [p, p + 1]),
    jump: n.map((p) => [p, pick()]),
    // Just after a checkpoint: one step back re-folds a whole interval from the checkpoint before.
    backWorst: n.map((p) => {
      const c = Math.max(1, Math.floor(p / k)) * k;
      return [c, c - 1];
    }),
  };
}

/** One key's whole answer: the reducer, then the 80x24 screen drawn. */
function answer(session: Session, from: number, cmd: Command): void {
  const ui: UiState = { ...initialState(session, from), banner: false };
  const next = update(ui, cmd, session);
  renderToString(React.createElement(Screen, { session, ui: next, columns: 80, rows: 24 }), { columns: 80 });
}

export async function tuiBench(): Promise<void> {
  const t0 = performance.now();
  const lines = await linesFromSeed(tuiSoakScenario(STEPS), '1', { profile: 'hardened' });
  const runMs = performance.now() - t0;
  const t1 = performance.now();
  const session = createSession(lines);
  const sessionMs = performance.now() - t1;
  const heapMb = Math.round(process.memoryUsage().heapUsed / 2 ** 20);
  console.log(`run: ${session.lastStep} steps, ${lines.length} trace lines in ${runMs.toFixed(0)} ms; index + ${session.replayer.checkpointCount} checkpoints (every ${session.replayer.interval} steps) in ${sessionMs.toFixed(0)} ms; heap ${heapMb} MB`);
  const p = pairsFor(session);
  sample(session, p.jump.slice(0, 5), (_f, to) => answer(session, to, { type: 'goto', step: to })); // warm-up
  const model = {
    stepBack: sample(session, p.back, (_f, to) => session.viewAt(to)),
    stepBackWorst: sample(session, p.backWorst, (_f, to) => session.viewAt(to)),
    stepForward: sample(session, p.forward, (_f, to) => session.viewAt(to)),
    jump: sample(session, p.jump, (_f, to) => session.viewAt(to)),
  };
  const endToEnd = {
    stepBack: sample(session, p.back, (from) => answer(session, from, { type: 'step', delta: -1 })),
    stepBackWorst: sample(session, p.backWorst, (from) => answer(session, from, { type: 'step', delta: -1 })),
    jump: sample(session, p.jump, (from, to) => answer(session, from, { type: 'goto', step: to })),
  };
  const searchMs = +time(() => session.matcher.steps({ node: 'w2', kind: 'fs.fsync' })).toFixed(1);
  const met = { stepBack: endToEnd.stepBackWorst.maxMs < TARGET_MS, jump: endToEnd.jump.maxMs < TARGET_MS };
  for (const [name, s] of Object.entries({ ...Object.fromEntries(Object.entries(model).map(([k, v]) => [`model ${k}`, v])), ...Object.fromEntries(Object.entries(endToEnd).map(([k, v]) => [`key+draw ${k}`, v])) })) {
    console.log(`${name.padEnd(24)} median ${String(s.medianMs).padStart(7)} ms  p95 ${String(s.p95Ms).padStart(7)} ms  max ${String(s.maxMs).padStart(7)} ms`);
  }
  console.log(`first filter over the whole trace (node w2, kind fs.fsync): ${searchMs} ms`);
  console.log(`target: step back and jump under ${TARGET_MS} ms (end to end, worst sample): ${JSON.stringify(met)}`);
  const report = {
    node: process.version,
    cpus: cpus().length,
    run: { steps: session.lastStep, traceLines: lines.length, runMs: Math.round(runMs), sessionMs: Math.round(sessionMs), checkpoints: session.replayer.checkpointCount, checkpointInterval: session.replayer.interval, heapMb },
    model,
    endToEnd,
    filterFirstMs: searchMs,
    targetMs: TARGET_MS,
    met,
  };
  mkdirSync('reports', { recursive: true });
  writeFileSync(join('reports', 'bench-tui.json'), `${JSON.stringify(report, null, 2)}\n`);
  console.log('wrote reports/bench-tui.json');
}

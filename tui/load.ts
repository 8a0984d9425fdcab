// Getting a run's trace lines from its seed: run the scenario to its end, keeping every line up
// to and including the closing `end` line (the same lines `npm run sim -- run` writes to
// trace.jsonl, so a session from either source is the same session).
import type { Profile } from '../core/ports';
import type { Scenario } from '../scenarios/registry';
import type { FaultPlan } from '../sim/plan';
import { readLineHead } from './model/lineHead';

export interface SeedRunOptions {
  readonly profile?: Profile;
  readonly maxSteps?: number;
  readonly untilMs?: number;
  readonly plan?: FaultPlan;
  readonly stopOnViolation?: boolean;
  /** Called now and then with the step reached (for a progress line). */
  readonly onProgress?: (step: number) => void;
}

/** A line sink that keeps lines up to the `end` line and ignores anything after it. */
export function lineCollector(onProgress?: (step: number) => void): { lines: string[]; onLine: (line: string) => void } {
  const lines: string[] = [];
  let ended = false;
  const onLine = (line: string): void => {
    if (ended) return;
    lines.push(line);
    const head = lines.length % 4096 === 0 || line.includes('"kind":"end"') ? readLineHead(line) : null;
    if (head === null) return;
    if (head.kind === 'end') ended = true;
    else onProgress?.(head.step);
  };
  return { lines, onLine };
}

export async function linesFromSeed(scenario: Scenario, seed: string, options: SeedRunOptions = {}): Promise<string[]> {
  const sink = lineCollector(options.onProgress);
  await scenario.run(seed, {
    profile: options.profile,
    maxSteps: options.maxSteps,
    untilMs: options.untilMs,
    plan: options.plan,
    stopOnViolation: options.stopOnViolation,
    trace: { mode: 'hash', onLine: sink.onLine },
  });
  return sink.lines;
}

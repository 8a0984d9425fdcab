// The `list`, `run` and `replay` commands. Each returns its exit code: 0 ok, 1 a violation or
// a diverged replay, 2 bad usage or input (thrown as UsageError / TraceInputError).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FaultPlan } from '../sim/plan';
import { DEFAULT_SCENARIO_NAME, findScenario, SCENARIOS, scenarioNames, type Scenario } from '../scenarios/index';
import { UsageError, type Command } from './args';
import { formatMarkdown, formatSummary } from './format';
import { readTrace, TraceWriter } from './traceFile';
import { isReproFile } from './repro';
import { replayReproCommand } from './reproReplay';
import { writeTimeline } from './timeline';

export interface Io {
  out(line: string): void;
  err(line: string): void;
}

function scenarioOrThrow(name: string): Scenario {
  const s = findScenario(name);
  if (s === undefined) throw new UsageError(`unknown scenario '${name}' (valid: ${scenarioNames().join(', ')})`);
  return s;
}

export function listCommand(io: Io): number {
  const width = Math.max(...SCENARIOS.map((s) => s.name.length));
  for (const s of SCENARIOS) io.out(`${s.name.padEnd(width)}  ${s.description}${s.name === DEFAULT_SCENARIO_NAME ? ' (default)' : ''}`);
  return 0;
}

export async function runCommand(c: Extract<Command, { cmd: 'run' }>, io: Io): Promise<number> {
  const scenario = scenarioOrThrow(c.scenario ?? DEFAULT_SCENARIO_NAME);
  const seed = c.seed ?? scenario.defaultSeed;
  const dir = join(c.out, `${scenario.name}-${seed}-${c.profile}`);
  mkdirSync(dir, { recursive: true });
  const tracePath = join(dir, 'trace.jsonl');
  const writer = new TraceWriter(tracePath);
  let report;
  try {
    report = await scenario.run(seed, {
      profile: c.profile,
      maxSteps: c.maxSteps ?? undefined,
      untilMs: c.untilMs ?? undefined,
      trace: { mode: 'hash', onLine: writer.line },
    });
  } finally {
    writer.close();
  }
  writeFileSync(join(dir, 'summary.md'), formatMarkdown(report));
  writeTimeline(tracePath, join(dir, 'timeline.html'));
  for (const line of formatSummary(report, tracePath)) io.out(line);
  return report.status === 'pass' ? 0 : 1;
}

export async function replayCommand(file: string, io: Io): Promise<number> {
  const recorded = readTrace(file);
  const h = recorded.header;
  const scenario = scenarioOrThrow(h.scenario);
  if (h.profile !== 'original' && h.profile !== 'hardened') throw new UsageError(`${file}:1: profile must be original or hardened, got '${h.profile}'`);
  let i = 0;
  let diverged: { line: number; expected: string; actual: string } | null = null;
  const compare = (line: string): void => {
    if (diverged === null && line !== recorded.lines[i]) diverged = { line: i, expected: recorded.lines[i] ?? '(end of recorded trace)', actual: line };
    i++;
  };
  const report = await scenario.run(h.seed, {
    profile: h.profile,
    maxSteps: h.options.maxSteps,
    untilMs: h.options.untilMs,
    stopOnViolation: h.options.stopOnViolation,
    plan: h.plan as FaultPlan,
    trace: { mode: 'hash', onLine: compare },
  });
  if (diverged === null && i !== recorded.lines.length) diverged = { line: i, expected: recorded.lines[i], actual: '(end of replayed trace)' };
  if (diverged !== null) {
    const d: { line: number; expected: string; actual: string } = diverged;
    const step = (JSON.parse(d.expected.startsWith('{') ? d.expected : d.actual) as { step?: number }).step ?? 0;
    io.err(`replay diverged at step ${step} (trace line ${d.line + 1} of ${file})`);
    io.err(`  recorded: ${d.expected}`);
    io.err(`  replayed: ${d.actual}`);
    io.out(`trace-hash: ${report.traceHash}`);
    return 1;
  }
  io.out(`replay matches ${file}: ${report.steps} steps, ${report.status}`);
  for (const line of formatSummary(report, null)) io.out(line);
  return report.status === 'pass' ? 0 : 1;
}

/** Runs a parsed command; UsageError and TraceInputError mean exit 2 (handled by main). */
export async function execute(c: Command, io: Io, usage: string): Promise<number> {
  switch (c.cmd) {
    case 'help':
      io.out(usage);
      return 0;
    case 'list':
      return listCommand(io);
    case 'run':
      return runCommand(c, io);
    case 'replay':
      return isReproFile(c.file) ? replayReproCommand(c.file, io) : replayCommand(c.file, io);
  }
}

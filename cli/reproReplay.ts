// `npm run sim -- replay <repro.json>`: re-runs a reproduction. Exit 1 when it still violates
// its invariant (saying so), 0 with "no longer reproduces" when the invariant now holds, 1 if it
// no longer violates that invariant but violates another, 2 on bad input (reproRead.ts).
import type { Io } from './commands';
import { formatSummary } from './format';
import { readRepro, ReproInputError } from './reproRead';
import { runWithPlan, violationOf } from './shrink';
import { planHash } from '../sim/plan';
import { planSize } from '../sim/shrinkPlan';

export async function replayReproCommand(file: string, io: Io): Promise<number> {
  const { repro, scenario } = readRepro(file);
  io.out(
    `repro ${file}: ${repro.scenario}${repro.scenarioOptions === undefined ? '' : ` with options ${JSON.stringify(repro.scenarioOptions)}`} seed ${repro.seed} (${repro.profile}), plan ${planHash(repro.plan)} (size ${planSize(repro.plan)}), expecting a violation of ${repro.invariant}`,
  );
  const report = await runWithPlan({ scenario, seed: repro.seed, profile: repro.profile, plan: repro.plan, options: repro.options }, true);
  if (!report.invariants.some((i) => i.name === repro.invariant)) {
    throw new ReproInputError(`${file}: invariant: scenario ${repro.scenario} has no invariant '${repro.invariant}' (has: ${report.invariants.map((i) => i.name).join(', ')})`);
  }
  const v = violationOf(report, repro.invariant);
  if (v !== undefined) {
    io.out(`reproduces: ${v.kind.toUpperCase()} violation of ${v.invariant} at step ${v.step}, t=${v.timeMs} ms${v.node ? ` (node ${v.node})` : ''}: ${v.message}`);
  } else {
    const others = report.violations.map((x) => x.invariant);
    io.out(`no longer reproduces: ${repro.invariant} held${others.length > 0 ? `, but ${others.join(', ')} violated` : ''} (run: ${report.status})`);
  }
  for (const line of formatSummary(report, null)) io.out(line.startsWith('repro: ') ? `repro: npm run sim -- replay ${file}` : line);
  return report.status === 'pass' ? 0 : 1;
}

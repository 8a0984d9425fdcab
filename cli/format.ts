// How a RunReport reads: a terminal summary and a Markdown summary. Pure functions of the report.
// A failing run starts with a paste-ready reproduction command.
import type { RunReport, Violation } from '../scenarios/registry';

export function reproCommand(r: RunReport): string {
  return `npm run sim -- run --scenario ${r.scenario} --seed ${r.seed} --profile ${r.profile}`;
}

function headline(r: RunReport): string {
  if (r.status === 'pass') return `awsim: PASS ${r.scenario} seed ${r.seed} (${r.profile})`;
  const v = r.violations[0];
  return `awsim: ${r.status.toUpperCase()} violation of ${v.invariant} at step ${v.step}${v.node ? ` (node ${v.node})` : ''}`;
}

function violationLine(v: Violation): string {
  return `step ${v.step}, t=${v.timeMs} ms${v.node ? `, node ${v.node}` : ''}: ${v.message}`;
}

/** The lines `npm run sim -- run` prints (the last one is `trace-hash: <64 hex>`). */
export function formatSummary(r: RunReport, traceFile: string | null): string[] {
  const out = [headline(r)];
  if (r.status !== 'pass') out.push(`repro: ${reproCommand(r)}`);
  out.push(
    `scenario ${r.scenario}  seed ${r.seed}  profile ${r.profile}  plan ${r.planHash}`,
    `events: ${r.steps} steps  virtual time: ${r.timeMs} ms  ended: ${r.endReason}  (budget ${r.limits.maxSteps} steps / ${r.limits.untilMs} ms)`,
    'invariants:',
  );
  for (const inv of r.invariants) {
    const v = r.violations.find((x) => x.invariant === inv.name);
    const label = inv.result === 'held' ? 'held    ' : inv.result === 'skipped' ? 'skipped ' : 'VIOLATED';
    out.push(`  ${label} ${inv.name} (${inv.kind})${v ? ` — ${violationLine(v)}` : ''}`);
  }
  for (const e of r.errors.slice(0, 5)) out.push(`process error: ${e.node}#${e.incarnation} ${e.process} at step ${e.step}: ${e.error}`);
  if (traceFile !== null) out.push(`trace: ${traceFile}`);
  out.push(`trace-hash: ${r.traceHash}`);
  return out;
}

export function formatMarkdown(r: RunReport): string {
  const rows = r.invariants.map((inv) => {
    const v = r.violations.find((x) => x.invariant === inv.name);
    return `| ${inv.name} | ${inv.kind} | ${inv.when} | ${inv.result}${v ? `: ${violationLine(v).replace(/\|/g, '\\|')}` : ''} |`;
  });
  return [
    `# ${r.scenario} — seed ${r.seed} — ${r.profile}`,
    '',
    `**Result: ${r.status === 'pass' ? 'pass' : `${r.status} violation`}** (ended: ${r.endReason})`,
    '',
    `- steps: ${r.steps}`,
    `- virtual time: ${r.timeMs} ms`,
    `- budget: ${r.limits.maxSteps} steps / ${r.limits.untilMs} ms`,
    `- plan hash: \`${r.planHash}\``,
    `- trace hash: \`${r.traceHash}\``,
    `- reproduce: \`${reproCommand(r)}\``,
    `- replay: \`npm run sim -- replay <this folder>/trace.jsonl\``,
    '',
    '| invariant | kind | checked | result |',
    '|---|---|---|---|',
    ...rows,
    '',
    '## Fault plan',
    '',
    '```json',
    JSON.stringify(r.plan, null, 2),
    '```',
    '',
  ].join('\n');
}

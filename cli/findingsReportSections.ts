// The findings report's second and third sections: design limitations (the spec's decision
// rules: both profiles violate, usually on a scenario variant built from options) and the bugs
// awsim found in its own hardened design (fixed ones are regression plans hardened must hold).
import type { Violation } from '../scenarios/registry';
import { planHash } from '../sim/plan';
import type { DesignResult, GapResult, ProfileOutcome, ReproLink, ShrinkSizes } from './findingsReport';
import { formatWorkload } from './workloadShrink';

/** The label every design finding carries. */
export const DESIGN_LABEL = "design limitation: the spec's decision rule, not fixed by hardened";

export const md = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** Columns padded to their widest cell (at most 48 characters, cut with an ellipsis). */
export function textTable(head: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = head.map((h, c) => Math.min(48, Math.max(h.length, ...rows.map((row) => row[c].length))));
  const fmt = (cells: readonly string[]): string => cells.map((x, c) => (x.length > widths[c] ? `${x.slice(0, widths[c] - 1)}…` : x.padEnd(widths[c]))).join('  ').trimEnd();
  return [fmt(head), fmt(widths.map((w) => '-'.repeat(w))), ...rows.map(fmt)];
}

const violationCell = (o: ProfileOutcome, seed: string | null): string =>
  o.violation !== null ? `violates (${seed === null ? '' : `seed ${seed}, `}step ${o.violation.step})` : `HOLDS (${o.status})`;
const sizeCell = (l: ReproLink | null): string => (l === null ? '-' : l.shrink === null ? 'recorded' : `${l.shrink.sizeBefore} -> ${l.shrink.sizeAfter}`);
const optionsText = (d: { scenarioOptions?: unknown; variant?: string }): string =>
  d.scenarioOptions === undefined ? 'none (the registered scenario)' : `${d.variant === undefined ? '' : `variant \`${d.variant}\`: `}\`${JSON.stringify(d.scenarioOptions)}\``;
const hardenedSeedOf = (r: DesignResult): string | null => (r.finding.hardenedSeed === r.finding.seed ? null : r.finding.hardenedSeed);

function violationLine(label: string, v: Violation | null, status: string, invariant: string): string {
  return v === null
    ? `- **${label}:** NOT reproduced: \`${invariant}\` held (run status ${status}).`
    : `- **${label}:** ${v.kind} violation at step ${v.step}, t=${v.timeMs} ms${v.node ? ` (node ${v.node})` : ''}: ${v.message}`;
}

/** `plan size 2 → 1, workload <before> → <after> in 18 runs` (the workload only where it shrank). */
export function shrinkText(s: ShrinkSizes): string {
  const w = s.workload;
  const workload = w === null || JSON.stringify(w.before) === JSON.stringify(w.after) ? '' : `, workload ${formatWorkload(w.before)} → ${formatWorkload(w.after)}`;
  return `plan size ${s.sizeBefore} → ${s.sizeAfter}${workload} in ${s.runs} runs${s.minimal ? '' : ', budget spent'}`;
}

function reproText(l: ReproLink): string {
  if (l.shrink === null) return `\`${l.command}\` (the recorded plan, ${l.profile}, seed ${l.seed})`;
  return `\`${l.command}\` (${l.profile}, seed ${l.seed}; ${shrinkText(l.shrink)})`;
}

const planDetails = (title: string, l: ReproLink | null): string[] =>
  l === null ? [] : ['', `<details><summary>${title}</summary>`, '', '```json', JSON.stringify(l.plan, null, 2), '```', '', '</details>'];

export function designTable(results: readonly DesignResult[]): string[] {
  const head = ['#', 'design finding', 'invariant', 'weak point', 'original', 'hardened', 'shrunk plan'];
  const rows = results.map((r, i) => [`D${i + 1}`, `${r.scenario}/${r.finding.id}`, r.finding.invariant, r.finding.weakPoint, violationCell(r.original, null), violationCell(r.hardened, hardenedSeedOf(r)), sizeCell(r.repros.original)]);
  return textTable(head, rows);
}

function designEntry(r: DesignResult, i: number): string[] {
  const f = r.finding;
  const out = [`### D${i + 1}. ${r.scenario} / ${f.id}: \`${f.invariant}\``, '', `*${DESIGN_LABEL}.*`, '', f.description, ''];
  out.push(`- **Spec weak point:** ${f.weakPoint}`);
  out.push(`- **Scenario options:** ${optionsText(f)}`);
  out.push(violationLine('Original', r.original.violation, r.original.status, f.invariant));
  out.push(violationLine(`Hardened (seed ${f.hardenedSeed})`, r.hardened.violation, r.hardened.status, f.invariant));
  if (r.repros.original !== null) out.push(`- **Shrunk reproduction:** ${reproText(r.repros.original)}`);
  if (r.repros.hardened !== null) out.push(`- **Same in hardened:** ${reproText(r.repros.hardened)}`);
  out.push(`- **Seed and full plan:** seed ${f.seed}${f.hardenedSeed === f.seed ? '' : ` (hardened: seed ${f.hardenedSeed})`}, plan \`${planHash(f.plan)}\` (the findings data in \`scenarios/${r.scenario}/findings.ts\`)`);
  out.push(`- **What hardened does:** ${f.hardenedBehaviour} — ${r.confirmed ? 'confirmed: both profiles violate it.' : 'NOT confirmed: one profile holds it.'}`);
  out.push(...planDetails('shrunk fault plan (original)', r.repros.original), '');
  return out;
}

export function designSection(results: readonly DesignResult[]): string[] {
  if (results.length === 0) return [];
  const rows = results.map((r, i) => `| D${i + 1} | ${md(`${r.scenario}/${r.finding.id}`)} | \`${md(r.finding.invariant)}\` | ${md(r.finding.weakPoint)} | ${violationCell(r.original, null)} | ${violationCell(r.hardened, hardenedSeedOf(r))} | ${r.repros.original === null ? '-' : `\`${md(r.repros.original.command)}\``} |`);
  return [
    `## Design limitations: the spec's decision rules, not fixed by hardened`,
    '',
    "The hardened profile replaces the spec's stores, leases and write order, not its decision rules (which entry",
    'replays what, when a guard may change a policy, when governance escalates). These weak points are in the rules',
    'themselves, so both profiles violate the invariant. Most need a scenario variant (its options are in the repro',
    "file's `scenarioOptions`); the registered scenarios and the hardened property suite leave them out.",
    '',
    '| # | design finding | invariant | spec weak point | original | hardened | shrunk reproduction |',
    '|---|---|---|---|---|---|---|',
    ...rows,
    '',
    ...results.flatMap((r, i) => designEntry(r, i)),
  ];
}

const gapStatusText = (r: GapResult): string =>
  r.gap.fixed ? (r.state === 'holds' ? 'fixed: hardened holds' : 'FIXED BUT FAILS AGAIN') : r.state === 'violates' ? 'open: hardened still violates' : r.state === 'holds' ? 'listed open, holds now' : 'open, FAILS OTHERWISE';

export function gapTable(results: readonly GapResult[]): string[] {
  const head = ['#', 'hardened-design bug', 'invariant', 'status', 'repro plan'];
  return textTable(head, results.map((r, i) => [`G${i + 1}`, `${r.scenario}/${r.gap.id}`, r.gap.invariant, gapStatusText(r), sizeCell(r.repro)]));
}

function gapNow(r: GapResult): string {
  if (r.state === 'holds') return `every invariant holds on seed ${r.gap.seed} and the recorded plan${r.gap.fixed ? ' — confirmed' : ' (the data still lists it as open: it has been fixed since; move it to the fixed list with its fix)'}.`;
  if (r.state === 'violates') return `${r.gap.fixed ? 'NOT confirmed: it fails again: ' : 'still violates (an open bug): '}${r.hardened.violation!.message}`;
  return `NOT confirmed: another invariant fails: ${r.hardened.violated.join('; ')}`;
}

function gapEntry(r: GapResult, i: number): string[] {
  const g = r.gap;
  const out = [`### G${i + 1}. ${r.scenario} / ${g.id}: \`${g.invariant}\` (${g.fixed ? 'fixed' : r.state === 'holds' ? 'listed as open, holds now' : 'open'})`, '', g.description, ''];
  if (g.weakPoint !== null) out.push(`- **Hardened design's weak point:** ${g.weakPoint}`);
  if (g.scenarioOptions !== undefined) out.push(`- **Scenario options:** ${optionsText(g)}`);
  if (g.fix !== null) out.push(`- **Fix asked for:** ${g.fix}`);
  out.push(`- **What hardened does now:** ${g.fixedBy ?? 'no fix recorded in the data (an open bug).'}`);
  out.push(`- **Hardened on the plan:** ${gapNow(r)}`);
  if (r.repro !== null) {
    const meaning = r.state === 'holds' ? ': exit 0, "no longer reproduces", while the fix holds' : ': exit 1 while the bug is there';
    out.push(`- **${r.state === 'holds' ? 'Regression check' : 'Shrunk reproduction'}:** ${reproText(r.repro)}${meaning}`);
  }
  out.push(`- **Seed and plan:** seed ${g.seed}, plan \`${planHash(g.plan)}\` (the findings data in \`scenarios/${r.scenario}/findings.ts\`)`);
  out.push('');
  return out;
}

export function gapSection(results: readonly GapResult[]): string[] {
  if (results.length === 0) return [];
  const rows = results.map((r, i) => `| G${i + 1} | ${md(`${r.scenario}/${r.gap.id}`)} | \`${md(r.gap.invariant)}\` | ${gapStatusText(r)} | ${r.repro === null ? '-' : `\`${md(r.repro.command)}\``} |`);
  return [
    '## Bugs awsim found in its own hardened design',
    '',
    'Plans on which the `hardened` profile itself failed an invariant, found by the property suite and seed sweeps.',
    "Fixed ones stay as regression plans: hardened must hold every invariant on each recorded plan, and replaying",
    'its repro file (the recorded plan, `hardened`) exits 0 with "no longer reproduces". An open one is shrunk and',
    'replays with exit 1 until core fixes it.',
    '',
    '| # | hardened-design bug | invariant | status | reproduction |',
    '|---|---|---|---|---|',
    ...rows,
    '',
    ...results.flatMap((r, i) => gapEntry(r, i)),
  ];
}

// How confirmed findings read: terminal tables and reports/findings.md, in three sections:
// findings (original violates, hardened holds), design limitations (both profiles violate) and
// bugs awsim found in its own hardened design (findingsReportSections.ts renders the last two).
// Pure functions of the results (no clock, no paths beyond those in the results), so the
// Markdown is reproducible.
import type { RunStatus, Scenario, Violation } from '../scenarios/registry';
import type { FaultPlan } from '../sim/plan';
import { planHash } from '../sim/plan';
import type { DesignFinding, Finding, HardenedGap } from './findingsData';
import { designSection, designTable, gapSection, gapTable, md, shrinkText, textTable } from './findingsReportSections';
import type { WorkloadSummary } from './workloadShrink';

/** How far a repro shrank: plan sizes, and the workload where the scenario has workload knobs. */
export interface ShrinkSizes {
  readonly sizeBefore: number;
  readonly sizeAfter: number;
  readonly runs: number;
  readonly minimal: boolean;
  readonly workload: { readonly before: WorkloadSummary; readonly after: WorkloadSummary } | null;
}

export interface FindingResult {
  readonly scenario: string;
  readonly finding: Finding;
  readonly original: { readonly status: RunStatus; readonly violation: Violation | null; readonly others: readonly string[] };
  readonly hardened: { readonly status: RunStatus; readonly violated: readonly string[] };
  readonly shrunk: (ShrinkSizes & {
    readonly path: string;
    readonly command: string;
    readonly plan: FaultPlan;
    readonly hardenedStatus: RunStatus;
  }) | null;
  /** Original violates the invariant and hardened holds every invariant. */
  readonly confirmed: boolean;
}

/** A written repro file; `shrink` is null for a recorded plan written as is. */
export interface ReproLink {
  readonly path: string;
  readonly command: string;
  readonly profile: 'original' | 'hardened';
  readonly seed: string;
  readonly plan: FaultPlan;
  readonly shrink: ShrinkSizes | null;
}

export interface ProfileOutcome {
  readonly status: RunStatus;
  readonly violation: Violation | null;
  readonly others: readonly string[];
}

export interface DesignResult {
  readonly scenario: string;
  readonly finding: DesignFinding;
  readonly original: ProfileOutcome;
  /** On the finding's `hardenedSeed`. */
  readonly hardened: ProfileOutcome;
  readonly repros: { readonly original: ReproLink | null; readonly hardened: ReproLink | null };
  /** Both profiles violate the invariant. */
  readonly confirmed: boolean;
}

export interface GapResult {
  readonly scenario: string;
  readonly gap: HardenedGap;
  readonly hardened: { readonly status: RunStatus; readonly violation: Violation | null; readonly violated: readonly string[] };
  /** `holds`: every invariant holds; `violates`: the gap's invariant fails; `other`: something else fails. */
  readonly state: 'holds' | 'violates' | 'other';
  readonly repro: ReproLink | null;
  /** Fixed gaps hold; open ones hold or still violate their invariant. */
  readonly confirmed: boolean;
}

/** Everything one `findings` run checked. */
export interface FindingsResults {
  readonly findings: readonly FindingResult[];
  readonly design: readonly DesignResult[];
  readonly gaps: readonly GapResult[];
}

const originalCell = (r: FindingResult): string => (r.original.violation !== null ? `violates (step ${r.original.violation.step})` : `holds (${r.original.status})`);
const hardenedCell = (r: FindingResult): string => (r.hardened.status === 'pass' ? 'holds' : `VIOLATES ${r.hardened.violated.map((v) => v.split(':')[0]).join(', ')}`);

/** Plain-text table: one row per finding. */
export function findingsTable(results: readonly FindingResult[]): string[] {
  const head = ['#', 'finding', 'invariant', 'weak point', 'original', 'hardened', 'shrunk plan'];
  const rows = results.map((r, i) => [
    String(i + 1),
    `${r.scenario}/${r.finding.id}`,
    r.finding.invariant,
    r.finding.weakPoint,
    originalCell(r),
    hardenedCell(r),
    r.shrunk === null ? '-' : `${r.shrunk.sizeBefore} -> ${r.shrunk.sizeAfter}`,
  ]);
  return textTable(head, rows);
}

/** All three tables, each under its heading. */
export function resultsTables(r: FindingsResults): string[] {
  const out = ['', `findings: the spec's weak points, fixed by hardened (${r.findings.length})`, ...findingsTable(r.findings)];
  if (r.design.length > 0) out.push('', `design limitations: the spec's decision rules, not fixed by hardened (${r.design.length})`, ...designTable(r.design));
  if (r.gaps.length > 0) out.push('', `bugs awsim found in its own hardened design (${r.gaps.length})`, ...gapTable(r.gaps));
  return out;
}

function section(r: FindingResult, i: number): string[] {
  const f = r.finding;
  const v = r.original.violation;
  const out = [`### ${i + 1}. ${r.scenario} / ${f.id}: \`${f.invariant}\``, '', f.description, ''];
  out.push(`- **Spec weak point:** ${f.weakPoint}`);
  out.push(
    v === null
      ? `- **Original:** NOT reproduced: \`${f.invariant}\` held (run status ${r.original.status}).`
      : `- **Original:** ${v.kind} violation at step ${v.step}, t=${v.timeMs} ms${v.node ? ` (node ${v.node})` : ''}: ${v.message}`,
  );
  if (r.shrunk !== null) {
    const s = r.shrunk;
    out.push(`- **Shrunk reproduction:** \`${s.command}\` (${shrinkText(s)}; hardened on it: ${s.hardenedStatus})`);
  }
  out.push(`- **Seed and full plan:** seed ${f.seed}, plan \`${planHash(f.plan)}\` (the findings data in \`scenarios/${r.scenario}/findings.ts\`)`);
  out.push(`- **Hardened instead:** ${f.hardenedBehaviour} — ${r.hardened.status === 'pass' ? 'confirmed: every invariant holds on the same seed and plan.' : `NOT confirmed: ${r.hardened.violated.join('; ')}`}`);
  if (r.shrunk !== null) out.push('', '<details><summary>shrunk fault plan</summary>', '', '```json', JSON.stringify(r.shrunk.plan, null, 2), '```', '', '</details>');
  out.push('');
  return out;
}

const count = (xs: readonly { confirmed: boolean }[]): string => `${xs.filter((x) => x.confirmed).length} of ${xs.length}`;

function summary(r: FindingsResults): string[] {
  const fixed = r.gaps.filter((g) => g.gap.fixed).length;
  return [
    `- **Findings:** ${count(r.findings)} confirmed (original violates the invariant, hardened holds every invariant).`,
    `- **Design limitations:** ${count(r.design)} confirmed (both profiles violate: the spec's decision rule, not fixed by hardened).`,
    `- **Bugs awsim found in its own hardened design:** ${count(r.gaps)} confirmed (${fixed} fixed: hardened holds on the recorded plan; ${r.gaps.length - fixed} listed as open).`,
  ];
}

const FINDINGS_INTRO = [
  'Each finding runs on its seed and explicit fault plan in both profiles: the `original` profile (the spec as',
  'written) must violate the invariant, the `hardened` profile must hold every invariant. Confirmed findings are',
  'shrunk to a small plan that still violates the same invariant.',
];

export function findingsMarkdown(r: FindingsResults, scenarios: readonly Scenario[]): string {
  const covered = new Set([...r.findings, ...r.design, ...r.gaps].map((x) => x.scenario));
  const without = scenarios.map((s) => s.name).filter((n) => !covered.has(n));
  const rows = r.findings.map((x, i) => `| ${i + 1} | ${md(`${x.scenario}/${x.finding.id}`)} | \`${md(x.finding.invariant)}\` | ${md(x.finding.weakPoint)} | ${originalCell(x)} | ${md(hardenedCell(x))} | ${x.shrunk === null ? '-' : `\`${md(x.shrunk.command)}\``} |`);
  return [
    '# awsim findings',
    '',
    'Generated by `npm run sim -- findings` from every scenario\'s `scenarios/<name>/findings.ts`. Every reproduction',
    'below is a repro file (`awsim-repro/1`: scenario, scenario options, seed, profile, explicit fault plan) that',
    '`npm run sim -- replay <file>` re-runs: exit 1 while it still violates its invariant, exit 0 with',
    '"no longer reproduces" once it holds.',
    '',
    `**${count(r.findings)} findings confirmed.**${without.length > 0 ? ` Scenarios without findings data: ${without.join(', ')}.` : ''}`,
    '',
    ...summary(r),
    '',
    `## Findings: the spec's weak points, fixed by hardened`,
    '',
    ...FINDINGS_INTRO,
    '',
    '| # | finding | invariant | spec weak point | original | hardened | shrunk reproduction |',
    '|---|---|---|---|---|---|---|',
    ...rows,
    '',
    ...r.findings.flatMap((x, i) => section(x, i)),
    ...designSection(r.design),
    ...gapSection(r.gaps),
  ].join('\n');
}

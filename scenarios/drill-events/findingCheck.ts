// Does a run show a finding? The finding's invariant is violated and its evidence names the
// expected consumer (and, for skips, the expected cause). Also the finding as a reproduction file
// (`awsim-repro/1`, the shape `npm run sim -- replay <file>` reads). Pure, for tests and reports.
import type { SkippedEvent } from '../checkers/events-skip-causes';
import type { RunReport, Violation } from '../registry';
import { drillEvents } from './index';
import type { DrillEventsFinding } from './findings';

const skippedOf = (v: Violation): readonly SkippedEvent[] => ((v.evidence as { skipped?: SkippedEvent[] } | undefined)?.skipped ?? []);
const consumerOf = (v: Violation): string | undefined => (v.evidence as { consumer?: string } | undefined)?.consumer;

/** The violation that shows the finding, or undefined. */
export function violationShowing(report: RunReport, finding: DrillEventsFinding): Violation | undefined {
  const { consumer, node, cause, flag } = finding.expect;
  return report.violations.find((v) => {
    if (v.invariant !== finding.invariant) return false;
    if (node !== undefined && v.node !== node) return false;
    if (cause === undefined) return consumer === undefined || consumerOf(v) === consumer;
    return skippedOf(v).some((s) => s.consumer === consumer && s.cause === cause && (flag === undefined || s[flag] === true));
  });
}

/** The finding as an `awsim-repro/1` document (original profile, the scenario's default budget). */
export function findingRepro(f: DrillEventsFinding) {
  return {
    format: 'awsim-repro/1' as const,
    scenario: drillEvents.name,
    seed: f.seed,
    profile: 'original' as const,
    invariant: f.invariant,
    expected: 'violation' as const,
    options: { ...drillEvents.limits, stopOnViolation: true },
    plan: f.plan,
  };
}

export const findingReproFileName = (f: DrillEventsFinding): string => `repro-drill-events-${f.seed}-${f.invariant}.json`;

/** How to re-run a finding once its repro file is written to `reports/`. */
export const findingCommand = (f: DrillEventsFinding): string => `npm run sim -- replay reports/${findingReproFileName(f)}`;

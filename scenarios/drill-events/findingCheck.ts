// Does a run show a finding? The finding's invariant is violated and its evidence names the
// expected consumer (and, for skips, the expected cause): pure, for tests and report generators.
import type { SkippedEvent } from '../checkers/events-skip-causes';
import type { RunReport, Violation } from '../registry';
import type { DrillEventsFinding } from './findings';

const skippedOf = (v: Violation): readonly SkippedEvent[] => ((v.evidence as { skipped?: SkippedEvent[] } | undefined)?.skipped ?? []);
const consumerOf = (v: Violation): string | undefined => (v.evidence as { consumer?: string } | undefined)?.consumer;

/** The violation that shows the finding, or undefined. */
export function violationShowing(report: RunReport, finding: DrillEventsFinding): Violation | undefined {
  const { consumer, cause, flag } = finding.expect;
  return report.violations.find((v) => {
    if (v.invariant !== finding.invariant) return false;
    if (cause === undefined) return consumerOf(v) === consumer;
    return skippedOf(v).some((s) => s.consumer === consumer && s.cause === cause && (flag === undefined || s[flag] === true));
  });
}

/** The reproduction command of a finding (its plan must be passed as a repro file or `--plan`). */
export const findingCommand = (f: DrillEventsFinding): string => `npm run sim -- run --scenario drill-events --seed ${f.seed} --profile original`;

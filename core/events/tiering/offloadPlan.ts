// P3.34 offload plan (spec C §2.3). Pure. Works on the hot list in list order, not time order
// (W-F5): age selection (`>=`), then capacity selection from the front, then a rate limit that
// age- and capacity-selected records share by list position.
import type { TieredOffloadPolicy } from './offloadPolicy';

export interface TieredOffloadPlan<R> {
  readonly hotRecordsAfter: R[];
  readonly offloadedRecords: R[];
  readonly offloadedByAge: number;
  readonly offloadedByCapacity: number;
  readonly keptDueToRateLimit: number;
}

type Selection = 'none' | 'age' | 'capacity';

/** `plan_governance_audit_tiered_offload`. Both output lists keep the input's relative order. */
export function planTieredOffload<R extends { readonly auditedAtMs: number }>(
  records: readonly R[],
  nowMs: number,
  policy: TieredOffloadPolicy,
): TieredOffloadPlan<R> {
  const selection: Selection[] = records.map((r) => (nowMs - r.auditedAtMs >= policy.offloadMinAgeMs ? 'age' : 'none'));
  let unselected = selection.filter((s) => s === 'none').length;
  for (let i = 0; i < selection.length && unselected > policy.hotMaxRecords; i += 1) {
    if (selection[i] !== 'none') continue;
    // Stryker disable next-line StringLiteral: equivalent, every selection other than 'none' and 'age' is counted as capacity
    selection[i] = 'capacity';
    unselected -= 1;
  }
  const plan = { hotRecordsAfter: [] as R[], offloadedRecords: [] as R[], offloadedByAge: 0, offloadedByCapacity: 0, keptDueToRateLimit: 0 };
  records.forEach((record, i) => {
    const selected = selection[i];
    if (selected !== 'none' && plan.offloadedRecords.length < policy.maxOffloadRecords) {
      plan.offloadedRecords.push(record);
      if (selected === 'age') plan.offloadedByAge += 1;
      else plan.offloadedByCapacity += 1;
      return;
    }
    plan.hotRecordsAfter.push(record);
    if (selected !== 'none') plan.keptDueToRateLimit += 1;
  });
  return plan;
}

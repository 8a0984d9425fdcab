// The offload report (spec C §2.2): counts before and after, and why records moved or stayed.
import type { TieredOffloadPlan } from './offloadPlan';

/** In memory only, never serialised. */
export interface TieredOffloadReport {
  readonly worldId: string;
  readonly nodeId: string;
  readonly offloadedAtMs: number;
  readonly hotBefore: number;
  readonly hotAfter: number;
  readonly coldBefore: number;
  readonly coldAfter: number;
  readonly offloaded: number;
  readonly offloadedByAge: number;
  readonly offloadedByCapacity: number;
  readonly keptDueToRateLimit: number;
}

export function offloadReport(
  key: { worldId: string; nodeId: string },
  offloadedAtMs: number,
  sizes: { hotBefore: number; coldBefore: number },
  plan: TieredOffloadPlan<unknown>,
): TieredOffloadReport {
  const offloaded = plan.offloadedRecords.length;
  return {
    ...key,
    offloadedAtMs,
    hotBefore: sizes.hotBefore,
    hotAfter: offloaded === 0 ? sizes.hotBefore : plan.hotRecordsAfter.length,
    coldBefore: sizes.coldBefore,
    coldAfter: sizes.coldBefore + offloaded,
    offloaded,
    offloadedByAge: plan.offloadedByAge,
    offloadedByCapacity: plan.offloadedByCapacity,
    keptDueToRateLimit: plan.keptDueToRateLimit,
  };
}


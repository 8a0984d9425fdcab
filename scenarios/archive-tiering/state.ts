// What the archive-tiering harness observes from outside the nodes: the archive ledger (read by
// the checkers) and the workers' progress (read by the run's end condition and the report).
import type { Profile } from '../../core/ports';
import { createArchiveLedger, type ArchiveLedger } from '../checkers/archive-ledger';
import type { HasArchiveLedger } from '../checkers/archive-tiers';
import { archiveFiles, STORAGE, WORKERS } from './config';

export interface OpCounts {
  ok: number;
  failed: number;
}

export interface ArchiveTieringState extends HasArchiveLedger {
  readonly archive: ArchiveLedger;
  /** Worker → every loop and the final settle are done. */
  readonly finished: Record<string, boolean>;
  readonly counts: { readonly append: OpCounts; readonly prune: OpCounts; readonly offload: OpCounts; readonly read: OpCounts };
  /** Storage boots that found an interrupted offload and finished it (hardened). */
  recoveredAtBoot: number;
}

export function initialState(profile: Profile): ArchiveTieringState {
  const zero = (): OpCounts => ({ ok: 0, failed: 0 });
  return {
    archive: createArchiveLedger(STORAGE, profile, archiveFiles(profile)),
    finished: Object.fromEntries(WORKERS.map((w) => [w, false])),
    counts: { append: zero(), prune: zero(), offload: zero(), read: zero() },
    recoveredAtBoot: 0,
  };
}

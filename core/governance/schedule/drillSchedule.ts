// P3.33 drill schedule (spec B §5.5): a drill is due when none ran yet or the interval has passed
// since the last one. The state file is the only pretty-printed one of part B.
import { ValidationError } from '../../common/errors';
import { satAddI64, satSubI64 } from '../../common/saturating';
import type { StoreFiles } from '../../common/storeFiles';
import { compactJson, parseObject, readOptionalI64 } from '../codec/jsonFields';
import type { RecoveryDrillReport } from '../drill/recoveryDrill';
import { createFileDocumentStore, createMemoryDocumentStore, type DocumentStore } from '../stores/documentStore';
import { FILE_SUFFIX } from '../stores/storePath';

export interface DrillSchedulePolicy {
  readonly drillIntervalMs: number;
  readonly recentAuditLimit: number;
}

export const defaultDrillSchedulePolicy = (): DrillSchedulePolicy => ({ drillIntervalMs: 300_000, recentAuditLimit: 20 });

const SCHEDULE = 'membership revocation dead-letter replay rollback governance recovery drill schedule';

export function validateDrillSchedulePolicy(p: DrillSchedulePolicy): void {
  if (p.drillIntervalMs <= 0) {
    throw new ValidationError(`${SCHEDULE} drill_interval_ms must be positive, got ${p.drillIntervalMs}`);
  }
  if (p.recentAuditLimit === 0) throw new ValidationError(`${SCHEDULE} recent_audit_limit must be positive`);
}

export interface DrillScheduleState {
  readonly lastDrillAtMs: number | null;
}

export const defaultDrillScheduleState = (): DrillScheduleState => ({ lastDrillAtMs: null });

/** Two-space indent, `": "` separators, no trailing newline; the default state is `{}`. */
export const drillScheduleStateJson = (s: DrillScheduleState): string =>
  JSON.stringify(compactJson([['last_drill_at_ms', s.lastDrillAtMs]]), null, 2);

export const drillScheduleStateFromJson = (text: string, file: string): DrillScheduleState => ({
  lastDrillAtMs: readOptionalI64(parseObject(text, file), 'last_drill_at_ms', { file, at: '' }),
});

/** Due when never drilled or `at - last >= interval` (non-strict). */
export const isDrillDue = (state: DrillScheduleState, atMs: number, p: DrillSchedulePolicy): boolean =>
  state.lastDrillAtMs === null || satSubI64(atMs, state.lastDrillAtMs) >= p.drillIntervalMs;

/** When the next drill falls due: after this one if it ran, else after the last one. */
export const nextDrillDueAtMs = (lastOrNowMs: number, p: DrillSchedulePolicy): number =>
  satAddI64(lastOrNowMs, p.drillIntervalMs);

export interface DrillScheduledRunReport {
  readonly worldId: string;
  readonly nodeId: string;
  readonly scheduledAtMs: number;
  readonly drillDue: boolean;
  readonly drillExecuted: boolean;
  readonly nextDueAtMs: number | null;
  readonly drillReport: RecoveryDrillReport | null;
}

export interface DrillScheduleStateStore {
  loadState(worldId: string, nodeId: string): Promise<DrillScheduleState>;
  saveState(worldId: string, nodeId: string, state: DrillScheduleState): Promise<void>;
}

class DocumentBackedDrillScheduleStore implements DrillScheduleStateStore {
  constructor(private readonly docs: DocumentStore<DrillScheduleState>) {}
  loadState(worldId: string, nodeId: string): Promise<DrillScheduleState> {
    return this.docs.load(worldId, nodeId);
  }
  saveState(worldId: string, nodeId: string, state: DrillScheduleState): Promise<void> {
    return this.docs.save(worldId, nodeId, state);
  }
}

export class InMemoryDrillScheduleStateStore extends DocumentBackedDrillScheduleStore {
  constructor() {
    super(createMemoryDocumentStore(defaultDrillScheduleState));
  }
}

export class FileDrillScheduleStateStore extends DocumentBackedDrillScheduleStore {
  constructor(files: StoreFiles, rootDir: string) {
    super(
      createFileDocumentStore(files, rootDir, {
        suffix: FILE_SUFFIX.drillSchedule,
        fallback: defaultDrillScheduleState,
        encode: drillScheduleStateJson,
        decode: drillScheduleStateFromJson,
      }),
    );
  }
}

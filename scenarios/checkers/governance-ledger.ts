// The oracle side of governance (spec B): what the harness observes of the governed runs from
// outside the nodes, kept in plain memory that survives crashes. The store host's file-system
// wrapper records every version of part B's files as the writes land (in apply order); workers
// record their governed runs (global start time, the clock reading they used) and what the sink
// answered to each rollback alert; the governance sink records every alert it received. Checkers
// only read it. Every list is append-only; `version` moves on every change.
import type { RevocationAlert } from '../../core/exports-replay';
import type { GovernanceLevel, GovernancePolicy, RollbackAlertPolicy, RollbackGuard } from '../../core/exports-governance';
import type { AdaptiveBounds, GuardBounds, ReplayPolicy } from '../../core/index';

/** Part B's files of one target that checkers follow. */
export type GovernanceFileKind = 'policyState' | 'policyAudit' | 'alertState' | 'governanceState' | 'governanceAudit' | 'commitIntent';

export const GOVERNANCE_FILE_KINDS: readonly GovernanceFileKind[] = ['policyState', 'policyAudit', 'alertState', 'governanceState', 'governanceAudit', 'commitIntent'];

/** One observed content of one file. */
export interface FileVersion {
  readonly step: number;
  readonly timeMs: number;
  /** What reads return now; null when the file does not exist. */
  readonly text: string | null;
  /** `write`: a store write landed; `boot`: what the store host found after a (re)start. */
  readonly cause: 'write' | 'boot';
}

/** The governance settings every governed run of the world uses. */
export interface GovernanceConfig {
  readonly fallbackPolicy: ReplayPolicy;
  readonly rollbackGuard: RollbackGuard;
  readonly alertPolicy: RollbackAlertPolicy;
  readonly governancePolicy: GovernancePolicy;
  readonly bounds: AdaptiveBounds;
  readonly guard: GuardBounds;
}

export interface GovernedRunResult {
  readonly replayed: number;
  readonly policy: ReplayPolicy;
  readonly rolledBack: boolean;
  readonly alertEmitted: boolean;
  readonly level: GovernanceLevel;
}

/** One call of the governed entry point by a worker. */
export interface GovernedRun {
  readonly worker: string;
  readonly incarnation: number;
  readonly target: string;
  readonly startStep: number;
  /** Global virtual time at the start. */
  readonly startMs: number;
  /** The `now_ms` the run used (the worker's clock at the start). */
  readonly nowMs: number;
  /** `nowMs` minus the clock epoch minus `startMs`: the worker clock's offset then. */
  readonly offsetMs: number;
  endStep: number | null;
  outcome: 'running' | 'ok' | 'error';
  error: string | null;
  result: GovernedRunResult | null;
}

/** A rollback alert the governance sink accepted. */
export interface RollbackAlertDelivery {
  readonly step: number;
  readonly timeMs: number;
  readonly from: string;
  readonly alert: RevocationAlert;
}

/** What a worker's `emit` of a rollback alert returned to the governed run. */
export interface RollbackAlertAnswer {
  readonly worker: string;
  readonly incarnation: number;
  readonly step: number;
  readonly timeMs: number;
  readonly alert: RevocationAlert;
  readonly acknowledged: boolean;
}

/** Identity of an alert: every field (two runs never raise the same one; a re-emission does). */
export const alertIdentity = (a: RevocationAlert): string =>
  JSON.stringify([a.worldId, a.nodeId, a.detectedAtMs, a.severity, a.code, a.message, a.drained, a.diverged, a.rejected]);

export class GovernanceLedger {
  version = 0;
  /** File versions by `<kind>/<target>`. */
  readonly files = new Map<string, FileVersion[]>();
  readonly runs: GovernedRun[] = [];
  readonly deliveries: RollbackAlertDelivery[] = [];
  readonly answers: RollbackAlertAnswer[] = [];
  /** Store host boots seen (the first one included). */
  hostBoots = 0;

  static fileKey(kind: GovernanceFileKind, target: string): string {
    return `${kind}/${target}`;
  }

  versionsOf(kind: GovernanceFileKind, target: string): readonly FileVersion[] {
    return this.files.get(GovernanceLedger.fileKey(kind, target)) ?? [];
  }

  /** Records `text` as the file's newest version unless it equals the current one. */
  recordFile(kind: GovernanceFileKind, target: string, v: FileVersion): void {
    const key = GovernanceLedger.fileKey(kind, target);
    const list = this.files.get(key);
    const last = list?.[list.length - 1];
    if (last === undefined ? v.text === null : last.text === v.text) return;
    if (list === undefined) this.files.set(key, [v]);
    else list.push(v);
    this.version += 1;
  }

  startRun(r: Omit<GovernedRun, 'endStep' | 'outcome' | 'error' | 'result'>): GovernedRun {
    const run: GovernedRun = { ...r, endStep: null, outcome: 'running', error: null, result: null };
    this.runs.push(run);
    this.version += 1;
    return run;
  }

  endRun(run: GovernedRun, step: number, result: GovernedRunResult | null, error: string | null): void {
    run.endStep = step;
    run.outcome = error === null ? 'ok' : 'error';
    run.error = error;
    run.result = result;
    this.version += 1;
  }

  recordDelivery(d: RollbackAlertDelivery): void {
    this.deliveries.push(d);
    this.version += 1;
  }

  recordAnswer(a: RollbackAlertAnswer): void {
    this.answers.push(a);
    this.version += 1;
  }
}

/** What a checker needs to judge one world's governance. */
export interface GovernanceWorld {
  readonly ledger: GovernanceLedger;
  readonly config: GovernanceConfig;
  readonly worldId: string;
  readonly targets: readonly string[];
  /** The node holding part B's files. */
  readonly storeHost: string;
  /** Path of a target's hardened commit intent (pending while it exists). */
  intentPath(target: string): string;
}

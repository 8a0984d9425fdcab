// Part B's files as checkers read them: every observed version of a target's policy state and
// governance state decoded with the core's own decoders, and every audit record that was ever in
// a log (the logs can be pruned or rewritten, so a record counts once it has been seen; a record
// present n times in some version counts n times). Decoding is memoised per ledger and only new
// versions are decoded, so a checker run after every step costs little.
import {
  adoptionAuditFromObject,
  alertStateFromJson,
  governanceAuditFromObject,
  governanceStateFromJson,
  policyStateFromJson,
  type GovernanceAuditRecord,
  type GovernanceState,
  type PolicyAdoptionAuditRecord,
  type ReplayPolicyState,
  type RollbackAlertState,
} from '../../core/exports-governance';
import { GovernanceLedger, type FileVersion, type GovernanceFileKind, type GovernanceWorld } from './governance-ledger';

/** One version of a JSON document: its value, or why it could not be read (`value` null, `error` null: no file). */
export interface DecodedVersion<T> {
  readonly index: number;
  readonly version: FileVersion;
  readonly value: T | null;
  readonly error: string | null;
}

/** A log record, from the first version that held it. */
export interface SeenRecord<T> {
  readonly record: T;
  readonly line: string;
  readonly firstStep: number;
  /** Most copies of this exact line any one version held. */
  count: number;
}

export interface UnreadableLine {
  readonly line: string;
  readonly firstStep: number;
  readonly error: string;
}

export interface LogView<T> {
  /** In order of first appearance. */
  readonly records: SeenRecord<T>[];
  readonly unreadable: UnreadableLine[];
}

export interface TargetView {
  readonly policy: DecodedVersion<ReplayPolicyState>[];
  readonly governance: DecodedVersion<GovernanceState>[];
  readonly alertState: DecodedVersion<RollbackAlertState>[];
  readonly adoption: LogView<PolicyAdoptionAuditRecord>;
  readonly archive: LogView<GovernanceAuditRecord>;
}

type Decoder<T> = (text: string, file: string) => T;

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

function decodeDocs<T>(versions: readonly FileVersion[], into: DecodedVersion<T>[], decode: Decoder<T>, file: string): void {
  for (let i = into.length; i < versions.length; i++) {
    const version = versions[i];
    if (version.text === null) {
      into.push({ index: i, version, value: null, error: null });
      continue;
    }
    try {
      into.push({ index: i, version, value: decode(version.text, file), error: null });
    } catch (e) {
      into.push({ index: i, version, value: null, error: errorText(e) });
    }
  }
}

interface LogState<T> {
  readonly view: LogView<T>;
  readonly byLine: Map<string, SeenRecord<T> | UnreadableLine>;
  processed: number;
}

function lineCounts(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const raw of text.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim().length === 0) continue;
    counts.set(line, (counts.get(line) ?? 0) + 1);
  }
  return counts;
}

function decodeLogs<T>(versions: readonly FileVersion[], st: LogState<T>, decode: (o: Record<string, unknown>) => T): void {
  for (; st.processed < versions.length; st.processed++) {
    const version = versions[st.processed];
    if (version.text === null) continue;
    for (const [line, count] of lineCounts(version.text)) {
      const known = st.byLine.get(line);
      if (known !== undefined) {
        if ('record' in known && count > known.count) known.count = count;
        continue;
      }
      try {
        const seen: SeenRecord<T> = { record: decode(JSON.parse(line) as Record<string, unknown>), line, firstStep: version.step, count };
        st.view.records.push(seen);
        st.byLine.set(line, seen);
      } catch (e) {
        const bad: UnreadableLine = { line, firstStep: version.step, error: errorText(e) };
        st.view.unreadable.push(bad);
        st.byLine.set(line, bad);
      }
    }
  }
}

const newLog = <T>(): LogState<T> => ({ view: { records: [], unreadable: [] }, byLine: new Map(), processed: 0 });

interface TargetCache {
  readonly view: TargetView;
  readonly adoption: LogState<PolicyAdoptionAuditRecord>;
  readonly archive: LogState<GovernanceAuditRecord>;
}

interface LedgerCache {
  version: number;
  readonly targets: Map<string, TargetCache>;
}

const caches = new WeakMap<GovernanceLedger, LedgerCache>();

function newTarget(): TargetCache {
  const adoption = newLog<PolicyAdoptionAuditRecord>();
  const archive = newLog<GovernanceAuditRecord>();
  return { view: { policy: [], governance: [], alertState: [], adoption: adoption.view, archive: archive.view }, adoption, archive };
}

function refresh(ledger: GovernanceLedger, target: string, c: TargetCache): void {
  const v = (kind: GovernanceFileKind) => ledger.versionsOf(kind, target);
  decodeDocs(v('policyState'), c.view.policy, policyStateFromJson, `policy state of ${target}`);
  decodeDocs(v('governanceState'), c.view.governance, governanceStateFromJson, `governance state of ${target}`);
  decodeDocs(v('alertState'), c.view.alertState, alertStateFromJson, `alert state of ${target}`);
  const src = (what: string) => ({ file: `${what} of ${target}`, at: 'line' });
  decodeLogs(v('policyAudit'), c.adoption, (o) => adoptionAuditFromObject(o, src('policy audit')));
  decodeLogs(v('governanceAudit'), c.archive, (o) => governanceAuditFromObject(o, src('governance audit')));
}

/** The decoded view of one target's governance files (memoised per ledger version). */
export function targetView(world: GovernanceWorld, target: string): TargetView {
  const ledger = world.ledger;
  let cache = caches.get(ledger);
  if (cache === undefined) caches.set(ledger, (cache = { version: -1, targets: new Map() }));
  let t = cache.targets.get(target);
  if (t === undefined) cache.targets.set(target, (t = newTarget()));
  refresh(ledger, target, t);
  return t.view;
}

/** The newest readable policy state before version `index` (the virgin default when there is none). */
export function previousState<T>(versions: readonly DecodedVersion<T>[], index: number): DecodedVersion<T> | null {
  return index > 0 ? versions[index - 1] : null;
}

export const fmtPolicy = (p: { maxReplayPerRun: number; maxRetryLimitExceededStreak: number }): string =>
  `{${p.maxReplayPerRun},${p.maxRetryLimitExceededStreak}}`;

export const samePolicy = (a: { maxReplayPerRun: number; maxRetryLimitExceededStreak: number }, b: { maxReplayPerRun: number; maxRetryLimitExceededStreak: number }): boolean =>
  a.maxReplayPerRun === b.maxReplayPerRun && a.maxRetryLimitExceededStreak === b.maxRetryLimitExceededStreak;

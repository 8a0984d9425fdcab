// Reads the archive's tiers straight from the storage node's disk model (no fs op, no randomness,
// no effect on the run) and decodes them with the core's own line splitting and record decoder,
// as a reader of that profile would. Decoding is memoised by file text, so checking after every
// step costs little while the files do not change.
import { governanceAuditFromObject, jsonLines, parseJson, type GovernanceAuditRecord } from '../../core/index';
import type { Profile } from '../../core/ports';
import type { Sim } from '../../sim/index';
import { uidOf, type ArchiveLedger } from './archive-ledger';

export type DecodedTier =
  | { readonly ok: true; readonly records: readonly GovernanceAuditRecord[]; readonly uids: readonly number[] }
  | { readonly ok: false; readonly error: string };

const EMPTY: DecodedTier = { ok: true, records: [], uids: [] };

function decode(text: string, path: string, profile: Profile): DecodedTier {
  try {
    const records = jsonLines(text, profile).map((line, i) => {
      const value = parseJson(line, path);
      if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error(`${path} line ${i + 1} is not a JSON object`);
      return governanceAuditFromObject(value as Record<string, unknown>, { file: path, at: `line ${i + 1}` });
    });
    return { ok: true, records, uids: records.map(uidOf) };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}

interface MemoEntry {
  readonly text: string;
  readonly decoded: DecodedTier;
}

/** Per (profile, path): the last few texts decoded (current and durable text alternate). */
const memo = new Map<string, MemoEntry[]>();
const MEMO_PER_PATH = 4;
const MEMO_PATHS_MAX = 64;

/** Decodes an archive file's text (null: no file, an empty tier). */
export function decodeArchiveText(text: string | null, path: string, profile: Profile): DecodedTier {
  if (text === null || text.length === 0) return EMPTY;
  const key = `${profile}\u0000${path}`;
  const entries = memo.get(key) ?? [];
  const hit = entries.find((e) => e.text === text);
  if (hit !== undefined) return hit.decoded;
  const decoded = decode(text, path, profile);
  if (!memo.has(key) && memo.size >= MEMO_PATHS_MAX) memo.clear();
  memo.set(key, [{ text, decoded }, ...entries].slice(0, MEMO_PER_PATH));
  return decoded;
}

export type FileState = 'current' | 'durable';

/** A file's text on a node's disk: what reads see now, or what a crash would leave. */
export function fileText(sim: Sim, node: string, path: string, state: FileState): string | null {
  const model = sim.node(node).disk.model;
  return state === 'current' ? model.currentText(path) : model.durableText(path);
}

export interface TierViews {
  readonly hot: DecodedTier;
  readonly cold: DecodedTier;
}

export function readTiers(sim: Sim, ledger: ArchiveLedger, state: FileState = 'current'): TierViews {
  const read = (path: string): DecodedTier => decodeArchiveText(fileText(sim, ledger.storageNode, path, state), path, ledger.profile);
  return { hot: read(ledger.files.hot), cold: read(ledger.files.cold) };
}

/** Hot tier uids now, or null when the file does not decode (for before/after observations). */
export function hotUidsNow(sim: Sim, ledger: ArchiveLedger): number[] | null {
  const hot = readTiers(sim, ledger).hot;
  return hot.ok ? [...hot.uids] : null;
}

/** uid → number of copies. */
export function countUids(uids: readonly number[]): Map<number, number> {
  const m = new Map<number, number>();
  for (const uid of uids) m.set(uid, (m.get(uid) ?? 0) + 1);
  return m;
}

// Decoding one store file the way its store reads it, with the core's own decoders and the
// profile's JSONL rule (`jsonLines`: `original` keeps a last line without newline, `hardened`
// drops it as a torn, never-acknowledged append). Never throws: a failure is a message.
import { jsonLines, parseJson } from '../../core/common/storeFiles';
import {
  DEAD_LETTER_SUFFIX,
  decodeDeadLetter,
  decodeIntent,
  decodeLease,
  decodeMetricsLine,
  decodePendingFile,
  decodeReplayState,
  FENCED_LEASE_SUFFIX,
  FieldReader,
  LEASE_SUFFIX,
  METRICS_SUFFIX,
  PENDING_SUFFIX,
  REPLAY_INTENT_SUFFIX,
  REPLAY_STATE_SUFFIX,
} from '../../core/exports-replay';
import type { Profile } from '../../core/ports';

export type StoreFileKind = 'dead-letters' | 'metrics' | 'pending' | 'replay-state' | 'lease' | 'fenced-lease' | 'intent';

const KINDS: readonly (readonly [string, StoreFileKind])[] = [
  [DEAD_LETTER_SUFFIX, 'dead-letters'],
  [METRICS_SUFFIX, 'metrics'],
  [PENDING_SUFFIX, 'pending'],
  [REPLAY_STATE_SUFFIX, 'replay-state'],
  [FENCED_LEASE_SUFFIX, 'fenced-lease'],
  [LEASE_SUFFIX, 'lease'],
  [REPLAY_INTENT_SUFFIX, 'intent'],
];

/** The part-A store a file belongs to, by its suffix; null for temp files and other stores' files. */
export function storeFileKind(path: string): StoreFileKind | null {
  for (const [suffix, kind] of KINDS) if (path.endsWith(`.${suffix}`)) return kind;
  return null;
}

function decodeLines(text: string, path: string, profile: Profile, decode: (v: unknown, where: string) => unknown): unknown[] {
  return jsonLines(text, profile).map((line, i) => decode(parseJson(line, `${path} line ${i + 1}`), `${path} line ${i + 1}`));
}

function decodeFencedLease(text: string, path: string): unknown {
  const r = FieldReader.of(parseJson(text, path), path);
  return { holderNodeId: r.optStr('holder_node_id'), expiresAtMs: r.int('expires_at_ms'), fencingToken: r.count('fencing_token') };
}

/** Decodes `text` as a file of `kind`; returns the decoded value or throws the store's error. */
export function decodeStoreFile(kind: StoreFileKind, text: string, path: string, profile: Profile): unknown {
  switch (kind) {
    case 'dead-letters':
      return decodeLines(text, path, profile, decodeDeadLetter);
    case 'metrics':
      return decodeLines(text, path, profile, decodeMetricsLine);
    case 'pending':
      return decodePendingFile(text, path);
    case 'replay-state':
      return decodeReplayState(parseJson(text, path), path);
    case 'lease':
      return decodeLease(parseJson(text, path), path);
    case 'fenced-lease':
      return decodeFencedLease(text, path);
    case 'intent':
      return decodeIntent(text, path);
  }
}

export type Decoded<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

export function tryDecode<T>(kind: StoreFileKind, text: string, path: string, profile: Profile): Decoded<T> {
  try {
    return { ok: true, value: decodeStoreFile(kind, text, path, profile) as T };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}

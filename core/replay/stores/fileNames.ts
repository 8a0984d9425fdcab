// File names of the file-backed stores (spec A §3, §5, §7, §9.1), under the store's root.
//
// `original` uses the spec's names `<world>.<node>.<suffix>`. Because single dots are allowed in
// ids, (world `a.b`, node `c`) and (world `a`, node `b.c`) share a file there (spec §14.18).
// `hardened` escapes `%` and `.` inside each id (`%25`, `%2E`) so the separator dot is unambiguous.
import type { Profile } from '../../ports';
import { normalizeKey, normalizeWorldId } from '../../common/ids';
import { joinPath } from '../../common/paths';

export const PENDING_SUFFIX = 'revocation-alert-pending.json';
export const DEAD_LETTER_SUFFIX = 'revocation-alert-dead-letter.jsonl';
export const METRICS_SUFFIX = 'revocation-alert-delivery-metrics.jsonl';
export const REPLAY_STATE_SUFFIX = 'revocation-dead-letter-replay-state.json';
export const LEASE_SUFFIX = 'revocation-coordinator-lease.json';
export const REPLAY_INTENT_SUFFIX = 'revocation-replay-intent.json';

export const escapeIdForFile = (id: string): string => id.replace(/%/g, '%25').replace(/\./g, '%2E');

const part = (profile: Profile, id: string): string => (profile === 'hardened' ? escapeIdForFile(id) : id);

/**
 * `<root>/<world>.<node>.<suffix>` for a (world, node) store file. The ids are normalised first,
 * so an id with `/`, `\`, `..`, NUL or only whitespace is rejected before any file is touched.
 */
export function pairFilePath(root: string, profile: Profile, worldId: string, nodeId: string, suffix: string): string {
  const key = normalizeKey(worldId, nodeId);
  return joinPath(root, `${part(profile, key.worldId)}.${part(profile, key.nodeId)}.${suffix}`);
}

/** `<root>/<key>.<suffix>` for a store keyed by one id (a lease key). */
export function keyFilePath(root: string, profile: Profile, key: string, suffix: string): string {
  return joinPath(root, `${part(profile, normalizeWorldId(key))}.${suffix}`);
}

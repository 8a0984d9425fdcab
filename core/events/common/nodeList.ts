// Node-list handling shared by every multi-node query (spec C §0.5).
import { ValidationError } from '../../common/errors';
import { normalizeKey, normalizeNodeId } from '../../common/ids';
import { cmpStr } from './order';

export interface NormalizedNodeList {
  readonly worldId: string;
  /** Distinct normalised ids in ascending code-point order. */
  readonly nodeIds: readonly string[];
}

/**
 * Empty list → ValidationError(`<what> requires at least one node_id`). The world is normalised
 * with the first node (so a bad world wins), then every node; duplicates after trimming collapse.
 */
export function normalizeNodeList(worldId: string, nodeIds: readonly string[], what: string): NormalizedNodeList {
  if (!Array.isArray(nodeIds) || nodeIds.length === 0) {
    throw new ValidationError(`${what} requires at least one node_id`);
  }
  const first = normalizeKey(worldId, nodeIds[0]);
  const distinct = new Set<string>();
  for (const raw of nodeIds) distinct.add(normalizeNodeId(raw));
  return { worldId: first.worldId, nodeIds: [...distinct].sort(cmpStr) };
}

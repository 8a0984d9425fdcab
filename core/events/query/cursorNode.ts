// Normalising a cursor's node id (spec C §8 step 2): the raw world is validated first, then the node.
import { ValidationError } from '../../common/errors';
import { normalizeNodeId, normalizeWorldId } from '../../common/ids';

export function normalizeCursorNodeId(worldId: string, sinceNodeId: string | null, field = 'since_node_id'): string | null {
  normalizeWorldId(worldId);
  if (sinceNodeId === null) return null;
  try {
    return normalizeNodeId(sinceNodeId);
  } catch (e) {
    if (e instanceof ValidationError) {
      throw new ValidationError(`drill alert event cursor ${field} is invalid: ${e.reason}`);
    }
    throw e;
  }
}

/** usize: the cursor's offset within a node's kept events. */
export function validateNodeEventOffset(offset: number, field = 'since_node_event_offset'): void {
  if (!Number.isSafeInteger(offset) || offset < 0) {
    throw new ValidationError(`drill alert event cursor ${field} must be a non-negative integer, got ${offset}`);
  }
}

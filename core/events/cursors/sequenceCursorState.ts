// P3.41/P3.42: the persisted sequence cursor state, its JSON, its order and the no-rollback guard
// (spec C §10.1, §11).
import { ValidationError } from '../../common/errors';
import { parseJson } from '../../common/storeFiles';
import { JsonReader } from '../common/json';
import { cmpNum, cmpOptStr } from '../common/order';
import type { SequenceCursor } from '../query/sequenceCursor';

export interface SequenceCursorState extends SequenceCursor {
  readonly worldId: string;
  readonly consumerId: string;
}

/** Compact JSON, keys in spec order; `since_node_id` omitted when null, the offset always written. */
export function encodeSequenceCursorState(state: SequenceCursorState): string {
  const out: Record<string, unknown> = {
    world_id: state.worldId,
    consumer_id: state.consumerId,
    since_event_at_ms: state.sinceEventAtMs,
  };
  if (state.sinceNodeId !== null) out.since_node_id = state.sinceNodeId;
  out.since_node_event_offset = state.sinceNodeEventOffset;
  return JSON.stringify(out);
}

/** Legacy state without `since_node_event_offset` reads as 0; unknown keys are ignored. */
export function decodeSequenceCursorState(text: string, file: string): SequenceCursorState {
  const r = new JsonReader(file, 'composite sequence cursor state');
  const o = r.object(parseJson(text, file));
  return {
    worldId: r.string(o, 'world_id'),
    consumerId: r.string(o, 'consumer_id'),
    sinceEventAtMs: r.i64(o, 'since_event_at_ms'),
    sinceNodeId: r.optionalString(o, 'since_node_id'),
    sinceNodeEventOffset: r.usize(o, 'since_node_event_offset', 0),
  };
}

/** `compare_composite_sequence_cursor`: time, then node (None < Some, code points), then offset. */
export function compareSequenceCursor(a: SequenceCursor, b: SequenceCursor): number {
  return (
    cmpNum(a.sinceEventAtMs, b.sinceEventAtMs) ||
    cmpOptStr(a.sinceNodeId, b.sinceNodeId) ||
    cmpNum(a.sinceNodeEventOffset, b.sinceNodeEventOffset)
  );
}

/** `ensure_composite_sequence_cursor_state_not_rollback`: equal or forward is allowed. */
export function ensureCursorNotRollback(prev: SequenceCursorState | null, next: SequenceCursorState): void {
  if (prev !== null && compareSequenceCursor(prev, next) > 0) {
    throw new ValidationError(
      `membership revocation rollback governance recovery drill alert composite sequence cursor state cannot rollback for world ${next.worldId} consumer ${next.consumerId}`,
    );
  }
}

export const copySequenceCursorState = (s: SequenceCursorState): SequenceCursorState => ({ ...s });

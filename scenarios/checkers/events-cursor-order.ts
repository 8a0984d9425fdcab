// Order on consumer cursors: the time-based ones are totally ordered (spec C §11 ordering: time,
// then node with None < Some by code point, then offset); per-node positions are ordered per node
// (one cursor is behind another if any node's position is smaller).
import { cmpNum, cmpOptStr } from '../../core/events/common/order';
import type { CursorValue } from './events-ledger';

/** True when `a` is strictly behind `b` (a consumer moving from `b` to `a` went backwards). */
export function isBehind(a: CursorValue, b: CursorValue): boolean {
  if (a.kind === 'positions' || b.kind === 'positions') {
    if (a.kind !== 'positions' || b.kind !== 'positions') return false;
    const of = new Map(a.positions);
    return b.positions.some(([node, seq]) => (of.get(node) ?? 0) < seq);
  }
  if (a.kind !== b.kind) return false;
  const node = (c: CursorValue): string | null => (c.kind === 'node' || c.kind === 'sequence' ? c.node : null);
  const offset = (c: CursorValue): number => (c.kind === 'sequence' ? c.offset : 0);
  return (cmpNum(a.t, b.t) || cmpOptStr(node(a), node(b)) || cmpNum(offset(a), offset(b))) < 0;
}

/** The time part of a time-based cursor; null for per-node positions. */
export function cursorTime(c: CursorValue): number | null {
  return c.kind === 'positions' ? null : c.t;
}

export function formatCursor(c: CursorValue | null): string {
  if (c === null) return 'none';
  switch (c.kind) {
    case 'watermark':
      return `${c.t}`;
    case 'node':
      return `(${c.t}, ${c.node ?? 'null'})`;
    case 'sequence':
      return `(${c.t}, ${c.node ?? 'null'}, ${c.offset})`;
    case 'positions':
      return `{${c.positions.map(([n, s]) => `${n}:${s}`).join(', ')}}`;
  }
}

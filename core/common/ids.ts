// Key normalisation (spec A §1, B §0.2, C §0.1). Stores key everything by the normalised pair,
// so " w1 " and "w1" address the same data, and ids can never escape a store's root directory.
import { ValidationError } from './errors';

// Rust `str::trim` strips exactly Unicode White_Space; JS `trim` differs (U+FEFF, U+0085).
const WHITE_SPACE = new Set([
  0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0x85, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004,
  0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000,
]);

export function rustTrim(raw: string): string {
  let start = 0;
  let end = raw.length;
  // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent, charCodeAt past the end is NaN (never white space)
  while (start < end && WHITE_SPACE.has(raw.charCodeAt(start))) start += 1;
  // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent, slice(start, end < start) is empty as well
  while (end > start && WHITE_SPACE.has(raw.charCodeAt(end - 1))) end -= 1;
  return raw.slice(start, end);
}

// NUL is rejected too: no file system accepts it, and the spec's ids never contain it.
const hasInvalidSegment = (id: string): boolean =>
  id.includes('/') || id.includes('\\') || id.includes('..') || id.includes('\0');

export function normalizeWorldId(raw: string): string {
  const id = rustTrim(raw);
  if (id.length === 0) throw new ValidationError('membership world_id cannot be empty');
  if (hasInvalidSegment(id)) {
    throw new ValidationError(`membership world_id contains invalid path segment: ${id}`);
  }
  return id;
}

export function normalizeNodeId(raw: string): string {
  const id = rustTrim(raw);
  if (id.length === 0) throw new ValidationError('membership revocation checkpoint node_id cannot be empty');
  if (hasInvalidSegment(id)) {
    throw new ValidationError(`membership revocation checkpoint node_id is invalid: ${id}`);
  }
  return id;
}

export interface ScheduleKey {
  readonly worldId: string;
  readonly nodeId: string;
}

/** `normalized_schedule_key`: the world is checked first, so its error wins. */
export function normalizeKey(worldId: string, nodeId: string): ScheduleKey {
  return { worldId: normalizeWorldId(worldId), nodeId: normalizeNodeId(nodeId) };
}

/** Lease key of coordinated replay: `{world}::revocation-dead-letter-replay::{target}`. */
export function replayLeaseKey(worldId: string, targetNodeId: string): string {
  const key = normalizeKey(worldId, targetNodeId);
  return normalizeWorldId(`${key.worldId}::revocation-dead-letter-replay::${key.nodeId}`);
}

/** Map key for in-memory stores keyed by (world, node). `\u0000` cannot occur in a valid id. */
export const pairKey = (key: ScheduleKey): string => `${key.worldId}\u0000${key.nodeId}`;

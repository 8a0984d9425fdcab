// Hardened incremental pull: a cursor per node over the bus-assigned sequence number (the event's
// position in its node's append-only list) instead of caller time. A late, back-dated, skewed or
// same-millisecond event always has a sequence number past the cursor, so it is never skipped
// (removes W-B1/B2, W-C1/C2, W-D1/D2/D5); a node that could not be read simply does not advance.
import { ValidationError } from '../../common/errors';
import type { DrillAlertEvent, DrillAlertEventOutcome } from '../bus/drillAlertEvent';
import type { SequencedDrillAlertEvent } from '../bus/eventBus';
import type { NormalizedNodeList } from '../common/nodeList';
import { cmpNum, cmpStr } from '../common/order';

/** Next sequence number to read, per node; a node not present reads from 0. */
export type NodeSequencePositions = ReadonlyMap<string, number>;

export interface NodeSequenceCursorState {
  readonly worldId: string;
  readonly consumerId: string;
  /** The consumer's outcome filter (empty = all), fixed by its first commit (W-B3, W-D1). */
  readonly outcomes: readonly DrillAlertEventOutcome[];
  readonly positions: NodeSequencePositions;
}

/** One delivered event and its stable id `(nodeId, seq)`, by which a consumer de-duplicates. */
export interface SequencedDelivery {
  readonly nodeId: string;
  readonly seq: number;
  readonly event: DrillAlertEvent;
}

export interface NodeSequencePullInput {
  readonly nodes: NormalizedNodeList;
  /** Lists that could be read; a node missing here keeps its position. */
  readonly lists: ReadonlyMap<string, readonly SequencedDrillAlertEvent[]>;
  readonly positions: NodeSequencePositions;
  readonly outcomes: readonly DrillAlertEventOutcome[];
  readonly maxRecords: number;
}

export interface NodeSequencePull {
  readonly deliveries: SequencedDelivery[];
  readonly positions: Map<string, number>;
}

interface NodeQueue {
  readonly nodeId: string;
  readonly matching: SequencedDrillAlertEvent[];
  next: number;
  readonly endSeq: number;
}

function queueOf(input: NodeSequencePullInput, nodeId: string, list: readonly SequencedDrillAlertEvent[]): NodeQueue {
  const from = input.positions.get(nodeId) ?? 0;
  const pending = list.filter((s) => s.seq >= from);
  const matching = pending.filter(
    (s) =>
      s.event.worldId === input.nodes.worldId &&
      s.event.nodeId === nodeId &&
      (input.outcomes.length === 0 || input.outcomes.includes(s.event.outcome)),
  );
  const endSeq = pending.length > 0 ? pending[pending.length - 1].seq + 1 : from;
  return { nodeId, matching, next: 0, endSeq };
}

/**
 * Pure. Merges the nodes' pending events oldest first (then node id), taking each node's events in
 * sequence order, so what one pull returns of a node is always a prefix of its pending events.
 * Events the filter drops (other ids, other outcomes) are passed over, never returned later.
 */
export function pullAfterNodeSequences(input: NodeSequencePullInput): NodeSequencePull {
  const positions = new Map(input.positions);
  // Stryker disable next-line MethodExpression,ArrayDeclaration: equivalent, an unread node's queue would be empty with end = its position, so it delivers and moves nothing
  const queues = input.nodes.nodeIds.filter((n) => input.lists.has(n)).map((n) => queueOf(input, n, input.lists.get(n) ?? []));
  const deliveries: SequencedDelivery[] = [];
  while (deliveries.length < input.maxRecords) {
    let best: NodeQueue | null = null;
    for (const q of queues) {
      if (q.next >= q.matching.length) continue;
      const head = q.matching[q.next].event;
      const bestHead = best ? best.matching[best.next].event : null;
      if (!bestHead || cmpNum(head.eventAtMs, bestHead.eventAtMs) < 0) best = q;
    }
    if (!best) break;
    const taken = best.matching[best.next];
    best.next += 1;
    deliveries.push({ nodeId: best.nodeId, seq: taken.seq, event: taken.event });
  }
  for (const q of queues) {
    const from = positions.get(q.nodeId) ?? 0;
    const to = q.next < q.matching.length ? q.matching[q.next].seq : q.endSeq;
    if (to > from) positions.set(q.nodeId, to);
  }
  return { deliveries, positions };
}

/** Nodes whose position would move backwards from `prev` to `next`. */
export function nodesMovingBackwards(prev: NodeSequencePositions, next: NodeSequencePositions): string[] {
  return [...prev.entries()].filter(([node, seq]) => (next.get(node) ?? 0) < seq).map(([node]) => node);
}

export function ensureNodeSequenceNotRollback(prev: NodeSequenceCursorState | null, next: NodeSequenceCursorState): void {
  if (prev === null) return;
  const back = nodesMovingBackwards(prev.positions, next.positions);
  if (back.length > 0) {
    throw new ValidationError(
      `drill alert node sequence cursor state cannot rollback for world ${next.worldId} consumer ${next.consumerId} (nodes ${back.join(',')})`,
    );
  }
}

// Stryker disable next-line StringLiteral: equivalent, no outcome label is a concatenation of others, so joining with '' is as injective
const sortedOutcomes = (o: readonly DrillAlertEventOutcome[]): string => [...new Set(o)].sort(cmpStr).join(',');

export function sameOutcomeFilter(a: readonly DrillAlertEventOutcome[], b: readonly DrillAlertEventOutcome[]): boolean {
  return sortedOutcomes(a) === sortedOutcomes(b);
}

/** Positions as sorted pairs, for JSON and for display. */
export const positionEntries = (p: NodeSequencePositions): Array<[string, number]> =>
  [...p.entries()].sort((a, b) => cmpStr(a[0], b[0]));

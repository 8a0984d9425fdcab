// Shared event collection across nodes (spec C §4). The pure part filters per-node lists that were
// already read; the shell part reads them through a DrillAlertEventReader, which in the simulator
// reaches other nodes over the network and may fail for an unreachable node.
import { ValidationError } from '../../common/errors';
import type { Profile } from '../../ports';
import type { DrillAlertEvent, DrillAlertEventOutcome } from '../bus/drillAlertEvent';
import type { DrillAlertEventReader } from '../bus/eventBus';
import { normalizeNodeList, type NormalizedNodeList } from '../common/nodeList';

export const EVENT_QUERY = 'membership revocation rollback governance recovery drill alert event aggregate query';

/** `validate_…_event_aggregate_query_args`: runs before the node-list check in every query but the summary. */
export function validateEventMaxRecords(maxRecords: number): void {
  if (!Number.isSafeInteger(maxRecords) || maxRecords <= 0) {
    throw new ValidationError(`${EVENT_QUERY} max_records must be positive, got ${maxRecords}`);
  }
}

export const normalizeEventNodeList = (worldId: string, nodeIds: readonly string[]): NormalizedNodeList =>
  normalizeNodeList(worldId, nodeIds, EVENT_QUERY);

/**
 * Pure §4 step 2–3: node by node (ascending), each list in append order. Drops events whose own
 * ids differ from the key (exact comparison), before `minEventAtMs` (inclusive) or outside
 * `outcomes` (empty = all). Nothing is sorted here.
 */
export function filterCollectedEvents(
  nodes: NormalizedNodeList,
  lists: ReadonlyMap<string, readonly DrillAlertEvent[]>,
  minEventAtMs: number | null,
  outcomes: readonly DrillAlertEventOutcome[],
): DrillAlertEvent[] {
  const out: DrillAlertEvent[] = [];
  for (const nodeId of nodes.nodeIds) {
    // Stryker disable next-line ArrayDeclaration: equivalent, a placeholder element has no world_id and is skipped by the id filter below
    for (const event of lists.get(nodeId) ?? []) {
      if (event.worldId !== nodes.worldId || event.nodeId !== nodeId) continue;
      if (minEventAtMs !== null && event.eventAtMs < minEventAtMs) continue;
      if (outcomes.length > 0 && !outcomes.includes(event.outcome)) continue;
      out.push(event);
    }
  }
  return out;
}

export interface NodeListsRead<T> {
  /** The lists that could be read, by normalised node id. */
  readonly lists: ReadonlyMap<string, readonly T[]>;
  /** Nodes whose list could not be read (hardened only; `original` fails the call instead). */
  readonly unreachable: readonly string[];
}

/**
 * Reads every node's list in ascending order. `original`: the first failing node fails the whole
 * query (spec). `hardened`: a failing node is reported as unreachable and the rest is returned.
 */
export async function readNodeLists<T>(
  nodes: NormalizedNodeList,
  profile: Profile,
  read: (worldId: string, nodeId: string) => Promise<readonly T[]>,
): Promise<NodeListsRead<T>> {
  const lists = new Map<string, readonly T[]>();
  const unreachable: string[] = [];
  for (const nodeId of nodes.nodeIds) {
    if (profile === 'original') {
      lists.set(nodeId, await read(nodes.worldId, nodeId));
      continue;
    }
    try {
      lists.set(nodeId, await read(nodes.worldId, nodeId));
    } catch {
      unreachable.push(nodeId);
    }
  }
  return { lists, unreachable };
}

export interface CollectedEvents {
  readonly worldId: string;
  readonly events: DrillAlertEvent[];
  readonly unreachable: readonly string[];
}

export interface CollectArgs {
  readonly worldId: string;
  readonly nodeIds: readonly string[];
  readonly minEventAtMs: number | null;
  readonly outcomes: readonly DrillAlertEventOutcome[];
  /** Default 'original'. */
  readonly profile?: Profile;
}

/** `collect_governance_recovery_drill_alert_events_aggregated`. */
export async function collectDrillAlertEvents(reader: DrillAlertEventReader, args: CollectArgs): Promise<CollectedEvents> {
  const nodes = normalizeEventNodeList(args.worldId, args.nodeIds);
  const read = await readNodeLists(nodes, args.profile ?? 'original', (w, n) => reader.list(w, n));
  const events = filterCollectedEvents(nodes, read.lists, args.minEventAtMs, args.outcomes);
  return { worldId: nodes.worldId, events, unreachable: read.unreachable };
}

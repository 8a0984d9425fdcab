// The drill-alert event bus (spec C §3.6): one append-only list per normalised (world, node).
import { ValidationError } from '../../common/errors';
import { normalizeKey, pairKey, type ScheduleKey } from '../../common/ids';
import type { Profile } from '../../ports';
import { copyDrillAlertEvent, type DrillAlertEvent } from './drillAlertEvent';

/** What queries read: one node's events in append order. A remote reader may reject (node unreachable). */
export interface DrillAlertEventReader {
  list(worldId: string, nodeId: string): Promise<DrillAlertEvent[]>;
}

/** An event with its bus-assigned per-node sequence number: its position in the append-only list. */
export interface SequencedDrillAlertEvent {
  readonly seq: number;
  readonly event: DrillAlertEvent;
}

/**
 * The hardened pulls read through this. Sequence numbers never change once assigned: the list is
 * append-only, only acknowledged appends are visible, and an unreadable line keeps its slot.
 */
export interface SequencedEventReader {
  listSequenced(worldId: string, nodeId: string): Promise<SequencedDrillAlertEvent[]>;
}

export interface DrillAlertEventBus extends DrillAlertEventReader, SequencedEventReader {
  publish(worldId: string, nodeId: string, event: DrillAlertEvent): Promise<void>;
}

export const withSequence = (events: readonly DrillAlertEvent[]): SequencedDrillAlertEvent[] =>
  events.map((event, seq) => ({ seq, event: copyDrillAlertEvent(event) }));

/**
 * Hardened publish refuses an event whose own ids differ from the key: the collection would drop
 * it silently forever (spec W-D3). `original` stores it as given.
 */
export function checkEventMatchesKey(key: ScheduleKey, event: DrillAlertEvent, profile: Profile): void {
  if (profile === 'original') return;
  if (event.worldId !== key.worldId) {
    throw new ValidationError(`drill alert event world_id ${event.worldId} does not match bus world_id ${key.worldId}`);
  }
  if (event.nodeId !== key.nodeId) {
    throw new ValidationError(`drill alert event node_id ${event.nodeId} does not match bus node_id ${key.nodeId}`);
  }
}

/** `InMemoryDrillAlertEventBus`: publish pushes a copy, list returns copies. */
export class InMemoryDrillAlertEventBus implements DrillAlertEventBus {
  private readonly lists = new Map<string, DrillAlertEvent[]>();

  constructor(private readonly profile: Profile = 'original') {}

  async publish(worldId: string, nodeId: string, event: DrillAlertEvent): Promise<void> {
    const key = normalizeKey(worldId, nodeId);
    checkEventMatchesKey(key, event, this.profile);
    const list = this.lists.get(pairKey(key)) ?? [];
    list.push(copyDrillAlertEvent(event));
    this.lists.set(pairKey(key), list);
  }

  async list(worldId: string, nodeId: string): Promise<DrillAlertEvent[]> {
    return (this.lists.get(pairKey(normalizeKey(worldId, nodeId))) ?? []).map(copyDrillAlertEvent);
  }

  async listSequenced(worldId: string, nodeId: string): Promise<SequencedDrillAlertEvent[]> {
    return withSequence(await this.list(worldId, nodeId));
  }
}

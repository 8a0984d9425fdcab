// Cross-node reads of the drill-alert event bus. Each node's bus lives on that node; a puller reads
// the others' lists through the Transport port, so a partition, loss or crash makes `list` reject
// with a TransportError for that node. The query shell decides what that means per profile.
import { IoError } from '../../common/errors';
import type { RequestHandler, Transport } from '../../ports';
import { decodeDrillAlertEvent, encodeDrillAlertEvent, type DrillAlertEvent } from './drillAlertEvent';
import type { DrillAlertEventBus, DrillAlertEventReader, SequencedDrillAlertEvent, SequencedEventReader } from './eventBus';

export const DRILL_ALERT_EVENT_CHANNEL = 'drill-alert-event-bus';

interface ListRequest {
  readonly op: 'list';
  readonly worldId: string;
  readonly nodeId: string;
}

/** Wire form: the events' on-disk JSON lines with their sequence numbers. */
interface ListReply {
  readonly events: ReadonlyArray<readonly [seq: number, line: string]>;
}

const isListRequest = (p: unknown): p is ListRequest => {
  const r = p as Partial<ListRequest> | null;
  return typeof r === 'object' && r !== null && r.op === 'list' && typeof r.worldId === 'string' && typeof r.nodeId === 'string';
};

/** Serves this node's bus to other nodes on DRILL_ALERT_EVENT_CHANNEL. */
export function serveDrillAlertEventBus(bus: DrillAlertEventBus): RequestHandler {
  return async (_from, channel, payload) => {
    if (channel !== DRILL_ALERT_EVENT_CHANNEL || !isListRequest(payload)) {
      throw new IoError(`drill alert event bus cannot serve ${channel}`);
    }
    const listed = await bus.listSequenced(payload.worldId, payload.nodeId);
    const reply: ListReply = { events: listed.map((s) => [s.seq, encodeDrillAlertEvent(s.event)] as const) };
    return reply;
  };
}

function decodeReply(reply: unknown, from: string): SequencedDrillAlertEvent[] {
  const events = (reply as Partial<ListReply> | null)?.events;
  if (!Array.isArray(events)) throw new IoError(`malformed drill alert event reply from ${from}`);
  return events.map(([seq, line]) => ({ seq, event: decodeDrillAlertEvent(line, `${from}:${DRILL_ALERT_EVENT_CHANNEL}`) }));
}

export interface RemoteEventReaderOptions {
  readonly transport: Transport;
  /** This node's own bus, read directly. */
  readonly local: DrillAlertEventBus;
  /** Which node hosts the bus of a key's node (default: the node itself). */
  readonly hostOf?: (nodeId: string) => string;
}

/** A reader that reads its own node locally and every other node over the network. */
export function createRemoteEventReader(options: RemoteEventReaderOptions): DrillAlertEventReader & SequencedEventReader {
  const hostOf = options.hostOf ?? ((nodeId: string) => nodeId);
  const listSequenced = async (worldId: string, nodeId: string): Promise<SequencedDrillAlertEvent[]> => {
    const host = hostOf(nodeId);
    if (host === options.transport.self) return options.local.listSequenced(worldId, nodeId);
    const request: ListRequest = { op: 'list', worldId, nodeId };
    return decodeReply(await options.transport.request(host, DRILL_ALERT_EVENT_CHANNEL, request), host);
  };
  return {
    listSequenced,
    list: async (worldId, nodeId): Promise<DrillAlertEvent[]> => (await listSequenced(worldId, nodeId)).map((s) => s.event),
  };
}

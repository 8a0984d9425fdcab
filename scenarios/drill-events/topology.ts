// drill-events topology and timing. Publishers n1..n3 each keep their own file-backed drill-alert
// event bus and serve it over the Transport; the consumer node c1 runs one consumer per pull method
// and processes into a local sink; the storage node s1 holds the consumers' cursor state stores.
import type { Profile } from '../../core/ports';
import type { ConsumerSpec } from '../checkers/events-ledger';

export const WORLD = 'w1';
export const PUBLISHERS = ['n1', 'n2', 'n3'] as const;
export const CONSUMER_NODE = 'c1';
export const STORAGE_NODE = 's1';
export const NODES: readonly string[] = [...PUBLISHERS, CONSUMER_NODE, STORAGE_NODE];

/** Root of every store on a node's disk. */
export const DATA_ROOT = '/data/events';

/** Event times are the publisher's clock floored to this step (drill ticks), so milliseconds collide. */
export const DRILL_TICK_MS = 10;
/** Drills happen in [first, last] global ms. */
export const DRILLS_FROM_MS = 20;
export const DRILLS_UNTIL_MS = 1400;
/** The chaos phase ends here unless the plan says otherwise. */
export const HEAL_AT_MS = 1500;
/** Consumers keep pulling this long after the heal starts, so every consumer can catch up. */
export const CATCH_UP_MS = 1500;
/** Virtual time a consumer spends processing a batch (a crash inside it interrupts processing). */
export const PROCESS_MS = 6;
export const POLL_MS_MIN = 10;
export const POLL_MS_MAX = 30;
/** Message latency unless the plan sets one: a LAN, so a pull (three lists, a load, a save) is quick. */
export const NET_LATENCY = { kind: 'uniform', minMs: 1, maxMs: 4 } as const;

/** One consumer per pull method; page sizes small enough to split same-millisecond groups. */
export const ORIGINAL_CONSUMERS: readonly ConsumerSpec[] = [
  { id: 'wm', method: 'watermark', outcomes: [], maxRecords: 2 },
  { id: 'nc', method: 'node-cursor', outcomes: [], maxRecords: 2 },
  { id: 'sc', method: 'sequence-cursor', outcomes: ['emitted', 'suppressed_cooldown', 'suppressed_no_anomaly'], maxRecords: 3 },
  { id: 'st', method: 'state-store', outcomes: [], maxRecords: 2 },
];

/** Hardened: the same consumers (ids, filters, page sizes), each with the node-sequence consumer. */
export function consumersFor(profile: Profile): readonly ConsumerSpec[] {
  return profile === 'original' ? ORIGINAL_CONSUMERS : ORIGINAL_CONSUMERS.map((c) => ({ ...c, method: 'node-sequence' as const }));
}

/** Where each consumer keeps its cursor: `s1` (a cursor state store) or `sink` (kept with its output). */
export function cursorHome(spec: ConsumerSpec): 's1' | 'sink' {
  return spec.method === 'state-store' || spec.method === 'node-sequence' ? 's1' : 'sink';
}

// The network as the trace tells it, folded immutably: messages in flight (sent, not yet
// delivered or dropped), cut links, isolated nodes, counters and settings. Mirrors
// `sim/net/network.ts` and `sim/net/links.ts`: a `net.deliver` step takes a message off the
// wire, a `net.drop` in the same step means the delivery failed after all.
import type { NetOptions } from '../../sim/net/network';

export interface WireMessage {
  readonly id: number;
  readonly from: string;
  readonly to: string;
  readonly channel: string;
  readonly type: string;
  readonly call: number;
  readonly sentT: number;
  readonly dueT: number;
  readonly bytes: number;
  /** The message this one duplicates, or 0. */
  readonly of: number;
}

export interface NetView {
  readonly inFlight: ReadonlyMap<number, WireMessage>;
  /** Cut directed links as `from>to`, sorted. */
  readonly cuts: readonly string[];
  readonly isolated: readonly string[];
  readonly sent: number;
  readonly duplicated: number;
  readonly delivered: number;
  readonly dropped: number;
  readonly timeouts: number;
  readonly dropsByReason: Readonly<Record<string, number>>;
  readonly settings: Partial<NetOptions>;
  /** The message the current step delivered (a drop of it in the same step undoes the count). */
  readonly delivering: number;
}

export function emptyNet(settings: Partial<NetOptions>): NetView {
  return { inFlight: new Map(), cuts: [], isolated: [], sent: 0, duplicated: 0, delivered: 0, dropped: 0, timeouts: 0, dropsByReason: {}, settings, delivering: 0 };
}

type Data = Readonly<Record<string, unknown>>;
const num = (v: unknown): number => (typeof v === 'number' ? v : 0);
const str = (v: unknown): string => (typeof v === 'string' ? v : '?');
const names = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : []);

function pairs(a: readonly string[], b: readonly string[]): string[] {
  const out: string[] = [];
  for (const x of a) for (const y of b) if (x !== y) out.push(`${x}>${y}`);
  return out;
}

function cutLinks(net: NetView, d: Data, cut: boolean): NetView {
  const a = names(d.a);
  const b = names(d.b);
  const links = d.oneWay === true ? pairs(a, b) : [...pairs(a, b), ...pairs(b, a)];
  const set = new Set(net.cuts);
  for (const l of links) {
    if (cut) set.add(l);
    else set.delete(l);
  }
  return { ...net, cuts: [...set].sort() };
}

function send(net: NetView, d: Data, t: number, dup: boolean): NetView {
  const m: WireMessage = {
    id: num(d.id),
    from: str(d.from),
    to: str(d.to),
    channel: str(d.channel),
    type: str(d.type),
    call: num(d.call),
    sentT: t,
    dueT: num(d.dueT),
    bytes: num(d.bytes),
    of: num(d.of),
  };
  const inFlight = new Map(net.inFlight).set(m.id, m);
  return dup ? { ...net, inFlight, duplicated: net.duplicated + 1 } : { ...net, inFlight, sent: net.sent + 1 };
}

function drop(net: NetView, d: Data): NetView {
  const id = num(d.id);
  const reason = str(d.reason);
  const dropsByReason = { ...net.dropsByReason, [reason]: (net.dropsByReason[reason] ?? 0) + 1 };
  const base = { ...net, dropped: net.dropped + 1, dropsByReason };
  if (net.inFlight.has(id)) {
    const inFlight = new Map(net.inFlight);
    inFlight.delete(id);
    return { ...base, inFlight };
  }
  return id === net.delivering ? { ...base, delivered: net.delivered - 1, delivering: 0 } : base;
}

function deliver(net: NetView, d: Data): NetView {
  const id = num(d.id);
  if (!net.inFlight.has(id)) return net;
  const inFlight = new Map(net.inFlight);
  inFlight.delete(id);
  return { ...net, inFlight, delivered: net.delivered + 1, delivering: id };
}

/** Folds one `net.*` line (returns `net` itself for lines it does not concern). */
export function foldNet(net: NetView, kind: string, data: unknown, t: number): NetView {
  const d = (data ?? {}) as Data;
  switch (kind) {
    case 'net.send':
      return send(net, d, t, false);
    case 'net.dup':
      return send(net, d, t, true);
    case 'net.deliver':
      return deliver(net, d);
    case 'net.drop':
      return drop(net, d);
    case 'net.timeout':
      return { ...net, timeouts: net.timeouts + 1 };
    case 'net.partition':
      return cutLinks(net, d, true);
    case 'net.repair':
      return cutLinks(net, d, false);
    case 'net.isolate':
      return { ...net, isolated: [...new Set([...net.isolated, ...names(d.nodes)])].sort() };
    case 'net.rejoin': {
      const gone = new Set(names(d.nodes));
      return { ...net, isolated: net.isolated.filter((n) => !gone.has(n)) };
    }
    case 'net.heal':
      return { ...net, cuts: [], isolated: [] };
    case 'net.config':
      return { ...net, settings: { ...net.settings, ...(d as Partial<NetOptions>) } };
    default:
      return net;
  }
}

// The simulated network, as the core's `Transport` port: every `request` is a request message and
// a reply message, each with its own latency (so messages reorder by latency), loss and
// duplication, cut by partitions at send and again at delivery, and lost when either end
// crashes. A call that gets no reply in time rejects with `TransportError('timeout')`.
// Payloads cross as JSON text (serialised once, reused for the trace line), so the two ends
// never share objects.
import { TransportError, type RequestHandler, type Transport } from '../../core/ports';
import type { Owner, SimEvent } from '../eventHeap';
import { validateRatio, type Ratio, type Rng } from '../rng';
import type { Scheduler } from '../scheduler';
import { assertSafeName } from '../trace';
import { Links } from './links';
import { decodeRemoteError, encodeError, type EncodedError } from './remoteError';

export type LatencyModel =
  | { readonly kind: 'fixed'; readonly ms: number }
  | { readonly kind: 'uniform'; readonly minMs: number; readonly maxMs: number }
  /** Uniform, except that `spikeRatio` of messages take `spikeMs` more (a long tail). */
  | { readonly kind: 'spiky'; readonly minMs: number; readonly maxMs: number; readonly spikeRatio: Ratio; readonly spikeMs: number };

export interface NetOptions {
  /** Default uniform 1..10 ms. */
  readonly latency: LatencyModel;
  /** Odds a message is lost. Default 0/1. */
  readonly lossRatio: Ratio;
  /** Odds a message is delivered twice (the copy gets its own latency). Default 0/1. */
  readonly duplicateRatio: Ratio;
  /** A request with no reply after this long rejects with a timeout. Default 1000 ms. */
  readonly requestTimeoutMs: number;
  /** Put payloads in `net.send` trace lines. Default true. */
  readonly tracePayloads: boolean;
}

export const DEFAULT_NET_OPTIONS: NetOptions = {
  latency: { kind: 'uniform', minMs: 1, maxMs: 10 },
  lossRatio: [0, 1],
  duplicateRatio: [0, 1],
  requestTimeoutMs: 1000,
  tracePayloads: true,
};

export type DropReason = 'loss' | 'partition' | 'isolated' | 'dst-down' | 'crash' | 'no-caller' | 'stale';

export interface MessageView {
  readonly id: number;
  readonly from: string;
  readonly to: string;
  readonly channel: string;
  readonly type: 'req' | 'rep';
  readonly call: number;
  readonly sentT: number;
  readonly dueT: number;
  readonly bytes: number;
}

interface Message extends MessageView {
  readonly json: string;
  ev: SimEvent | null;
}

interface PendingCall {
  readonly owner: Owner;
  readonly resolve: (v: unknown) => void;
  readonly reject: (e: unknown) => void;
  readonly timeout: SimEvent;
}

/** What the network needs from the simulator. */
export interface NetHost {
  readonly scheduler: Scheduler;
  record(node: string | null, kind: string, data: unknown): void;
  recordRaw(node: string | null, kind: string, dataJson: string): void;
  /** The live incarnation of `node`, or null if it is down; undefined if no such node. */
  incarnation(node: string): Owner | null | undefined;
}

export interface NetStats {
  sent: number;
  duplicated: number;
  delivered: number;
  dropped: number;
}

export function validateNetOptions(o: Partial<NetOptions>, what = 'net'): void {
  if (o.lossRatio !== undefined) validateRatio(o.lossRatio, `${what}.lossRatio`);
  if (o.duplicateRatio !== undefined) validateRatio(o.duplicateRatio, `${what}.duplicateRatio`);
  if (o.requestTimeoutMs !== undefined && !(Number.isInteger(o.requestTimeoutMs) && o.requestTimeoutMs > 0)) {
    throw new RangeError(`${what}.requestTimeoutMs must be a positive integer, got ${o.requestTimeoutMs}`);
  }
  const l = o.latency;
  if (l === undefined) return;
  const nonNeg = (v: number, f: string): void => {
    if (!(Number.isInteger(v) && v >= 0)) throw new RangeError(`${what}.latency.${f} must be a non-negative integer, got ${v}`);
  };
  if (l.kind === 'fixed') return nonNeg(l.ms, 'ms');
  nonNeg(l.minMs, 'minMs');
  nonNeg(l.maxMs, 'maxMs');
  if (l.maxMs < l.minMs) throw new RangeError(`${what}.latency.maxMs must be >= minMs, got ${l.maxMs} < ${l.minMs}`);
  if (l.kind === 'spiky') {
    validateRatio(l.spikeRatio, `${what}.latency.spikeRatio`);
    nonNeg(l.spikeMs, 'spikeMs');
  }
}

const never = <T>(): Promise<T> => new Promise<T>(() => undefined);

export class Network {
  readonly links = new Links();
  readonly stats: NetStats = { sent: 0, duplicated: 0, delivered: 0, dropped: 0 };
  private options: NetOptions;
  private readonly inFlight = new Map<number, Message>();
  private readonly calls = new Map<number, PendingCall>();
  private readonly handlers = new Map<string, Map<string, { owner: Owner; handler: RequestHandler }>>();
  private msgSeq = 0;
  private callSeq = 0;
  private readonly deliverFn = (m: unknown): void => this.deliver(m as Message);
  private readonly timeoutFn = (call: unknown): void => this.timeout(call as number);

  constructor(
    private readonly host: NetHost,
    private readonly rng: Rng,
    options: Partial<NetOptions> = {},
  ) {
    validateNetOptions(options);
    this.options = { ...DEFAULT_NET_OPTIONS, ...options };
  }

  get settings(): NetOptions {
    return this.options;
  }

  configure(patch: Partial<NetOptions>): void {
    validateNetOptions(patch);
    this.options = { ...this.options, ...patch };
  }

  /** The Transport port of one incarnation. */
  port(owner: Owner): Transport {
    return { self: owner.id, request: (to, channel, payload) => this.request(owner, to, channel, payload) };
  }

  /** Serves `channel` on the owner's node until that incarnation dies. */
  serve(owner: Owner, channel: string, handler: RequestHandler): void {
    assertSafeName(channel, 'channel');
    let m = this.handlers.get(owner.id);
    if (m === undefined) this.handlers.set(owner.id, (m = new Map()));
    m.set(channel, { owner, handler });
  }

  request(owner: Owner, to: string, channel: string, payload: unknown): Promise<unknown> {
    if (!owner.alive) return never();
    if (this.host.incarnation(to) === undefined) {
      return Promise.reject(new TransportError(to, channel, 'unreachable', `no node '${to}'`));
    }
    assertSafeName(channel, 'channel');
    const json = JSON.stringify(payload) ?? 'null';
    const call = ++this.callSeq;
    return new Promise<unknown>((resolve, reject) => {
      const timeout = this.host.scheduler.after(this.options.requestTimeoutMs, 'net.timeout', this.timeoutFn, call, owner, owner.id, { call, to, channel });
      this.calls.set(call, { owner, resolve, reject, timeout });
      this.send(owner.id, to, channel, 'req', call, json);
    });
  }

  get inFlightCount(): number {
    return this.inFlight.size;
  }

  /** Messages on the wire, in send order. */
  inFlightMessages(): MessageView[] {
    return [...this.inFlight.values()].map(({ id, from, to, channel, type, call, sentT, dueT, bytes }) => ({ id, from, to, channel, type, call, sentT, dueT, bytes }));
  }

  /** A node crashed: its messages in flight, calls and handlers are gone. */
  onCrash(node: string): void {
    for (const m of [...this.inFlight.values()]) {
      if (m.from === node || m.to === node) this.drop(m, 'crash');
    }
    for (const [call, p] of [...this.calls]) if (p.owner.id === node) this.calls.delete(call);
    this.handlers.delete(node);
  }

  private latency(): number {
    const l = this.options.latency;
    if (l.kind === 'fixed') return l.ms;
    const base = this.rng.between(l.minMs, l.maxMs);
    return l.kind === 'spiky' && this.rng.chance(l.spikeRatio) ? base + l.spikeMs : base;
  }

  private send(from: string, to: string, channel: string, type: 'req' | 'rep', call: number, json: string): void {
    const sched = this.host.scheduler;
    const sentT = sched.nowMs;
    const m: Message = { id: ++this.msgSeq, from, to, channel, type, call, sentT, dueT: sentT + this.latency(), bytes: json.length, json, ev: null };
    this.stats.sent++;
    this.traceSend(m, 'net.send', 0);
    const cut = this.links.reason(from, to);
    if (cut !== null) return this.drop(m, cut);
    if (this.options.lossRatio[0] > 0 && this.rng.chance(this.options.lossRatio)) return this.drop(m, 'loss');
    this.launch(m);
    if (this.options.duplicateRatio[0] > 0 && this.rng.chance(this.options.duplicateRatio)) {
      const copy: Message = { ...m, id: ++this.msgSeq, dueT: sentT + this.latency(), ev: null };
      this.stats.duplicated++;
      this.traceSend(copy, 'net.dup', m.id);
      this.launch(copy);
    }
  }

  private launch(m: Message): void {
    this.inFlight.set(m.id, m);
    m.ev = this.host.scheduler.schedule(m.dueT, 'net.deliver', this.deliverFn, m, null, m.to, { id: m.id, from: m.from, to: m.to, channel: m.channel, type: m.type, call: m.call });
  }

  private traceSend(m: Message, kind: string, copyOf: number): void {
    const head = `{"id":${m.id},"from":"${m.from}","to":"${m.to}","channel":"${m.channel}","type":"${m.type}","call":${m.call},"dueT":${m.dueT},"bytes":${m.bytes}`;
    const of = copyOf > 0 ? `,"of":${copyOf}` : '';
    this.host.recordRaw(m.from, kind, this.options.tracePayloads ? `${head}${of},"payload":${m.json}}` : `${head}${of}}`);
  }

  private drop(m: Message, reason: DropReason): void {
    if (m.ev !== null) this.host.scheduler.cancel(m.ev);
    this.inFlight.delete(m.id);
    this.stats.dropped++;
    this.host.record(m.to, 'net.drop', { id: m.id, from: m.from, to: m.to, type: m.type, reason });
  }

  private deliver(m: Message): void {
    m.ev = null;
    const cut = this.links.reason(m.from, m.to);
    if (cut !== null) return this.drop(m, cut);
    const target = this.host.incarnation(m.to);
    if (target === null || target === undefined) return this.drop(m, 'dst-down');
    if (m.type === 'req') return this.handle(m, target);
    const pending = this.calls.get(m.call);
    if (pending === undefined) return this.drop(m, 'no-caller');
    if (pending.owner !== target) return this.drop(m, 'stale');
    this.inFlight.delete(m.id);
    this.stats.delivered++;
    this.calls.delete(m.call);
    this.host.scheduler.cancel(pending.timeout);
    const reply = JSON.parse(m.json) as { ok?: unknown; err?: EncodedError };
    if (reply.err === undefined) pending.resolve(reply.ok);
    else pending.reject(decodeRemoteError(m.from, m.channel, reply.err));
  }

  private handle(m: Message, target: Owner): void {
    this.inFlight.delete(m.id);
    this.stats.delivered++;
    const entry = this.handlers.get(m.to)?.get(m.channel);
    const reply = (json: string): void => {
      if (target.alive) this.send(m.to, m.from, m.channel, 'rep', m.call, json);
    };
    if (entry === undefined || entry.owner !== target) {
      reply(JSON.stringify({ err: { name: 'NoHandler', message: `no handler for channel '${m.channel}' on ${m.to}` } }));
      return;
    }
    let result: Promise<unknown>;
    try {
      result = entry.handler(m.from, m.channel, JSON.parse(m.json));
    } catch (e) {
      result = Promise.reject(e);
    }
    result.then(
      (v) => reply(`{"ok":${JSON.stringify(v) ?? 'null'}}`),
      (e: unknown) => reply(JSON.stringify({ err: encodeError(e) })),
    );
  }

  private timeout(call: number): void {
    const p = this.calls.get(call);
    if (p === undefined) return;
    this.calls.delete(call);
    const data = p.timeout.data as { to: string; channel: string };
    p.reject(new TransportError(data.to, data.channel, 'timeout', `no reply within ${this.options.requestTimeoutMs} ms`));
  }
}

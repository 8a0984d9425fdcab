// What a timeline shows, read from trace lines: node lanes, messages (send → deliver/drop),
// node down periods, fault and network marks, and violations, each tied to its trace line.
// A pure function of the lines, so the HTML can be tested without a browser.
import { parseTraceLine, type TraceLine } from '../sim/trace';

export interface TimelineMessage {
  readonly id: number;
  readonly from: string;
  readonly to: string;
  readonly label: string;
  readonly sendT: number;
  readonly sendLine: number;
  /** Delivery or drop time; null while still in flight at the end. */
  readonly endT: number | null;
  readonly endLine: number | null;
  readonly outcome: 'delivered' | 'dropped' | 'in-flight';
  readonly reason?: string;
  readonly duplicate: boolean;
}

export type MarkKind = 'fault' | 'crash' | 'restart' | 'net' | 'heal' | 'clock' | 'disk' | 'violation';

export interface TimelineMark {
  readonly t: number;
  /** null: a global mark (drawn on the faults lane). */
  readonly node: string | null;
  readonly kind: MarkKind;
  readonly label: string;
  readonly line: number;
  readonly step: number;
}

export interface DownPeriod {
  readonly node: string;
  readonly fromT: number;
  readonly toT: number | null;
}

export interface TimelineModel {
  readonly title: string;
  readonly header: Readonly<Record<string, unknown>>;
  readonly nodes: readonly string[];
  readonly endT: number;
  readonly steps: number;
  readonly messages: readonly TimelineMessage[];
  readonly marks: readonly TimelineMark[];
  readonly downs: readonly DownPeriod[];
  readonly violations: readonly TimelineMark[];
  readonly lines: readonly TraceLine[];
  readonly raw: readonly string[];
  readonly end: Readonly<Record<string, unknown>> | null;
}

type Data = Record<string, unknown>;
const str = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));
const names = (v: unknown): string => (Array.isArray(v) ? v.join(',') : str(v));

function faultLabel(d: Data): string {
  const parts = [str(d.op)];
  for (const k of ['node', 'a', 'b', 'from', 'to', 'k', 'when'] as const) if (d[k] !== undefined) parts.push(`${k}=${names(d[k])}`);
  return parts.join(' ');
}

/** The mark a line makes, if any. */
function markOf(l: TraceLine): TimelineMark | null {
  const d = (l.data ?? {}) as Data;
  const at = { t: l.t, line: l.i, step: l.step };
  switch (l.kind) {
    case 'fault':
      // Crashes and restarts show as node.crash/node.restart; a bare {op} line is the scheduler's
      // event for a timed fault, whose details follow in the next line.
      return d.op === 'restart' || d.op === 'crash' || Object.keys(d).length === 1 ? null : { ...at, node: typeof d.node === 'string' ? d.node : null, kind: 'fault', label: faultLabel(d) };
    case 'node.crash':
      return { ...at, node: l.node, kind: 'crash', label: `crash #${str(d.incarnation)}` };
    case 'node.restart':
      return { ...at, node: l.node, kind: 'restart', label: `restart #${str(d.incarnation)}` };
    case 'net.partition':
      return { ...at, node: null, kind: 'net', label: `partition${d.oneWay === true ? ' one-way' : ''} ${names(d.a)} | ${names(d.b)}` };
    case 'net.repair':
      return { ...at, node: null, kind: 'net', label: `repair${d.oneWay === true ? ' one-way' : ''} ${names(d.a)} | ${names(d.b)}` };
    case 'net.isolate':
    case 'net.rejoin':
      return { ...at, node: null, kind: 'net', label: `${l.kind.slice(4)} ${names(d.nodes)}` };
    case 'net.heal':
    case 'phase':
      return { ...at, node: null, kind: 'heal', label: l.kind === 'phase' ? `phase ${str(d.phase)}` : 'network healed' };
    case 'clock.skew':
      return l.step === 0 ? null : { ...at, node: l.node, kind: 'clock', label: `skew ${JSON.stringify(d.skew)}` };
    case 'disk.faults':
      return l.step === 0 ? null : { ...at, node: l.node, kind: 'disk', label: `disk ${JSON.stringify(d)}` };
    case 'check':
      return d.ok === false ? { ...at, node: l.node, kind: 'violation', label: `${str(d.invariant)}: ${str(d.message)}` } : null;
    default:
      return null;
  }
}

interface Builder {
  readonly messages: Map<number, TimelineMessage>;
  readonly downs: DownPeriod[];
  readonly nodes: string[];
}

function onMessageLine(b: Builder, l: TraceLine): void {
  const d = (l.data ?? {}) as Data;
  const id = d.id as number;
  if (l.kind === 'net.send' || l.kind === 'net.dup') {
    const label = `${str(d.channel)} ${str(d.type)}${d.call !== undefined ? ` #${str(d.call)}` : ''}`;
    b.messages.set(id, { id, from: str(d.from), to: str(d.to), label, sendT: l.t, sendLine: l.i, endT: null, endLine: null, outcome: 'in-flight', duplicate: l.kind === 'net.dup' });
    return;
  }
  const m = b.messages.get(id);
  if (m === undefined) return;
  // A reply nobody waits for any more is delivered, then dropped by the node: it stays delivered.
  if (m.outcome === 'delivered') {
    b.messages.set(id, { ...m, reason: `then ignored: ${str(d.reason)}` });
    return;
  }
  const delivered = l.kind === 'net.deliver';
  b.messages.set(id, { ...m, endT: l.t, endLine: l.i, outcome: delivered ? 'delivered' : 'dropped', ...(delivered ? {} : { reason: str(d.reason) }) });
}

function onNodeLine(b: Builder, l: TraceLine): void {
  if (l.kind === 'node.add' && l.node !== null && !b.nodes.includes(l.node)) b.nodes.push(l.node);
  if (l.kind === 'node.crash' && l.node !== null) b.downs.push({ node: l.node, fromT: l.t, toT: null });
  if (l.kind === 'node.restart' && l.node !== null) {
    const i = b.downs.findIndex((p) => p.node === l.node && p.toT === null);
    if (i >= 0) b.downs[i] = { ...b.downs[i], toT: l.t };
  }
}

/** Builds the model from trace lines (the file's lines, header first, `end` last if finished). */
export function buildTimeline(raw: readonly string[]): TimelineModel {
  const lines = raw.map((r) => parseTraceLine(r));
  const b: Builder = { messages: new Map(), downs: [], nodes: [] };
  const marks: TimelineMark[] = [];
  let endT = 0;
  let steps = 0;
  for (const l of lines) {
    endT = Math.max(endT, l.t);
    steps = Math.max(steps, l.step);
    if (l.kind.startsWith('net.') && ['net.send', 'net.dup', 'net.deliver', 'net.drop'].includes(l.kind)) onMessageLine(b, l);
    else onNodeLine(b, l);
    const mark = markOf(l);
    if (mark !== null) marks.push(mark);
  }
  const header = (lines[0]?.kind === 'header' ? lines[0].data : {}) as Data;
  const last = lines[lines.length - 1];
  const end = last?.kind === 'end' ? (last.data as Data) : null;
  const title = `${str(header.scenario ?? 'run')} — seed ${str(header.seed ?? '?')} — ${str(header.profile ?? '?')}`;
  return {
    title,
    header,
    nodes: b.nodes,
    endT,
    steps,
    messages: [...b.messages.values()].sort((x, y) => x.sendLine - y.sendLine),
    marks,
    downs: b.downs,
    violations: marks.filter((m) => m.kind === 'violation'),
    lines,
    raw,
    end,
  };
}

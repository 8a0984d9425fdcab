// The pure reducer over trace lines: fold(view, line) → the view after that line. It never
// changes its input (views are kept as checkpoints), and it knows nothing but the line, so a run
// from its seed and the same run read back from its trace file fold to the same views.
import type { ClockSkew } from '../../sim/clock';
import type { CrashLoss } from '../../sim/fs/model';
import { flushOfLine } from '../../sim/fs/writeback';
import type { NetOptions } from '../../sim/net/network';
import type { TraceLine } from '../../sim/trace';
import { diskCrash, diskFsync, diskMkdir, diskRename, diskUnlink, diskWrite, diskWriteback } from './disk';
import { foldDecision } from './facts';
import { emptyNet, foldNet } from './net';
import { newNode, type NodeView, type View } from './view';

type Data = Readonly<Record<string, unknown>>;
const num = (v: unknown, d = 0): number => (typeof v === 'number' ? v : d);
const str = (v: unknown, d = ''): string => (typeof v === 'string' ? v : d);

function updateNode(view: View, id: string | null, f: (n: NodeView) => NodeView): View {
  if (id === null) return view;
  const i = view.nodes.findIndex((n) => n.id === id);
  if (i < 0) return view;
  const nodes = view.nodes.slice();
  nodes[i] = f(nodes[i]);
  return { ...view, nodes };
}

function addNode(view: View, id: string, d: Data): View {
  if (view.nodes.some((n) => n.id === id)) return view;
  const node = newNode(id, (d.skew as ClockSkew | undefined) ?? { kind: 'fixed', offsetMs: 0 }, num(d.anchorMs), (d.disk as Data | undefined) ?? {});
  return { ...view, nodes: [...view.nodes, node].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)) };
}

/** fs lines that change a disk; reads, stats and errors change nothing. */
function foldFs(n: NodeView, kind: string, d: Data): NodeView {
  const ops = Math.max(n.writeOps, num(d.n));
  switch (kind) {
    case 'fs.write':
    case 'fs.append':
      return { ...n, writeOps: ops, disk: diskWrite(n.disk, str(d.path), typeof d.data === 'string' ? d.data : undefined, num(d.bytes), kind === 'fs.append') };
    case 'fs.rename':
      return { ...n, writeOps: ops, disk: diskRename(n.disk, str(d.from), str(d.to)) };
    case 'fs.unlink':
      return { ...n, writeOps: ops, disk: diskUnlink(n.disk, str(d.path)) };
    case 'fs.mkdir':
      return { ...n, writeOps: ops, disk: diskMkdir(n.disk, Array.isArray(d.created) ? (d.created as string[]) : [], d.durable !== false) };
    case 'fs.fsync':
      return { ...n, writeOps: ops, disk: diskFsync(n.disk, str(d.path), d.dir === true) };
    default:
      return n;
  }
}

/** Kinds the simulator itself writes; any other kind on a node's line is the scenario's own record. */
const SIM_KIND = /^(node|fs|net|proc|clock|disk)\.|^(fault|fault\.armed|timer|check|phase|header|end|decision|os\.writeback)$/;

export function isSimKind(kind: string): boolean {
  return SIM_KIND.test(kind);
}

function foldNodeLine(n: NodeView, line: TraceLine, d: Data): NodeView {
  switch (line.kind) {
    case 'node.up':
    case 'node.restart':
      return { ...n, up: true, incarnation: num(d.incarnation, n.incarnation + 1) };
    case 'node.crash': {
      const lost = Array.isArray(d.lost) ? (d.lost as CrashLoss[]) : [];
      return { ...n, up: false, crashes: n.crashes + 1, lastCrashLost: lost.length, disk: diskCrash(n.disk, lost) };
    }
    case 'clock.skew':
      return { ...n, skew: (d.skew as ClockSkew | undefined) ?? n.skew, anchorMs: num(d.anchorMs, line.t) };
    case 'disk.faults':
      return { ...n, diskFaults: d };
    case 'fault.armed':
      return d.op === 'crash-at-write' ? { ...n, armed: [...n.armed, num(d.k)].sort((a, b) => a - b) } : n;
    case 'fault':
      return d.op === 'crash-at-write' ? { ...n, armed: n.armed.filter((k) => k !== num(d.k)) } : n;
    case 'proc.error':
      return { ...n, procErrors: n.procErrors + 1, lastError: `${str(d.name, 'process')}: ${str(d.error)}` };
    case 'decision':
      return { ...n, facts: foldDecision(n.facts, line.data, line.step, line.t) };
    case 'os.writeback':
      return { ...n, disk: diskWriteback(n.disk, flushOfLine(line.data)) };
    default:
      if (line.kind.startsWith('fs.')) return foldFs(n, line.kind, d);
      return isSimKind(line.kind) ? n : { ...n, facts: foldDecision(n.facts, line.data, line.step, line.t, line.kind) };
  }
}

function foldCheck(view: View, line: TraceLine, d: Data): View {
  const invariant = str(d.invariant, '?');
  if (d.final === true) return { ...view, finals: { ...view.finals, [invariant]: str(d.result, '?') } };
  if (d.ok !== false) return view;
  const seen = { invariant, kind: str(d.kind, '?'), step: line.step, timeMs: line.t, node: line.node, message: str(d.message) };
  return { ...view, violations: [...view.violations, seen] };
}

/** The view after `line`. Pure: `view` is never modified. */
export function fold(view: View, line: TraceLine): View {
  const d = (line.data !== null && typeof line.data === 'object' ? line.data : {}) as Data;
  const base: View = line.step === view.step && line.t === view.timeMs ? { ...view, lines: view.lines + 1 } : { ...view, step: line.step, timeMs: line.t, lines: view.lines + 1 };
  const kind = line.kind;
  if (kind.startsWith('net.')) {
    const net = foldNet(base.net, kind, line.data, line.t);
    return net === base.net ? base : { ...base, net };
  }
  switch (kind) {
    case 'header':
      return { ...base, net: emptyNet((d.net as Partial<NetOptions> | undefined) ?? {}), clockEpochMs: num(d.clockEpochMs) };
    case 'node.add':
      return line.node === null ? base : addNode(base, line.node, d);
    case 'check':
      return foldCheck(base, line, d);
    case 'phase':
      return { ...base, phase: str(d.phase, base.phase) };
    case 'end':
      return { ...base, ended: true };
    default:
      return updateNode(base, line.node, (n) => foldNodeLine(n, line, d));
  }
}

/** Folds many lines (a convenience for tests and checkpoints). */
export function foldAll(view: View, lines: Iterable<TraceLine>): View {
  let v = view;
  for (const l of lines) v = fold(v, l);
  return v;
}

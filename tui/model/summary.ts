// One line per step for the timeline: the step's event (kind, node, what it was) plus what it set
// off (decisions, crashes, drops, fs ops, violations), and a mark — a symbol and a colour that
// say the same thing, so the timeline never relies on colour alone.
import type { TraceLine } from '../../sim/trace';
import { brief, opBrief } from '../text';
import { isSimKind } from './fold';

export type MarkName = 'violation' | 'crash' | 'fault' | 'error' | 'drop' | 'deliver' | 'timeout' | 'decision' | 'timer' | 'lifecycle' | 'phase' | 'setup' | 'other';

export interface Mark {
  readonly name: MarkName;
  readonly symbol: string;
  readonly color: string;
}

/** Symbol and colour per mark, most important first (a step shows its most important one). */
export const MARKS: readonly Mark[] = [
  { name: 'violation', symbol: '✗', color: 'red' },
  { name: 'crash', symbol: '!', color: 'red' },
  { name: 'error', symbol: 'E', color: 'red' },
  { name: 'fault', symbol: '^', color: 'magenta' },
  { name: 'drop', symbol: 'x', color: 'yellow' },
  { name: 'timeout', symbol: '~', color: 'yellow' },
  { name: 'lifecycle', symbol: '+', color: 'green' },
  { name: 'phase', symbol: '#', color: 'cyan' },
  { name: 'decision', symbol: '*', color: 'cyan' },
  { name: 'deliver', symbol: '>', color: 'green' },
  { name: 'timer', symbol: '.', color: 'white' },
  { name: 'setup', symbol: '=', color: 'blue' },
  { name: 'other', symbol: '-', color: 'white' },
];

const markOf = (name: MarkName): Mark => MARKS.find((m) => m.name === name) as Mark;

export interface StepSummary {
  readonly step: number;
  readonly t: number;
  readonly node: string | null;
  readonly kind: string;
  readonly text: string;
  readonly mark: Mark;
}

type Data = Readonly<Record<string, unknown>>;
const dataOf = (l: TraceLine): Data => (l.data !== null && typeof l.data === 'object' ? (l.data as Data) : {});

/** Looks up the line that sent message `id` (for the RPC method and the reply's outcome). */
export type SendLookup = (id: number) => TraceLine | undefined;

/** `channel.method` for a request, `channel ok`/`channel err <name>` for a reply (rpc payloads). */
function rpcLabel(d: Data, sent: TraceLine | undefined): string {
  const channel = String(d.channel).replace(/^rpc:/, '');
  const payload = sent === undefined ? undefined : dataOf(sent).payload;
  if (payload === null || typeof payload !== 'object') return channel;
  const p = payload as Record<string, unknown>;
  if (d.type === 'req') return typeof p.method === 'string' ? `${channel}.${p.method}` : channel;
  if ('err' in p) return `${channel} err ${String((p.err as { name?: unknown } | null)?.name ?? '')}`;
  return 'ok' in p ? `${channel} ok` : channel;
}

/** What the step's event was, beyond its kind (which the timeline shows in its own column). */
function describeEvent(l: TraceLine, sendOf: SendLookup): string {
  const d = dataOf(l);
  switch (l.kind) {
    case 'net.deliver':
      return `${String(d.type)} ${String(d.from)}→${String(d.to)} ${rpcLabel(d, typeof d.id === 'number' ? sendOf(d.id) : undefined)} #${String(d.id)}`;
    case 'net.timeout':
      return `call ${String(d.call)} to ${String(d.to)}`;
    case 'timer':
    case 'fs.done':
      return '';
    case 'phase':
      return String(d.phase);
    case 'node.start':
      return String(d.node ?? l.node);
    default:
      return l.data === undefined ? '' : opBrief(l.data);
  }
}

const FS_MUTATING = new Set(['fs.write', 'fs.append', 'fs.rename', 'fs.unlink', 'fs.mkdir', 'fs.fsync']);

/** The timeline line of a step, from that step's lines (first line = the step's event). */
export function summarizeStep(step: number, lines: readonly TraceLine[], sendOf: SendLookup = () => undefined): StepSummary {
  if (step === 0 || lines.length === 0) {
    return { step, t: lines[0]?.t ?? 0, node: null, kind: 'setup', text: `setup: ${lines.filter((l) => l.kind === 'node.add').length} nodes, plan installed`, mark: markOf('setup') };
  }
  const [event, ...after] = lines;
  // A fault step's own line says only the op; the line after it carries the whole action.
  const detailed = event.kind === 'fault' && after[0]?.kind === 'fault';
  const rest = detailed ? after.slice(1) : after;
  const parts = [describeEvent(detailed ? after[0] : event, sendOf)];
  const marks = new Set<MarkName>([event.kind === 'net.deliver' ? 'deliver' : event.kind === 'timer' ? 'timer' : event.kind === 'net.timeout' ? 'timeout' : event.kind === 'fault' ? 'fault' : event.kind === 'phase' ? 'phase' : event.kind === 'node.start' ? 'lifecycle' : 'other']);
  let fsOps = 0;
  let sends = 0;
  for (const l of rest) {
    const d = dataOf(l);
    if (FS_MUTATING.has(l.kind)) fsOps++;
    else if (l.kind === 'net.send' || l.kind === 'net.dup') sends++;
    else if (l.kind === 'decision' || !isSimKind(l.kind)) {
      marks.add('decision');
      parts.push(`${l.node ?? ''}:${l.kind === 'decision' ? '' : `${l.kind} `}${opBrief(l.data)}`);
    } else if (l.kind === 'net.drop') {
      marks.add('drop');
      parts.push(`drop #${String(d.id)} ${String(d.reason)}`);
    } else if (l.kind === 'node.crash') {
      marks.add('crash');
      parts.push(`CRASH ${l.node ?? ''}`);
    } else if (l.kind === 'node.restart' || l.kind === 'node.up') {
      marks.add('lifecycle');
      parts.push(`${l.kind === 'node.up' ? 'up' : 'restart'} ${l.node ?? ''}#${String(d.incarnation)}`);
    } else if (l.kind === 'proc.error' || (l.kind === 'fs.error' && d.injected === true)) {
      marks.add('error');
      parts.push(l.kind === 'proc.error' ? `ERROR ${String(d.error)}` : `${String(d.code)} ${String(d.op)}`);
    } else if (l.kind === 'check' && d.ok === false) {
      marks.add('violation');
      parts.push(`VIOLATION ${String(d.invariant)}`);
    } else if (l.kind.startsWith('net.') && l.kind !== 'net.send' && event.kind !== 'fault') {
      marks.add('fault');
      parts.push(l.kind.slice(4));
    }
  }
  if (sends > 0) parts.push(`send×${sends}`);
  if (fsOps > 0) parts.push(`fs×${fsOps}`);
  const text = parts.filter((p) => p !== '').join(' · ');
  const mark = MARKS.find((m) => marks.has(m.name)) ?? markOf('other');
  const node = event.node ?? (typeof dataOf(event).node === 'string' ? (dataOf(event).node as string) : null);
  return { step, t: event.t, node, kind: event.kind, text, mark };
}

// An index over a run's trace lines: which lines belong to which step, each line's node and kind
// as small integers (so filters scan typed arrays, not strings), each step's virtual time, and
// the run's metadata (header, invariants with their final results, violations as bookmarks, end
// line). Everything here is a function of the lines alone, so a run loaded from a trace file and
// the same run from its seed index identically.
import { parseTraceLine, type TraceLine } from '../../sim/trace';
import { readLineHead } from './lineHead';

export interface InvariantMeta {
  readonly name: string;
  readonly kind: string;
  /** The final result from the run's closing `check` lines ('unknown' if the trace has none). */
  readonly result: 'held' | 'violated' | 'skipped' | 'unknown';
}

/** A violation found during the run: a bookmark the timeline marks and `v` jumps to. */
export interface ViolationMark {
  readonly invariant: string;
  readonly kind: string;
  readonly step: number;
  readonly timeMs: number;
  readonly node: string | null;
  readonly message: string;
}

export interface RunMeta {
  readonly scenario: string;
  readonly seed: string;
  readonly profile: string;
  readonly planHash: string;
  readonly clockEpochMs: number;
  readonly header: Readonly<Record<string, unknown>>;
  readonly lastStep: number;
  readonly endTimeMs: number;
  /** From the `end` line: pass | safety | liveness (or '?' when the trace has no end line). */
  readonly status: string;
  readonly endReason: string;
  readonly traceHash: string;
  readonly invariants: readonly InvariantMeta[];
  readonly violations: readonly ViolationMark[];
}

export class TraceIndex {
  constructor(
    readonly lines: readonly string[],
    /** Step of each line. */
    readonly lineStep: Int32Array,
    /** Index into `nodes` of each line's node, -1 for none. */
    readonly lineNode: Int16Array,
    /** Index into `kinds` of each line's kind. */
    readonly lineKind: Uint16Array,
    readonly nodes: readonly string[],
    readonly kinds: readonly string[],
    /** First line of step s is stepStart[s]; stepStart[lastStep + 1] is lines.length. */
    readonly stepStart: Int32Array,
    /** Virtual time of each step. */
    readonly stepTime: Float64Array,
    readonly meta: RunMeta,
    /** Line of each message's `net.send` (or `net.dup`), by message id. */
    private readonly sendLines: ReadonlyMap<number, number>,
  ) {}

  /** The `net.send`/`net.dup` line of message `id`, if the trace has it. */
  sendLineOf(id: number): TraceLine | undefined {
    const i = this.sendLines.get(id);
    return i === undefined ? undefined : this.line(i);
  }

  get lastStep(): number {
    return this.meta.lastStep;
  }

  line(i: number): TraceLine {
    return parseTraceLine(this.lines[i]);
  }

  linesOfStep(step: number): TraceLine[] {
    const out: TraceLine[] = [];
    for (let i = this.stepStart[step]; i < this.stepStart[step + 1]; i++) out.push(this.line(i));
    return out;
  }

  /** The first step whose virtual time is at least `ms` (the last step if none is). */
  stepAtTime(ms: number): number {
    let lo = 0;
    let hi = this.lastStep;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.stepTime[mid] >= ms) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}

export class TraceFormatError extends Error {
  override readonly name = 'TraceFormatError';
}

function intern(table: string[], map: Map<string, number>, name: string): number {
  let id = map.get(name);
  if (id === undefined) {
    id = table.length;
    table.push(name);
    map.set(name, id);
  }
  return id;
}

/** Indexes trace lines (header first, then steps in order); throws TraceFormatError naming the line. */
export function indexTrace(lines: readonly string[]): TraceIndex {
  if (lines.length === 0) throw new TraceFormatError('line 1: empty trace');
  const n = lines.length;
  const lineStep = new Int32Array(n);
  const lineNode = new Int16Array(n);
  const lineKind = new Uint16Array(n);
  const nodes: string[] = [];
  const kinds: string[] = [];
  const nodeMap = new Map<string, number>();
  const kindMap = new Map<string, number>();
  const times: number[] = [0];
  let step = 0;
  for (let i = 0; i < n; i++) {
    let head;
    try {
      head = readLineHead(lines[i]);
    } catch (e) {
      throw new TraceFormatError(`line ${i + 1}: corrupt trace line (${(e as Error).message})`);
    }
    if (head.step < step) throw new TraceFormatError(`line ${i + 1}: step ${head.step} after step ${step}`);
    while (step < head.step) {
      step++;
      times[step] = head.t;
    }
    lineStep[i] = head.step;
    lineNode[i] = head.node === null ? -1 : intern(nodes, nodeMap, head.node);
    lineKind[i] = intern(kinds, kindMap, head.kind);
  }
  const stepStart = new Int32Array(step + 2);
  let s = 0;
  for (let i = 0; i < n; i++) {
    while (s <= lineStep[i]) stepStart[s++] = i;
  }
  stepStart[step + 1] = n;
  const stepTime = Float64Array.from(times);
  const meta = readMeta(lines, lineKind, kinds, step, stepTime[step]);
  return new TraceIndex(lines, lineStep, lineNode, lineKind, nodes, kinds, stepStart, stepTime, meta, sendLinesOf(lines, lineKind, kinds));
}

function sendLinesOf(lines: readonly string[], lineKind: Uint16Array, kinds: readonly string[]): Map<number, number> {
  const send = kinds.indexOf('net.send');
  const dup = kinds.indexOf('net.dup');
  const out = new Map<number, number>();
  for (let i = 0; i < lines.length; i++) {
    if (lineKind[i] !== send && lineKind[i] !== dup) continue;
    const m = /,"data":\{"id":(\d+)/.exec(lines[i]);
    if (m !== null) out.set(Number(m[1]), i);
  }
  return out;
}

interface CheckData {
  invariant?: string;
  kind?: string;
  ok?: boolean;
  result?: InvariantMeta['result'];
  final?: boolean;
  message?: string;
}

function readMeta(lines: readonly string[], lineKind: Uint16Array, kinds: readonly string[], lastStep: number, endTimeMs: number): RunMeta {
  const headLine = parseTraceLine(lines[0]);
  if (headLine.kind !== 'header') throw new TraceFormatError('line 1: not an awsim trace header');
  const header = (headLine.data ?? {}) as Record<string, unknown>;
  const str = (v: unknown, d: string): string => (typeof v === 'string' ? v : d);
  const checkId = kinds.indexOf('check');
  const endId = kinds.indexOf('end');
  const finals: InvariantMeta[] = [];
  const violations: ViolationMark[] = [];
  let end: Record<string, unknown> = {};
  for (let i = 0; i < lines.length; i++) {
    if (lineKind[i] === endId) end = (parseTraceLine(lines[i]).data ?? {}) as Record<string, unknown>;
    if (lineKind[i] !== checkId) continue;
    const l = parseTraceLine(lines[i]);
    const d = (l.data ?? {}) as CheckData;
    if (typeof d.invariant !== 'string') continue;
    if (d.final === true) finals.push({ name: d.invariant, kind: str(d.kind, '?'), result: d.result ?? 'unknown' });
    else if (d.ok === false) violations.push({ invariant: d.invariant, kind: str(d.kind, '?'), step: l.step, timeMs: l.t, node: l.node, message: str(d.message, '') });
  }
  // A trace cut before its closing checks still lists every invariant it saw violated.
  for (const v of violations) if (!finals.some((f) => f.name === v.invariant)) finals.push({ name: v.invariant, kind: v.kind, result: 'violated' });
  return {
    scenario: str(header.scenario, '?'),
    seed: str(header.seed, '?'),
    profile: str(header.profile, '?'),
    planHash: str(header.planHash, ''),
    clockEpochMs: typeof header.clockEpochMs === 'number' ? header.clockEpochMs : 0,
    header,
    lastStep,
    endTimeMs,
    status: str(end.status, '?'),
    endReason: str(end.endReason, '?'),
    traceHash: str(end.hash, ''),
    invariants: finals,
    violations,
  };
}

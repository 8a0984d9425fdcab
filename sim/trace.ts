// The trace: one JSON line per thing that happens, in order, and a running SHA-256 over the
// lines (each followed by "\n"), so the hash of a run equals `sha256sum` of its trace file
// without the final `end` line. Line shape:
//   {"i":12,"step":5,"t":1003,"node":"n1","kind":"fs.write","data":{...}}
// `i` counts lines, `step` is the scheduler step that was running (the TUI steps by it), `t` is
// virtual time in ms. Line 0 is the header (seed, scenario, plan, options); the last line of a
// finished run is `end` with the hash. Lines are built by concatenation so each line costs at
// most one JSON.stringify (of `data`).
import { Sha256 } from './sha256';

export type TraceMode = 'full' | 'hash' | 'off';

export interface TraceOptions {
  /** `full` keeps lines in memory, `hash` only hashes them, `off` does neither. Default `hash`. */
  readonly mode?: TraceMode;
  /** Receives every line (without newline) as it is made, in every mode but `off`. */
  readonly onLine?: (line: string) => void;
}

/** A parsed trace line. */
export interface TraceLine {
  readonly i: number;
  readonly step: number;
  readonly t: number;
  readonly node: string | null;
  readonly kind: string;
  readonly data?: unknown;
}

const SAFE_NAME = /^[A-Za-z0-9_.:\/@-]{1,128}$/;
const checkedNames = new Set<string>();

/** Node ids, kinds and channels go into lines unescaped, so they must be plain names. */
export function assertSafeName(name: string, what: string): void {
  if (checkedNames.has(name)) return;
  if (!SAFE_NAME.test(name)) throw new RangeError(`${what} must match ${SAFE_NAME.source}, got '${name}'`);
  if (checkedNames.size < 10_000) checkedNames.add(name);
}

export class Trace {
  readonly mode: TraceMode;
  readonly lines: string[] = [];
  private readonly sha = new Sha256();
  private readonly onLine: ((line: string) => void) | undefined;
  private count = 0;
  /** After `end`, the trace is sealed: a late continuation of the finished run cannot append. */
  private ended = false;

  constructor(options: TraceOptions = {}) {
    this.mode = options.mode ?? 'hash';
    this.onLine = options.onLine;
  }

  get enabled(): boolean {
    return this.mode !== 'off';
  }

  /** Number of lines written so far (also the index of the next line). */
  get length(): number {
    return this.count;
  }

  /** Appends a line; `data` must be plain JSON data (or undefined for none). */
  record(step: number, t: number, node: string | null, kind: string, data?: unknown): void {
    if (this.mode === 'off') return;
    this.push(step, t, node, kind, data === undefined ? undefined : JSON.stringify(data));
  }

  /** Appends a line whose `data` is already JSON text (e.g. a message payload serialised once). */
  recordRaw(step: number, t: number, node: string | null, kind: string, dataJson: string | undefined): void {
    if (this.mode === 'off') return;
    this.push(step, t, node, kind, dataJson);
  }

  /** SHA-256 of all lines so far, 64 hex digits. */
  hash(): string {
    return this.sha.hex();
  }

  /** The closing line: carries the hash of every line before it and is not itself hashed. */
  end(step: number, t: number, data: Record<string, unknown>): string {
    const hash = this.hash();
    this.ended = true;
    const line = makeLine(this.count, step, t, null, 'end', JSON.stringify({ ...data, hash }));
    if (this.mode === 'full') this.lines.push(line);
    if (this.onLine !== undefined && this.mode !== 'off') this.onLine(line);
    return hash;
  }

  private push(step: number, t: number, node: string | null, kind: string, dataJson: string | undefined): void {
    if (this.ended) return;
    const line = makeLine(this.count++, step, t, node, kind, dataJson);
    this.sha.update(line);
    this.sha.update('\n');
    if (this.mode === 'full') this.lines.push(line);
    if (this.onLine !== undefined) this.onLine(line);
  }
}

function makeLine(i: number, step: number, t: number, node: string | null, kind: string, dataJson: string | undefined): string {
  const head = `{"i":${i},"step":${step},"t":${t},"node":${node === null ? 'null' : `"${node}"`},"kind":"${kind}"`;
  return dataJson === undefined ? `${head}}` : `${head},"data":${dataJson}}`;
}

/** Parses one trace line; throws a SyntaxError/RangeError saying what is wrong. */
export function parseTraceLine(text: string): TraceLine {
  const v = JSON.parse(text) as Partial<TraceLine> | null;
  if (v === null || typeof v !== 'object') throw new RangeError('trace line is not an object');
  if (typeof v.i !== 'number' || typeof v.step !== 'number' || typeof v.t !== 'number' || typeof v.kind !== 'string') {
    throw new RangeError('trace line lacks i/step/t/kind');
  }
  if (v.node !== null && typeof v.node !== 'string') throw new RangeError('trace line node must be a string or null');
  return v as TraceLine;
}

export function createTrace(options: TraceOptions = {}): Trace {
  return new Trace(options);
}

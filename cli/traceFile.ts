// Trace files: a buffered line writer for runs, and a strict reader for replays that names the
// file and line of anything missing, truncated or corrupt.
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { parseTraceLine, type TraceLine } from '../sim/trace';
import { sha256Hex } from '../sim/sha256';

export class TraceInputError extends Error {
  override readonly name = 'TraceInputError';
}

export class TraceWriter {
  private readonly fd: number;
  private buf: string[] = [];
  constructor(readonly path: string) {
    this.fd = openSync(path, 'w');
  }
  line = (line: string): void => {
    this.buf.push(line);
    if (this.buf.length >= 2048) this.flush();
  };
  flush(): void {
    if (this.buf.length === 0) return;
    writeSync(this.fd, `${this.buf.join('\n')}\n`);
    this.buf = [];
  }
  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}

export interface TraceHeader {
  readonly scenario: string;
  readonly seed: string;
  readonly profile: string;
  readonly options: { readonly maxSteps: number; readonly untilMs: number; readonly stopOnViolation: boolean };
  readonly plan: unknown;
}

export interface RecordedTrace {
  readonly lines: readonly string[];
  readonly header: TraceHeader;
  readonly end: TraceLine;
  readonly hash: string;
}

/** Reads and checks a trace file; throws TraceInputError naming the file (and line) on bad input. */
export function readTrace(file: string): RecordedTrace {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new TraceInputError(`cannot read trace file ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  if (lines.length === 0) throw new TraceInputError(`${file}:1: empty trace file`);
  const parsed = lines.map((l, i) => {
    try {
      return parseTraceLine(l);
    } catch (e) {
      const cut = i === lines.length - 1 && !text.endsWith('\n');
      throw new TraceInputError(`${file}:${i + 1}: ${cut ? 'truncated' : 'corrupt'} trace line (${(e as Error).message})`);
    }
  });
  const head = parsed[0];
  const h = head.data as Partial<TraceHeader> & { format?: string };
  if (head.kind !== 'header' || h === undefined || h.format !== 'awsim-trace/1') throw new TraceInputError(`${file}:1: not an awsim trace header`);
  if (typeof h.scenario !== 'string' || typeof h.seed !== 'string' || typeof h.profile !== 'string' || typeof h.options !== 'object' || h.plan === undefined) {
    throw new TraceInputError(`${file}:1: header lacks scenario/seed/profile/options/plan`);
  }
  const end = parsed[parsed.length - 1];
  const hash = (end.data as { hash?: unknown } | undefined)?.hash;
  if (end.kind !== 'end' || typeof hash !== 'string') throw new TraceInputError(`${file}:${lines.length}: truncated trace (no end line with the hash)`);
  const body = lines.slice(0, -1);
  if (sha256Hex(body.map((l) => `${l}\n`).join('')) !== hash) {
    throw new TraceInputError(`${file}: corrupt trace (its lines do not hash to the recorded ${hash.slice(0, 16)}…)`);
  }
  return { lines, header: h as TraceHeader, end, hash };
}

// The fixed head of a trace line, read without JSON.parse. `sim/trace.ts` builds every line as
//   {"i":12,"step":5,"t":1003,"node":"n1","kind":"fs.write", ...
// so step, time, node and kind sit at known places; indexing a 100,000-step trace this way costs
// a few string scans per line instead of a full parse. Anything else falls back to JSON.parse.
import { parseTraceLine } from '../../sim/trace';

export interface LineHead {
  readonly step: number;
  readonly t: number;
  readonly node: string | null;
  readonly kind: string;
}

function intAfter(line: string, key: string, from: number): [value: number, end: number] | null {
  const at = line.indexOf(key, from);
  if (at < 0) return null;
  let p = at + key.length;
  let v = 0;
  let digits = 0;
  let neg = false;
  if (line.charCodeAt(p) === 45 /* - */) {
    neg = true;
    p++;
  }
  for (;;) {
    const c = line.charCodeAt(p);
    if (c < 48 || c > 57) break;
    v = v * 10 + (c - 48);
    p++;
    digits++;
  }
  return digits === 0 ? null : [neg ? -v : v, p];
}

function fastHead(line: string): LineHead | null {
  if (!line.startsWith('{"i":')) return null;
  const step = intAfter(line, ',"step":', 5);
  if (step === null) return null;
  const t = intAfter(line, ',"t":', step[1]);
  if (t === null || !line.startsWith(',"node":', t[1])) return null;
  let p = t[1] + 8;
  let node: string | null = null;
  if (line.startsWith('null', p)) p += 4;
  else {
    if (line.charCodeAt(p) !== 34) return null;
    const close = line.indexOf('"', p + 1);
    node = line.slice(p + 1, close);
    p = close + 1;
  }
  if (!line.startsWith(',"kind":"', p)) return null;
  const k0 = p + 9;
  const k1 = line.indexOf('"', k0);
  if (k1 < 0) return null;
  return { step: step[0], t: t[0], node, kind: line.slice(k0, k1) };
}

/** Step, time, node and kind of a trace line; throws (SyntaxError/RangeError) on a corrupt line. */
export function readLineHead(line: string): LineHead {
  const fast = fastHead(line);
  if (fast !== null) return fast;
  const l = parseTraceLine(line);
  return { step: l.step, t: l.t, node: l.node, kind: l.kind };
}

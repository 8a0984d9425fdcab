// Which steps a filter (node and/or kind) or a search text selects. A step matches a filter when
// one of its lines is from that node and of that kind (a kind filter `fs` matches `fs.write`,
// `fs.fsync`, ...; `fs.write` matches only itself). Lists of matching steps are computed once per
// filter from the index's typed arrays and searched by bisection.
import type { TraceIndex } from './traceIndex';

export interface Filter {
  readonly node: string | null;
  readonly kind: string | null;
}

export const NO_FILTER: Filter = { node: null, kind: null };

export function isFiltering(f: Filter): boolean {
  return f.node !== null || f.kind !== null;
}

export function filterLabel(f: Filter): string {
  return [f.node === null ? '' : `node ${f.node}`, f.kind === null ? '' : `kind ${f.kind}`].filter((s) => s !== '').join(', ');
}

export function kindMatches(kind: string, pattern: string): boolean {
  return kind === pattern || (kind.startsWith(pattern) && kind.charAt(pattern.length) === '.');
}

/**
 * Parses filter text: a node's name sets the node, a kind (or a kind prefix such as `fs`) the
 * kind; `node=`/`kind=` force either. Empty text clears. Anything else is an error message.
 */
export function parseFilter(text: string, nodes: readonly string[], kinds: readonly string[]): Filter | string {
  let node: string | null = null;
  let kind: string | null = null;
  for (const raw of text.trim().split(/\s+/).filter((w) => w !== '')) {
    const word = raw.replace(/^(node|kind)[=:]/, '');
    const isNode = /^node[=:]/.test(raw) ? true : /^kind[=:]/.test(raw) ? false : nodes.includes(word);
    if (isNode && !nodes.includes(word)) return `no node '${word}' (nodes: ${nodes.join(', ')})`;
    if (!isNode && !/^kind[=:]/.test(raw) && !kinds.some((k) => kindMatches(k, word))) return `no node or kind '${word}' in this trace (nodes: ${nodes.join(', ')})`;
    if (isNode) node = word;
    else kind = word;
  }
  return { node, kind };
}

export class StepMatcher {
  private readonly cache = new Map<string, Int32Array>();

  constructor(readonly index: TraceIndex) {}

  /** Sorted steps that match `f` (every step when `f` filters nothing). */
  steps(f: Filter): Int32Array {
    const key = `${f.node ?? ''}\u0000${f.kind ?? ''}`;
    let hit = this.cache.get(key);
    if (hit === undefined) {
      hit = this.compute(f);
      if (this.cache.size > 32) this.cache.clear();
      this.cache.set(key, hit);
    }
    return hit;
  }

  private compute(f: Filter): Int32Array {
    const idx = this.index;
    if (!isFiltering(f)) return Int32Array.from({ length: idx.lastStep + 1 }, (_, i) => i);
    const nodeId = f.node === null ? -2 : idx.nodes.indexOf(f.node);
    const kindOk = idx.kinds.map((k) => f.kind === null || kindMatches(k, f.kind));
    const out: number[] = [];
    for (let i = 0; i < idx.lines.length; i++) {
      const step = idx.lineStep[i];
      if (out.length > 0 && out[out.length - 1] === step) continue;
      if ((nodeId === -2 || idx.lineNode[i] === nodeId) && kindOk[idx.lineKind[i]]) out.push(step);
    }
    return Int32Array.from(out);
  }

  /** The first matching step after `from` (dir 1) or before it (dir -1), or null. */
  next(f: Filter, from: number, dir: 1 | -1): number | null {
    const steps = this.steps(f);
    const i = lowerBound(steps, dir === 1 ? from + 1 : from);
    const j = dir === 1 ? i : i - 1;
    return j >= 0 && j < steps.length ? steps[j] : null;
  }

  /** Up to `before` matching steps before `at` and `after` at or after it. */
  around(f: Filter, at: number, before: number, after: number): number[] {
    const steps = this.steps(f);
    const i = lowerBound(steps, at);
    const lo = Math.max(0, i - before);
    return Array.from(steps.subarray(lo, Math.min(steps.length, i + after)));
  }

  /** Kind of the step's own event (its first line). */
  eventKind(step: number): string {
    const idx = this.index;
    const first = idx.stepStart[step];
    return first < idx.stepStart[step + 1] ? idx.kinds[idx.lineKind[first]] : 'setup';
  }
}

/** Index of the first element >= x. */
export function lowerBound(a: Int32Array, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Search text: case-insensitive unless it has a capital letter. */
export function searchPattern(text: string): RegExp {
  const escaped = text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(escaped, /[A-Z]/.test(text) ? '' : 'i');
}

export interface SearchHit {
  readonly step: number;
  /** The first matching line of that step (0-based index in the trace). */
  readonly line: number;
  /** The match with a little context, for the status line. */
  readonly excerpt: string;
}

function hitAt(index: TraceIndex, re: RegExp, i: number): SearchHit {
  const step = index.lineStep[i];
  let first = i;
  for (let j = index.stepStart[step]; j < i; j++) {
    if (re.test(index.lines[j])) {
      first = j;
      break;
    }
  }
  const text = index.lines[first];
  const at = re.exec(text)?.index ?? 0;
  const node = index.lineNode[first] < 0 ? '' : `${index.nodes[index.lineNode[first]]} `;
  return { step, line: first, excerpt: `${node}${index.kinds[index.lineKind[first]]} …${text.slice(Math.max(0, at - 16), at + 40)}…` };
}

/** The next step after `from` (dir 1) or before it (dir -1) with a line containing the text. */
export function searchStep(index: TraceIndex, text: string, from: number, dir: 1 | -1): SearchHit | null {
  const re = searchPattern(text);
  if (dir === 1) {
    for (let i = index.stepStart[Math.min(from + 1, index.lastStep + 1)]; i < index.lines.length; i++) if (re.test(index.lines[i])) return hitAt(index, re, i);
  } else {
    for (let i = index.stepStart[Math.max(from, 0)] - 1; i >= 0; i--) if (re.test(index.lines[i])) return hitAt(index, re, i);
  }
  return null;
}

// Small text helpers for a fixed-width screen: fitting, padding, compact values, times.

/** Cuts `s` to `width` characters, ending in '…' when cut. */
export function fit(s: string, width: number): string {
  if (width <= 0) return '';
  if (s.length <= width) return s;
  return width === 1 ? '…' : `${s.slice(0, width - 1)}…`;
}

/** Cuts the middle out of `s` to fit `width` (paths: their start and their end both matter). */
export function fitMiddle(s: string, width: number): string {
  if (s.length <= width) return s;
  if (width < 8) return fit(s, width);
  const head = Math.floor((width - 1) * 0.4);
  return `${s.slice(0, head)}…${s.slice(s.length - (width - 1 - head))}`;
}

/** A path in `width` characters: whole if it fits, else its file name (middle cut if need be). */
export function fitPath(path: string, width: number): string {
  if (path.length <= width) return path;
  const base = `…/${path.slice(path.lastIndexOf('/') + 1)}`;
  return fitMiddle(base, width);
}

/** `fit`, then pads with spaces to exactly `width`. */
export function pad(s: string, width: number): string {
  const f = fit(s, width);
  return f + ' '.repeat(Math.max(0, width - f.length));
}

export function padStart(s: string, width: number): string {
  const f = fit(s, width);
  return ' '.repeat(Math.max(0, width - f.length)) + f;
}

/** Control characters and tabs shown safely on one line. */
export function printable(s: string): string {
  return s.replace(/\t/g, '  ').replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => (c === '\n' ? '↵' : '·'));
}

/** A value in a few characters: numbers and strings as they are, objects as k=v pairs. */
export function brief(v: unknown, depth = 0): string {
  if (v === null || v === undefined) return String(v);
  if (typeof v === 'string') return printable(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) {
    const simple = v.every((x) => x === null || typeof x !== 'object');
    return (simple || depth === 0) && v.length <= 6 ? `[${v.map((x) => brief(x, depth + 1)).join(',')}]` : `[${v.length} items]`;
  }
  if (typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>);
    if (depth > 1) return '{…}';
    if (depth > 0) return `{${entries.map(([k, x]) => `${k}:${brief(x, depth + 1)}`).join(',')}}`;
    return entries.map(([k, x]) => `${k}=${brief(x, depth + 1)}`).join(' ');
  }
  return String(v);
}

/** Signed milliseconds: +48ms, -80ms, 0ms. */
export function signedMs(ms: number): string {
  const r = Math.round(ms);
  return `${r > 0 ? '+' : ''}${r}ms`;
}

/** Virtual time, compact: 950ms, 12.345s. */
export function timeLabel(ms: number): string {
  return ms < 10_000 ? `${ms}ms` : `${(ms / 1000).toFixed(3)}s`;
}

export function ratioLabel(r: unknown): string {
  return Array.isArray(r) && r.length === 2 ? `${r[0]}/${r[1]}` : brief(r);
}

/** `op k=v ...` for data with an `op` field (decisions, faults), else `brief`. */
export function opBrief(v: unknown): string {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return brief(v);
  const { op, ...rest } = v as Record<string, unknown>;
  if (typeof op !== 'string') return brief(v);
  const tail = brief(rest);
  return tail === '' ? op : `${op} ${tail}`;
}

/** Splits text into lines of at most `width` characters at spaces (a longer word is cut); at most `maxLines`, the last ending in '…' if text is left. */
export function wrapWords(text: string, width: number, maxLines: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    let w = word;
    while (w.length > width) {
      if (line !== '') out.push(line);
      out.push(w.slice(0, width));
      w = w.slice(width);
      line = '';
    }
    if (line === '') line = w;
    else if (line.length + 1 + w.length <= width) line += ` ${w}`;
    else {
      out.push(line);
      line = w;
    }
  }
  if (line !== '') out.push(line);
  if (out.length <= maxLines) return out;
  const kept = out.slice(0, maxLines);
  kept[maxLines - 1] = fit(`${kept[maxLines - 1]} …`, width);
  return kept;
}

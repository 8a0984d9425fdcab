// The hardened layout of a cursor state file: an append-only journal of full states, one compact
// JSON line each. A torn last line (a crash mid-append) is ignored, so the previous committed state
// survives; an undecodable complete line is skipped as long as some valid state remains.
import { SerdeError } from '../../common/errors';

export interface JournalEntry<S> {
  readonly state: S;
  readonly line: string;
}

/** Compact the journal (atomically, to the newest state per key) once it has this many lines. */
export const JOURNAL_COMPACT_LINES = 64;

/**
 * Decodes every complete line it can. A final line without its newline never counts, even if it
 * decodes: it was not acknowledged, and the next append cuts it off.
 */
export function readJournal<S>(text: string, file: string, decode: (line: string) => S): JournalEntry<S>[] {
  const parts = text.split('\n');
  // The last segment lacks its newline: a torn or unacknowledged append. Even if it parses it
  // must not count, because the next append cuts it off; counting it lets the state fall back.
  parts.pop();
  const entries: JournalEntry<S>[] = [];
  let corrupt = 0;
  parts.forEach((raw) => {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim().length === 0) return;
    try {
      entries.push({ state: decode(line), line });
    } catch {
      corrupt += 1;
    }
  });
  if (entries.length === 0 && corrupt > 0) {
    throw new SerdeError(`cannot decode ${file}: no valid cursor state among ${corrupt} corrupt line(s)`, file);
  }
  return entries;
}

/** Newline-terminated lines of the newest entry of each key, in first-seen key order. */
export function compactJournal<S>(entries: readonly JournalEntry<S>[], keyOf: (s: S) => string): string {
  const newest = new Map<string, string>();
  for (const e of entries) newest.set(keyOf(e.state), e.line);
  return [...newest.values()].map((l) => `${l}\n`).join('');
}

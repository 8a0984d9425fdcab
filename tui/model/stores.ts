// What a node's store files say, for the Nodes pane: the core's file-backed stores are named
// `<world>.<node>.<suffix>` (core/replay/stores/fileNames.ts and friends), and their text is in
// the trace (fs.write/fs.append lines carry it), so the lease holder and expiry, dead letters by
// reason, the pending queue, replay state, policy, governance level and cursors can be read off
// the folded files. Only what reads would see now (the current text) is summarised.
import { brief } from '../text';
import type { FileRow } from './disk';

export interface StoreFact {
  /** What the store is, e.g. 'lease', 'dead letters'. */
  readonly label: string;
  /** The `<world>.<node>` key the file belongs to ('' for a world-wide file). */
  readonly key: string;
  readonly text: string;
  readonly path: string;
}

type Summarise = (text: string, epochNowMs: number | null) => string;

const lines = (text: string): string[] => text.split('\n').filter((l) => l.trim() !== '');

function parse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** A document's fields, with `*_at_ms`/`*AtMs` times shown relative to the node's clock. */
function docBrief(text: string, nowMs: number | null): string {
  const doc = parse(text);
  if (doc === undefined) return text.trim() === '' ? '(empty)' : '(unreadable: torn or partial)';
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc) || nowMs === null) return brief(doc);
  const shown = Object.entries(doc as Record<string, unknown>).map(([k, v]) => {
    if (typeof v === 'number' && /(_at_ms|AtMs)$/.test(k) && v > 1e11) {
      const d = v - nowMs;
      return `${k}=${d >= 0 ? `in ${d}ms` : `${-d}ms ago`}`;
    }
    return `${k}=${brief(v, 1)}`;
  });
  return shown.join(' ');
}

function countBy(text: string, field: string): string {
  const all = lines(text);
  const re = new RegExp(`"${field}":"([^"]*)"`);
  const by = new Map<string, number>();
  for (const l of all) {
    const m = re.exec(l);
    if (m !== null) by.set(m[1], (by.get(m[1]) ?? 0) + 1);
  }
  const parts = [...by].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([k, n]) => `${k} ${n}`);
  return `${all.length}${parts.length > 0 ? ` (${parts.join(', ')})` : ''}`;
}

function queueBrief(text: string): string {
  const doc = parse(text);
  if (Array.isArray(doc)) return `${doc.length} queued`;
  if (doc !== null && typeof doc === 'object') {
    const arrays = Object.entries(doc as Record<string, unknown>).filter(([, v]) => Array.isArray(v));
    if (arrays.length > 0) return arrays.map(([k, v]) => `${k} ${(v as unknown[]).length}`).join(', ');
  }
  return doc === undefined ? '(unreadable: torn or partial)' : brief(doc);
}

const lastRecord: Summarise = (text, now) => {
  const all = lines(text);
  return all.length === 0 ? '(empty)' : `${all.length} record(s), last: ${docBrief(all[all.length - 1], now)}`;
};

/** Known store files by name suffix, in display order. */
export const STORE_FILES: readonly { readonly label: string; readonly suffix: RegExp; readonly summarise: Summarise }[] = [
  { label: 'lease', suffix: /coordinator-(fenced-)?lease\.json$/, summarise: docBrief },
  { label: 'dead letters', suffix: /alert-dead-letter\.jsonl$/, summarise: (t) => countBy(t, 'reason') },
  { label: 'pending', suffix: /alert-pending\.json$/, summarise: queueBrief },
  { label: 'replay state', suffix: /dead-letter-replay-state\.json$/, summarise: docBrief },
  { label: 'replay intent', suffix: /replay-intent\.json$/, summarise: docBrief },
  { label: 'policy', suffix: /replay-policy-state\.json$/, summarise: docBrief },
  { label: 'governance', suffix: /rollback-governance-state\.json$/, summarise: docBrief },
  { label: 'rollback alert', suffix: /rollback-alert-state\.json$/, summarise: docBrief },
  { label: 'commit intent', suffix: /governance-commit-intent\.json$/, summarise: docBrief },
  { label: 'cursor', suffix: /cursor-state\.jsonl?$/, summarise: (t, now) => (t.trimStart().startsWith('{') && lines(t).length === 1 ? docBrief(t, now) : lastRecord(t, now)) },
  { label: 'drill', suffix: /drill-(schedule|alert)-state\.json$/, summarise: docBrief },
  { label: 'offload intent', suffix: /offload-intent\.json$/, summarise: docBrief },
  { label: 'policy audit', suffix: /policy-audit\.jsonl$/, summarise: (t) => `${lines(t).length} record(s)` },
  { label: 'governance audit', suffix: /governance-audit\.jsonl$/, summarise: (t) => `${lines(t).length} record(s)` },
  { label: 'events', suffix: /alert-event\.jsonl$/, summarise: (t) => `${lines(t).length} event(s)` },
  { label: 'alerts', suffix: /revocation-alerts\.jsonl$/, summarise: (t) => `${lines(t).length} alert(s)` },
  { label: 'metrics', suffix: /delivery-metrics\.jsonl$/, summarise: (t) => `${lines(t).length} export(s)` },
];

/** The `<world>.<node>` part of a store file name: the dot-separated ids before the store's name. */
export function storeKey(base: string): string {
  const parts = base.split('.');
  const i = parts.findIndex((p) => p.startsWith('revocation'));
  return i <= 0 ? '' : parts.slice(0, i).join('.');
}

/** Store facts from a node's files (current text), `nowMs` = what the node's clock reads. */
export function storeFacts(files: readonly FileRow[], nowMs: number | null): StoreFact[] {
  const out: StoreFact[] = [];
  const used = new Set<string>();
  for (const kind of STORE_FILES) {
    for (const f of files) {
      const base = f.path.slice(f.path.lastIndexOf('/') + 1);
      const m = kind.suffix.exec(base);
      if (m === null || f.current === null || f.current.data === null || used.has(f.path)) continue;
      used.add(f.path);
      const key = storeKey(base);
      out.push({ label: kind.label, key, text: kind.summarise(f.current.data, nowMs), path: f.path });
    }
  }
  return out;
}

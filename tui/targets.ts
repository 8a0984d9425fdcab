// Where a "go to" or a "next of this kind/node" lands. Prompt text is parsed here: a step number,
// or a virtual time as `t=1500`, `1500ms` or `1.5s`.
import type { Command } from './commands';
import { filterLabel, isFiltering, type Filter } from './model/match';
import type { Session } from './session';
import type { UiState } from './state';

export interface Target {
  readonly step: number;
  readonly note: string | null;
}

/** Milliseconds from `1500`, `1500ms`, `1.5s` or `t=1500`; null if it is none of those. */
export function parseMs(text: string): number | null {
  const m = /^(?:t=?)?\s*(\d+(?:\.\d+)?)\s*(ms|s)?$/i.exec(text.trim());
  if (m === null) return null;
  const v = Number(m[1]) * (m[2]?.toLowerCase() === 's' ? 1000 : 1);
  return Number.isFinite(v) ? Math.round(v) : null;
}

export function parseTimeTarget(text: string, session: Session): Target | string {
  const ms = parseMs(text);
  if (ms === null) return `not a virtual time: '${text}' (try 1500, 1500ms or 1.5s)`;
  const step = session.index.stepAtTime(ms);
  const end = session.index.meta.endTimeMs;
  return { step, note: ms > end ? `t=${ms}ms is past the end (t=${end}ms): last step` : `first step at or after t=${ms}ms` };
}

export function parseStepTarget(text: string, session: Session): Target | string {
  const t = text.trim();
  if (/^t|ms$|s$/i.test(t)) return parseTimeTarget(t, session);
  if (!/^\d+$/.test(t)) return `not a step number: '${text}' (t=<ms> goes to a virtual time)`;
  const step = Number(t);
  return step > session.lastStep ? { step: session.lastStep, note: `step ${step} is past the end: last step is ${session.lastStep}` } : { step, note: null };
}

/** `]`/`[` (next/previous match of the filter, or of this step's kind) and `o` (cycle node filter). */
export function navigate(s: UiState, session: Session, cmd: Extract<Command, { type: 'match' | 'cycleNode' }>): UiState {
  if (cmd.type === 'cycleNode') {
    const nodes = session.index.nodes.slice().sort();
    const i = s.filter.node === null ? 0 : nodes.indexOf(s.filter.node) + 1;
    const node = i < nodes.length ? nodes[i] : null;
    const filter: Filter = { ...s.filter, node };
    return { ...s, filter, message: isFiltering(filter) ? `filter: ${filterLabel(filter)}` : 'filter off' };
  }
  const f: Filter = isFiltering(s.filter) ? s.filter : { node: null, kind: session.matcher.eventKind(s.step) };
  const hit = session.matcher.next(f, s.step, cmd.dir);
  if (hit === null) return { ...s, message: `no ${cmd.dir === 1 ? 'later' : 'earlier'} step with ${filterLabel(f)}` };
  return { ...s, step: hit };
}

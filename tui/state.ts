// The app's state and its reducer. `update(state, command, session)` is pure: the session only
// answers questions about the run (views, matches), always the same way for the same run.
import type { Command, PromptKind } from './commands';
import { keymap, splitKeys, type KeyInfo } from './keys';
import { listFiles, viewerText } from './model/files';
import { NO_FILTER, parseFilter, searchStep, type Filter } from './model/match';
import type { Session } from './session';
import { navigate, parseStepTarget, parseTimeTarget } from './targets';

export const PANES = ['Nodes', 'Network', 'Files', 'Invariants'] as const;
export type PaneName = (typeof PANES)[number];

export interface Prompt {
  readonly kind: PromptKind;
  readonly text: string;
}

export interface Viewer {
  readonly node: string;
  readonly path: string;
  readonly durable: boolean;
  /**
   * Net ↓ presses. A JSON document is shown from its top (scroll ≥ 0 lines down); a log from its
   * end, following new lines (scroll ≤ 0: lines back from the end).
   */
  readonly scroll: number;
}

export interface UiState {
  readonly step: number;
  readonly pane: number;
  /** Selected row (or first shown row) per pane. */
  readonly cursor: readonly number[];
  readonly viewer: Viewer | null;
  readonly prompt: Prompt | null;
  readonly filter: Filter;
  readonly search: string | null;
  readonly help: boolean;
  /** The opening banner about the run's first violation. */
  readonly banner: boolean;
  readonly message: string | null;
  readonly quit: boolean;
}

export function initialState(session: Session, step = 0): UiState {
  return {
    step: Math.max(0, Math.min(session.lastStep, step)),
    pane: 0,
    cursor: PANES.map(() => 0),
    viewer: null,
    prompt: null,
    filter: NO_FILTER,
    search: null,
    help: false,
    banner: session.index.meta.violations.length > 0,
    message: null,
    quit: false,
  };
}

const clamp = (v: number, lo: number, hi: number): number => Math.max(lo, Math.min(hi, v));

function goto(s: UiState, session: Session, step: number, message: string | null = null): UiState {
  return { ...s, step: clamp(step, 0, session.lastStep), message };
}

/** Rows the focused pane can select among at the current step. */
export function paneRowCount(s: UiState, session: Session): number {
  const view = session.viewAt(s.step);
  switch (PANES[s.pane]) {
    case 'Nodes':
      return view.nodes.length;
    case 'Network':
      return view.net.inFlight.size;
    case 'Files':
      return listFiles(view).length;
    case 'Invariants':
      return session.index.meta.invariants.length;
  }
}

function search(s: UiState, session: Session, text: string, dir: 1 | -1): UiState {
  const hit = searchStep(session.index, text, s.step, dir);
  if (hit !== null) return goto({ ...s, search: text }, session, hit.step, `/${text}: ${hit.excerpt}`);
  const wrapped = searchStep(session.index, text, dir === 1 ? -1 : session.lastStep + 1, dir);
  if (wrapped !== null) return goto({ ...s, search: text }, session, wrapped.step, `/${text} (wrapped): ${wrapped.excerpt}`);
  return { ...s, search: text, message: `no match for '${text}'` };
}

function submit(s: UiState, session: Session): UiState {
  const p = s.prompt;
  if (p === null) return s;
  const closed: UiState = { ...s, prompt: null };
  switch (p.kind) {
    case 'step': {
      const t = parseStepTarget(p.text, session);
      return typeof t === 'string' ? { ...closed, message: t } : goto(closed, session, t.step, t.note);
    }
    case 'time': {
      const t = parseTimeTarget(p.text, session);
      return typeof t === 'string' ? { ...closed, message: t } : goto(closed, session, t.step, t.note);
    }
    case 'filter': {
      const f = parseFilter(p.text, session.index.nodes.slice().sort(), session.index.kinds);
      return typeof f === 'string' ? { ...closed, message: f } : { ...closed, filter: f };
    }
    case 'search':
      return p.text === '' ? { ...closed, search: null } : search(closed, session, p.text, 1);
  }
}

function open(s: UiState, session: Session): UiState {
  if (s.viewer !== null) return { ...s, viewer: null };
  const pane = PANES[s.pane];
  if (pane === 'Files') {
    const files = listFiles(session.viewAt(s.step));
    const f = files[clamp(s.cursor[s.pane], 0, files.length - 1)];
    return f === undefined ? { ...s, message: 'no files at this step' } : { ...s, viewer: { node: f.node, path: f.file.path, durable: false, scroll: 0 } };
  }
  if (pane === 'Invariants') {
    const inv = session.index.meta.invariants[s.cursor[s.pane]];
    const v = session.index.meta.violations.find((x) => x.invariant === inv?.name);
    if (inv === undefined) return s;
    return v === undefined ? { ...s, message: `${inv.name} ${inv.result}: no violating step` } : goto(s, session, v.step);
  }
  return { ...s, message: 'Enter opens files (3 Files) and violations (4 Invariants)' };
}

function move(s: UiState, session: Session, delta: number): UiState {
  if (s.viewer !== null) {
    const file = listFiles(session.viewAt(s.step)).find((f) => f.node === s.viewer?.node && f.file.path === s.viewer.path);
    const shown = file === undefined ? { text: '', document: true } : viewerText(file.file, s.viewer.durable);
    const lines = Math.max(1, (shown.text ?? '').split('\n').length) - 1;
    const scroll = shown.document ? clamp(s.viewer.scroll + delta, 0, lines) : clamp(s.viewer.scroll + delta, -lines, 0);
    return { ...s, viewer: { ...s.viewer, scroll } };
  }
  const cursor = s.cursor.slice();
  cursor[s.pane] = clamp(cursor[s.pane] + delta, 0, Math.max(0, paneRowCount(s, session) - 1));
  return { ...s, cursor };
}

function violation(s: UiState, session: Session, which: 'first' | 'next'): UiState {
  const steps = session.violationSteps();
  if (steps.length === 0) return { ...s, message: 'no violations in this run' };
  const target = which === 'first' ? steps[0] : (steps.find((x) => x > s.step) ?? steps[0]);
  return goto(s, session, target, `violation at step ${target}`);
}

function modal(s: UiState, cmd: Command): UiState | null {
  if (s.help) return cmd.type === 'quit' ? { ...s, quit: true } : cmd.type === 'help' || cmd.type === 'close' ? { ...s, help: false } : s;
  if (s.prompt !== null) {
    if (cmd.type === 'type') return { ...s, prompt: { ...s.prompt, text: s.prompt.text + cmd.text } };
    if (cmd.type === 'erase') return { ...s, prompt: { ...s.prompt, text: s.prompt.text.slice(0, -1) } };
    if (cmd.type === 'close') return { ...s, prompt: null };
    if (cmd.type === 'quit') return { ...s, quit: true };
    return cmd.type === 'submit' ? null : s;
  }
  return null;
}

export function update(state: UiState, cmd: Command, session: Session): UiState {
  const m = modal(state, cmd);
  if (m !== null) return m;
  if (state.prompt !== null) return submit(state, session);
  const s: UiState = state.banner && cmd.type !== 'open' ? { ...state, banner: false, message: null } : { ...state, message: null };
  switch (cmd.type) {
    case 'step':
      return goto(s, session, s.step + cmd.delta);
    case 'edge':
      return goto(s, session, cmd.to === 'first' ? 0 : session.lastStep);
    case 'goto':
      return goto(s, session, cmd.step);
    case 'prompt':
      return { ...s, prompt: { kind: cmd.prompt, text: '' } };
    case 'close':
      return s.viewer !== null ? { ...s, viewer: null } : s;
    case 'match':
    case 'cycleNode':
      return navigate(s, session, cmd);
    case 'searchAgain':
      return s.search === null ? { ...s, message: 'no search yet: press / to search' } : search(s, session, s.search, cmd.dir);
    case 'violation':
      return violation(s, session, cmd.which);
    case 'pane':
      return { ...s, pane: (s.pane + cmd.delta + PANES.length) % PANES.length, viewer: null };
    case 'paneAt':
      return { ...s, pane: clamp(cmd.index, 0, PANES.length - 1), viewer: null };
    case 'move':
      return move(s, session, cmd.delta);
    case 'open':
      return s.banner ? { ...violation(s, session, 'first'), banner: false } : open(s, session);
    case 'toggleDurable':
      return s.viewer === null ? { ...s, message: 'd switches the file viewer (3 Files, Enter) to durable contents' } : { ...s, viewer: { ...s.viewer, durable: !s.viewer.durable, scroll: 0 } };
    case 'help':
      return { ...s, help: true };
    case 'quit':
      return { ...s, quit: true };
    default:
      return s;
  }
}

/** Applies what one terminal read holds (one key or several) to the state. */
export function applyInput(state: UiState, input: string, key: KeyInfo, session: Session): UiState {
  let s = state;
  for (const [i, k] of splitKeys(input, key)) {
    const cmd = keymap(i, k, s.prompt === null ? 'normal' : 'prompt');
    if (cmd !== null && !s.quit) s = update(s, cmd, session);
  }
  return s;
}

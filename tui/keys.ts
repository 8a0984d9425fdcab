// Keys. One table says which presses give which command and what that does; the key help line
// and the `?` help screen are drawn from it, and `keymap` reads it, so help and behaviour cannot
// drift apart. `keymap` is pure: (input, key[, mode]) → Command | null.
import type { Command } from './commands';

/** What Ink's useInput reports about a key (the fields keymap reads). */
export interface KeyInfo {
  readonly upArrow?: boolean;
  readonly downArrow?: boolean;
  readonly leftArrow?: boolean;
  readonly rightArrow?: boolean;
  readonly pageUp?: boolean;
  readonly pageDown?: boolean;
  readonly home?: boolean;
  readonly end?: boolean;
  readonly return?: boolean;
  readonly escape?: boolean;
  readonly ctrl?: boolean;
  readonly shift?: boolean;
  readonly tab?: boolean;
  readonly backspace?: boolean;
  readonly delete?: boolean;
  readonly meta?: boolean;
}

export interface KeyBinding {
  /** Press names (see `pressName`): 'right', 'pagedown', 'enter', 'shift-tab', 'ctrl-c', or a character. */
  readonly presses: readonly string[];
  /** How the help shows the keys; bindings without one are shown under the one before. */
  readonly label?: string;
  readonly what: string;
  readonly command: Command;
  /** The key help line's text for this binding, if it has a place there. */
  readonly short?: string;
}

export const KEY_BINDINGS: readonly KeyBinding[] = [
  { presses: ['?'], label: '?', what: 'this help', command: { type: 'help' }, short: '?:help' },
  { presses: ['q', 'ctrl-c'], label: 'q', what: 'quit', command: { type: 'quit' }, short: 'q:quit' },
  { presses: ['right', 'l'], label: '→ l', what: 'step forward', command: { type: 'step', delta: 1 }, short: '←→:step' },
  { presses: ['left', 'h'], label: '← h', what: 'step back', command: { type: 'step', delta: -1 } },
  { presses: ['pagedown', 'L'], label: 'PgDn L', what: 'forward 100 steps', command: { type: 'step', delta: 100 }, short: 'PgUp/Dn:±100' },
  { presses: ['pageup', 'H'], label: 'PgUp H', what: 'back 100 steps', command: { type: 'step', delta: -100 } },
  { presses: ['home', '0'], label: 'Home 0', what: 'first step (setup)', command: { type: 'edge', to: 'first' } },
  { presses: ['end', 'G'], label: 'End G', what: 'last step', command: { type: 'edge', to: 'last' } },
  { presses: ['g'], label: 'g', what: 'go to step… (t=<ms>: a time)', command: { type: 'prompt', prompt: 'step' }, short: 'g:goto' },
  { presses: ['t'], label: 't', what: 'go to virtual time… (ms)', command: { type: 'prompt', prompt: 'time' } },
  { presses: [']'], label: ']', what: 'next step of filter/this kind', command: { type: 'match', dir: 1 } },
  { presses: ['['], label: '[', what: 'previous of filter/this kind', command: { type: 'match', dir: -1 } },
  { presses: ['f'], label: 'f', what: 'filter by node and kind…', command: { type: 'prompt', prompt: 'filter' }, short: 'f:filter' },
  { presses: ['o'], label: 'o', what: 'cycle the node filter', command: { type: 'cycleNode' } },
  { presses: ['/'], label: '/', what: 'search the trace text…', command: { type: 'prompt', prompt: 'search' }, short: '/:search' },
  { presses: ['n'], label: 'n', what: 'next search match', command: { type: 'searchAgain', dir: 1 } },
  { presses: ['N'], label: 'N', what: 'previous search match', command: { type: 'searchAgain', dir: -1 } },
  { presses: ['v'], label: 'v', what: 'jump to the first violation', command: { type: 'violation', which: 'first' }, short: 'v:violation' },
  { presses: ['V'], label: 'V', what: 'next violation (wraps)', command: { type: 'violation', which: 'next' } },
  { presses: ['tab'], label: 'Tab', what: 'next pane', command: { type: 'pane', delta: 1 }, short: 'Tab:pane' },
  { presses: ['shift-tab'], label: 'S-Tab', what: 'previous pane', command: { type: 'pane', delta: -1 } },
  { presses: ['1'], label: '1 2 3 4', what: 'Nodes/Network/Files/Invariants', command: { type: 'paneAt', index: 0 } },
  { presses: ['2'], what: 'Network pane', command: { type: 'paneAt', index: 1 } },
  { presses: ['3'], what: 'Files pane', command: { type: 'paneAt', index: 2 } },
  { presses: ['4'], what: 'Invariants pane', command: { type: 'paneAt', index: 3 } },
  { presses: ['down', 'j'], label: '↓ j', what: 'down in the pane or viewer', command: { type: 'move', delta: 1 } },
  { presses: ['up', 'k'], label: '↑ k', what: 'up in the pane or viewer', command: { type: 'move', delta: -1 } },
  { presses: ['enter'], label: 'Enter', what: 'open file viewer / violation', command: { type: 'open' } },
  { presses: ['d'], label: 'd', what: 'viewer: durable ⇄ current', command: { type: 'toggleDurable' } },
  { presses: ['esc'], label: 'Esc', what: 'close prompt, help, viewer', command: { type: 'close' } },
];

/** The press name of an Ink key event (what `presses` lists). */
export function pressName(input: string, key: KeyInfo): string {
  if (key.ctrl === true && input === 'c') return 'ctrl-c';
  if (key.rightArrow === true) return 'right';
  if (key.leftArrow === true) return 'left';
  if (key.upArrow === true) return 'up';
  if (key.downArrow === true) return 'down';
  if (key.pageDown === true) return 'pagedown';
  if (key.pageUp === true) return 'pageup';
  if (key.home === true) return 'home';
  if (key.end === true) return 'end';
  if (key.return === true) return 'enter';
  if (key.escape === true) return 'esc';
  if (key.tab === true) return key.shift === true ? 'shift-tab' : 'tab';
  if (key.backspace === true || key.delete === true) return 'backspace';
  return input;
}

export type KeyMode = 'normal' | 'prompt';

const BY_PRESS = new Map<string, Command>(KEY_BINDINGS.flatMap((b) => b.presses.map((p) => [p, b.command] as [string, Command])));

/** The command a key gives: in a prompt, keys edit the text; elsewhere they follow KEY_BINDINGS. */
export function keymap(input: string, key: KeyInfo, mode: KeyMode = 'normal'): Command | null {
  const press = pressName(input, key);
  if (mode === 'prompt') {
    if (press === 'enter') return { type: 'submit' };
    if (press === 'esc') return { type: 'close' };
    if (press === 'backspace') return { type: 'erase' };
    if (press === 'ctrl-c') return { type: 'quit' };
    if (key.ctrl === true || key.meta === true || input === '' || /[\u0000-\u001f\u007f]/.test(input)) return null;
    return { type: 'type', text: input };
  }
  if (key.ctrl === true && press !== 'ctrl-c') return null;
  return BY_PRESS.get(press) ?? null;
}

/** The key help line: every binding that has a short form, in table order. */
export function helpLine(): string {
  return KEY_BINDINGS.filter((b) => b.short !== undefined).map((b) => b.short).join(' ');
}

/**
 * One terminal read can hold several keys (typed fast, pasted, or sent by tmux): plain text of
 * more than one character is split into single keys, with Enter, Tab and Backspace recognised.
 */
export function splitKeys(input: string, key: KeyInfo): Array<[string, KeyInfo]> {
  const special = Object.entries(key).some(([k, v]) => v === true && k !== 'shift');
  if (input.length <= 1 || special) return [[input, key]];
  return [...input].map((c): [string, KeyInfo] => {
    if (c === '\r' || c === '\n') return ['', { return: true }];
    if (c === '\t') return ['', { tab: true }];
    if (c === '\x7f' || c === '\b') return ['', { backspace: true }];
    return [c, { shift: /[A-Z]/.test(c) }];
  });
}

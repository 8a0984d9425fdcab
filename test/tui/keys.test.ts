// keymap is pure and agrees with the help: every press a binding lists gives that binding's
// command, no two bindings share a press, prompts take text, and the help line fits 80 columns.
import { describe, expect, it } from 'vitest';
import { helpLine, KEY_BINDINGS, keymap, pressName, splitKeys } from '../../tui/keys';
import { keyOf } from './support';

describe('keymap', () => {
  it.each(KEY_BINDINGS.flatMap((b) => b.presses.map((p) => [p, b.what, b] as const)))('%s gives the command of "%s"', (press, _what, binding) => {
    const [input, key] = keyOf(press);
    expect(pressName(input, key)).toBe(press);
    expect(keymap(input, key)).toEqual(binding.command);
  });

  it('no press is bound twice', () => {
    const presses = KEY_BINDINGS.flatMap((b) => b.presses);
    expect(new Set(presses).size).toBe(presses.length);
  });

  it('unbound keys and ctrl chords other than ctrl-c give nothing', () => {
    expect(keymap('z', {})).toBeNull();
    expect(keymap('x', {})).toBeNull();
    expect(keymap('l', { ctrl: true })).toBeNull();
  });

  it('in a prompt, characters are text and Enter, Esc, Backspace edit', () => {
    expect(keymap('l', {}, 'prompt')).toEqual({ type: 'type', text: 'l' });
    expect(keymap('1', {}, 'prompt')).toEqual({ type: 'type', text: '1' });
    expect(keymap('', { return: true }, 'prompt')).toEqual({ type: 'submit' });
    expect(keymap('', { escape: true }, 'prompt')).toEqual({ type: 'close' });
    expect(keymap('', { backspace: true }, 'prompt')).toEqual({ type: 'erase' });
    expect(keymap('', { delete: true }, 'prompt')).toEqual({ type: 'erase' });
    expect(keymap('c', { ctrl: true }, 'prompt')).toEqual({ type: 'quit' });
    expect(keymap('', { upArrow: true }, 'prompt')).toBeNull();
  });

  it('a read holding several keys is split into single keys, Enter included', () => {
    expect(splitKeys('g12\r', {})).toEqual([['g', { shift: false }], ['1', { shift: false }], ['2', { shift: false }], ['', { return: true }]]);
    expect(splitKeys('L', { shift: true })).toEqual([['L', { shift: true }]]);
    expect(splitKeys('', { rightArrow: true })).toEqual([['', { rightArrow: true }]]);
  });

  it('the key help line fits 80 columns and names help and quit first', () => {
    expect(helpLine().length).toBeLessThanOrEqual(80);
    expect(helpLine().startsWith('?:help q:quit')).toBe(true);
  });

  it('every binding is in the ? help: labelled itself or grouped under the one before', () => {
    expect(KEY_BINDINGS[0].label).toBeDefined();
    for (const b of KEY_BINDINGS) expect(b.what.length).toBeGreaterThan(0);
  });
});

// The frame around the panes: the tab row (which pane has the focus, the filter and search in
// force), the bottom line (a prompt, a message, or the key help), the violation banner, the `?`
// help screen and the "terminal too small" notice.
import { Box, Text } from 'ink';
import React from 'react';
import { helpLine, KEY_BINDINGS } from '../keys';
import { isFiltering } from '../model/match';
import type { RunMeta } from '../model/traceIndex';
import { MIN_COLUMNS, MIN_ROWS } from '../layout';
import { PANES, type UiState } from '../state';
import { pad, timeLabel } from '../text';
import { Lines, seg, type Line } from '../ui/Lines';

export function tabsLine(ui: UiState, meta: RunMeta): Line {
  const line: Line = PANES.flatMap((name, i) => {
    const label = ` ${i + 1} ${name}${name === 'Invariants' && meta.violations.length > 0 ? ` ✗${meta.violations.length}` : ''} `;
    return [seg(label, i === ui.pane ? { inverse: true, bold: true } : { dim: true }), seg(' ')];
  });
  const extra: string[] = [];
  if (isFiltering(ui.filter)) extra.push(`filter: ${[ui.filter.node, ui.filter.kind].filter((x) => x !== null).join(' ')}`);
  if (ui.search !== null) extra.push(`search: /${ui.search}`);
  return extra.length === 0 ? line : [...line, seg(`│ ${extra.join(' · ')}`, { color: 'cyan' })];
}

const PROMPT_TITLES = {
  step: 'go to step (or t=<ms>)',
  time: 'go to virtual time (ms, or 1.5s)',
  filter: 'filter (node and/or kind, e.g. "w1 fs"; empty clears)',
  search: 'search trace text',
} as const;

export function bottomLine(ui: UiState): Line {
  if (ui.prompt !== null) {
    return [seg(`${PROMPT_TITLES[ui.prompt.kind]}: `, { bold: true, color: 'cyan' }), seg(ui.prompt.text), seg('█'), seg('  Enter ok · Esc cancel', { dim: true })];
  }
  if (ui.message !== null) return [seg(ui.message, { color: 'yellow', bold: true }), seg(`  │ ${helpLine()}`, { dim: true })];
  return [seg(helpLine(), { dim: true })];
}

/** Rows the violation banner takes (its border included). */
export const BANNER_ROWS = 6;

export function Banner({ meta, width, height }: { readonly meta: RunMeta; readonly width: number; readonly height: number }) {
  const v = meta.violations[0];
  const more = meta.violations.length - 1;
  const lines: Line[] = [
    [seg(` ✗ ${v.kind.toUpperCase()} VIOLATION `, { inverse: true, bold: true, color: 'red' }), seg(` ${v.invariant}`, { bold: true })],
    [seg(`at step ${v.step} · t=${timeLabel(v.timeMs)}${v.node === null ? '' : ` · node ${v.node}`}${more > 0 ? ` · and ${more} more (V steps through them)` : ''}`)],
    [seg(v.message, { color: 'red' })],
    [seg('Enter: jump to it', { bold: true }), seg('   Esc: dismiss   v: jump later   ?: help', { dim: true })],
  ];
  return (
    <Box borderStyle="round" borderColor="red" width={width} height={height} flexDirection="column" paddingX={1}>
      <Lines lines={lines} width={width - 4} height={height - 2} />
    </Box>
  );
}

export function HelpScreen({ width, height }: { readonly width: number; readonly height: number }) {
  const shown = KEY_BINDINGS.filter((b) => b.label !== undefined);
  const half = Math.ceil(shown.length / 2);
  const colWidth = Math.floor(width / 2);
  const cell = (i: number): Line => {
    const b = shown[i];
    return b === undefined ? [] : [seg(pad(b.label ?? '', 9), { bold: true, color: 'cyan' }), seg(b.what)];
  };
  const lines: Line[] = [[seg(' awsim tui — keys ', { inverse: true, bold: true }), seg('  Esc or ? closes this help · q quits', { dim: true })]];
  for (let i = 0; i < half; i++) {
    const left = cell(i);
    const leftText = left.map((s) => s.text).join('');
    lines.push([...left, seg(' '.repeat(Math.max(1, colWidth - leftText.length))), ...cell(half + i)]);
  }
  lines.push([]);
  lines.push([seg('timeline marks: ✗ violation  ! crash  E error  ^ fault  x drop  ~ timeout', { dim: true })]);
  lines.push([seg('  + start  # phase  * decision  > delivery  . timer  = setup  - other', { dim: true })]);
  return <Lines lines={lines.map((l) => trimTo(l, colWidth * 2))} width={width} height={height} />;
}

function trimTo(l: Line, width: number): Line {
  return l.length === 0 ? l : l.map((s) => ({ ...s, text: s.text.length > width ? s.text.slice(0, width) : s.text }));
}

export function TooSmall({ columns, rows }: { readonly columns: number; readonly rows: number }) {
  return (
    <Box flexDirection="column">
      <Text bold color="yellow">awsim tui needs a terminal of at least {MIN_COLUMNS}x{MIN_ROWS}; this one is {columns}x{rows}.</Text>
      <Text>Make the window larger (it redraws at once), or press q to quit.</Text>
    </Box>
  );
}

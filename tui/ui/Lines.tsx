// Panes are drawn as lists of lines of coloured segments, always exactly `height` lines each cut
// to `width` characters, so the layout never reflows whatever the data.
import { Box, Text } from 'ink';
import React from 'react';
import { pad } from '../text';

export interface Seg {
  readonly text: string;
  readonly color?: string;
  readonly bold?: boolean;
  readonly inverse?: boolean;
  readonly dim?: boolean;
}

export type Line = readonly Seg[];

export const seg = (text: string, style: Omit<Seg, 'text'> = {}): Seg => ({ text, ...style });

/** Cuts a line to `width` characters (an ellipsis marks the cut); `fill` pads it to the width. */
export function clipLine(line: Line, width: number, fill = false): Seg[] {
  const out: Seg[] = [];
  let used = 0;
  for (const s of line) {
    if (used >= width) break;
    const room = width - used;
    const text = s.text.length > room ? `${s.text.slice(0, Math.max(0, room - 1))}…` : s.text;
    out.push({ ...s, text });
    used += text.length;
  }
  if (fill && used < width) {
    const last = out[out.length - 1];
    if (last?.inverse === true) out[out.length - 1] = { ...last, text: pad(last.text, last.text.length + width - used) };
    else out.push({ text: ' '.repeat(width - used) });
  }
  return out;
}

/** Makes every segment of a line inverse and pads it to the width (a selected row). */
export function highlight(line: Line, width: number): Line {
  return clipLine(line.map((s) => ({ ...s, inverse: true })), width, true);
}

export function plainText(line: Line): string {
  return line.map((s) => s.text).join('');
}

interface LinesProps {
  readonly lines: readonly Line[];
  readonly width: number;
  readonly height: number;
}

const sameStyle = (a: Seg, b: Seg): boolean => a.color === b.color && a.bold === b.bold && a.inverse === b.inverse && a.dim === b.dim;
const plainSeg = (s: Seg): boolean => s.color === undefined && s.bold !== true && s.inverse !== true && s.dim !== true;

/** Adjacent segments of one style become one (fewer Ink nodes to lay out). */
function merge(line: readonly Seg[]): Seg[] {
  const out: Seg[] = [];
  for (const s of line) {
    const last = out[out.length - 1];
    if (last !== undefined && sameStyle(last, s)) out[out.length - 1] = { ...last, text: last.text + s.text };
    else if (s.text !== '') out.push(s);
  }
  return out;
}

/** Characters whose width is surely 1: with only these, a clipped line needs no truncation by Ink. */
const NARROW = /^[\u0020-\u007e\u00a0-\u02ff\u2010-\u2027\u2190-\u21ff\u2500-\u25ff\u2713\u2717]*$/;

export function Lines({ lines, width, height }: LinesProps) {
  const rows: Line[] = [];
  for (let i = 0; i < height; i++) rows.push(lines[i] ?? []);
  return (
    <Box flexDirection="column" width={width} height={height}>
      {rows.map((line, i) => (
        <Text key={i} wrap={line.every((s) => NARROW.test(s.text)) ? 'wrap' : 'truncate'}>
          {line.length === 0
            ? ' '
            : merge(clipLine(line, width)).map((s, j) =>
                plainSeg(s) ? (
                  s.text
                ) : (
                  <Text key={j} color={s.color} bold={s.bold} inverse={s.inverse} dimColor={s.dim}>
                    {s.text}
                  </Text>
                ),
              )}
        </Text>
      ))}
    </Box>
  );
}

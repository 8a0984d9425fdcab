// The file viewer: one file's contents at the current step, as reads see them (current) or as a
// crash would leave them (durable). Lines past what the two versions share are marked: `+` in
// yellow for unsynced text a crash would lose, `-` in red for durable text a crash would bring back.
// A log (JSONL) is shown from its end, following new lines until scrolled back with ↑; a
// one-line JSON document is laid out one field per line and shown from its top.
import React from 'react';
import type { FileRow } from '../model/disk';
import { listFiles, viewerText } from '../model/files';
import type { View } from '../model/view';
import type { Viewer } from '../state';
import { printable } from '../text';
import { Lines, seg, type Line } from '../ui/Lines';
import { durabilityLabel } from './FilesPane';

export interface FileViewerProps {
  readonly view: View;
  readonly viewer: Viewer;
  readonly width: number;
  readonly height: number;
}

function sharedPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

function bodyLines(f: FileRow, durable: boolean): Line[] {
  const { text } = viewerText(f, durable);
  if (text === null) return [[seg(durable ? '(a crash would leave no such file)' : '(the file does not exist now)', { dim: true })]];
  const other = viewerText(f, !durable).text ?? '';
  const shared = sharedPrefix(text, other);
  const differs = text !== other;
  const lines: Line[] = [];
  let offset = 0;
  const parts = text.split('\n');
  parts.forEach((raw) => {
    const end = offset + raw.length;
    const marked = differs && end >= shared;
    const gutter = marked ? (durable ? '- ' : '+ ') : '  ';
    lines.push([seg(gutter, { color: marked ? (durable ? 'red' : 'yellow') : 'gray' }), seg(printable(raw), marked ? { color: durable ? 'red' : 'yellow' } : {})]);
    offset = end + 1;
  });
  if (parts.length > 1 && parts[parts.length - 1] === '') lines.pop();
  return lines;
}

export function viewerLines({ view, viewer, width, height }: FileViewerProps): Line[] {
  const entry = listFiles(view).find((f) => f.node === viewer.node && f.file.path === viewer.path);
  const title: Line = [
    seg(` ${viewer.node}:${viewer.path} `, { inverse: true, bold: true }),
    seg(viewer.durable ? ' DURABLE (what a crash keeps) ' : ' CURRENT (what reads see) ', { bold: true, color: viewer.durable ? 'magenta' : 'cyan' }),
    entry === undefined ? seg('') : durabilityLabel(entry.file),
  ];
  const help: Line = [seg('d: durable ⇄ current · ↑↓: scroll · ←→: step · Esc/Enter: close', { dim: true })];
  if (entry === undefined) return [title, [seg('(no such file at this step)', { dim: true })], help];
  const body = bodyLines(entry.file, viewer.durable);
  const room = Math.max(1, height - 2);
  const maxFirst = Math.max(0, body.length - room);
  const first = viewerText(entry.file, viewer.durable).document ? Math.min(viewer.scroll, maxFirst) : Math.max(0, maxFirst + viewer.scroll);
  const shown = body.slice(first, first + room);
  const more = body.length - first - shown.length;
  const where = `lines ${first + 1}-${first + shown.length} of ${body.length}${first > 0 ? ` (↑ ${first} above)` : ''}${more > 0 ? ` (↓ ${more} below)` : ''} · `;
  const footer: Line = [seg(where, { dim: true }), ...help];
  return [title, ...shown, ...Array.from({ length: room - shown.length }, (): Line => []), footer].slice(0, height).map((l) => (l.length > 0 ? l : [seg(' ')]));
}

export function FileViewer(props: FileViewerProps) {
  return <Lines lines={viewerLines(props)} width={props.width} height={props.height} />;
}

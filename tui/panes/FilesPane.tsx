// Files: every node's files with their size now and what a crash would keep, marked synced,
// unsynced (the difference would be lost) or not durable at all; Enter opens the viewer.
import React from 'react';
import type { FileRow } from '../model/disk';
import { listFiles } from '../model/files';
import type { View } from '../model/view';
import { fitPath, pad, padStart } from '../text';
import { highlight, Lines, seg, type Line, type Seg } from '../ui/Lines';

export interface FilesPaneProps {
  readonly view: View;
  readonly width: number;
  readonly height: number;
  /** Selected file (index in the list). */
  readonly cursor: number;
  readonly focused: boolean;
}

/** How a file stands against a crash: a symbol and words, coloured. */
export function durabilityLabel(f: FileRow): Seg {
  if (f.current === null) return seg('∅ deleted, durable', { color: 'magenta' });
  if (f.durableBytes === null) return seg('✗ lost on crash', { color: 'red' });
  if (!f.unsynced) return seg('✓ synced', { color: 'green' });
  const diff = f.current.bytes - f.durableBytes;
  return seg(`~ unsynced ${diff >= 0 ? `+${diff}` : diff}B`, { color: 'yellow' });
}

export function filesLines({ view, width, height, cursor, focused }: FilesPaneProps): Line[] {
  const files = listFiles(view);
  const nodeWidth = Math.max(4, ...view.nodes.map((n) => n.id.length));
  const pathWidth = Math.max(20, width - nodeWidth - 1 - 7 - 1 - 7 - 2 - 19);
  const lines: Line[] = [[seg(`${pad('node', nodeWidth)} ${pad('path', pathWidth)} ${padStart('bytes', 7)} ${padStart('durable', 7)}  state`, { bold: true })]];
  if (files.length === 0) {
    lines.push([seg('  (no files yet)', { dim: true })]);
    return lines;
  }
  const room = Math.max(1, height - 2);
  const sel = Math.max(0, Math.min(cursor, files.length - 1));
  const first = Math.max(0, Math.min(sel - Math.floor(room / 2), files.length - room));
  files.slice(first, first + room).forEach(({ node, file }, i) => {
    const bytes = file.current === null ? '-' : String(file.current.bytes);
    const durable = file.durableBytes === null ? '-' : String(file.durableBytes);
    const line: Line = [seg(`${pad(node, nodeWidth)} ${pad(fitPath(file.path, pathWidth), pathWidth)} ${padStart(bytes, 7)} ${padStart(durable, 7)}  `), durabilityLabel(file)];
    lines.push(focused && first + i === sel ? highlight(line, width) : line);
  });
  const unsynced = files.filter((f) => f.file.unsynced).length;
  lines.push([seg(`${files.length} files, ${unsynced} unsynced${first + room < files.length ? ` · ↓ ${files.length - first - room} more` : ''} · Enter: view contents`, { dim: true })]);
  return lines.slice(0, height);
}

export function FilesPane(props: FilesPaneProps) {
  return <Lines lines={filesLines(props)} width={props.width} height={props.height} />;
}

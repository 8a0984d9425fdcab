// Invariants: each of the run's invariants, held or violated as of the current step (with the
// violating step, and a note when a violation is still ahead), and the final results at the end.
import React from 'react';
import type { RunMeta } from '../model/traceIndex';
import type { View } from '../model/view';
import { pad, timeLabel, wrapWords } from '../text';
import { highlight, Lines, seg, type Line, type Seg } from '../ui/Lines';

export interface InvariantsPaneProps {
  readonly view: View;
  readonly meta: RunMeta;
  readonly width: number;
  readonly height: number;
  readonly cursor: number;
  readonly focused: boolean;
}

function status(name: string, view: View, meta: RunMeta): Seg {
  const seen = view.violations.find((v) => v.invariant === name);
  if (seen !== undefined) return seg(`✗ VIOLATED at step ${seen.step}`, { color: 'red', bold: true });
  const final = view.finals[name];
  if (final === 'held') return seg('✓ held (final)', { color: 'green' });
  if (final === 'skipped') return seg('- skipped (run cut short)', { color: 'gray' });
  if (final !== undefined) return seg(`? ${final}`, { color: 'yellow' });
  const ahead = meta.violations.find((v) => v.invariant === name);
  if (ahead !== undefined) return seg(`✓ ok so far, ✗ at step ${ahead.step}`, { color: 'yellow' });
  return seg('✓ ok so far', { color: 'green' });
}

export function invariantsLines({ view, meta, width, height, cursor, focused }: InvariantsPaneProps): Line[] {
  const lines: Line[] = [];
  const nameWidth = Math.min(38, Math.max(12, ...meta.invariants.map((i) => i.name.length)));
  const sel = Math.max(0, Math.min(cursor, meta.invariants.length - 1));
  meta.invariants.forEach((inv, i) => {
    const row: Line = [seg(`${pad(inv.name, nameWidth)} ${pad(inv.kind, 8)} `), status(inv.name, view, meta)];
    lines.push(focused && i === sel ? highlight(row, width) : row);
    const v = view.violations.find((x) => x.invariant === inv.name);
    if (v === undefined) return;
    const text = `t=${timeLabel(v.timeMs)}${v.node === null ? '' : ` ${v.node}`}: ${v.message}`;
    for (const l of wrapWords(text, width - 4, 3)) lines.push([seg(`    ${l}`, { color: 'red' })]);
  });
  if (meta.invariants.length === 0) lines.push([seg('(this trace names no invariants)', { dim: true })]);
  const ended = view.ended || view.step === meta.lastStep;
  lines.push([]);
  lines.push([
    seg(`run: ${meta.status === 'pass' ? '✓ pass' : `✗ ${meta.status}`}`, { bold: true, color: meta.status === 'pass' ? 'green' : 'red' }),
    seg(` · ended: ${meta.endReason} at step ${meta.lastStep}${ended ? '' : ' (ahead)'} · ${meta.violations.length} violation(s)`, { dim: true }),
  ]);
  if (meta.violations.length > 0) lines.push([seg('↓↑ select · Enter jumps to the violating step', { dim: true })]);
  const first = Math.max(0, lines.length - height);
  return lines.slice(first === 0 ? 0 : Math.min(first, sel), (first === 0 ? 0 : Math.min(first, sel)) + height);
}

export function InvariantsPane(props: InvariantsPaneProps) {
  return <Lines lines={invariantsLines(props)} width={props.width} height={props.height} />;
}

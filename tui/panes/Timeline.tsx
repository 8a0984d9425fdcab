// The timeline: the steps around the cursor (only the filter's steps when one is set, plus the
// cursor's own), one line each: step, virtual time, a mark (symbol and colour), node, kind and
// what happened. The cursor's line is highlighted and starts with '>'.
import React from 'react';
import { isFiltering } from '../model/match';
import type { Filter } from '../model/match';
import type { Session } from '../session';
import { pad, padStart, timeLabel } from '../text';
import { Lines, seg, type Line } from '../ui/Lines';

export interface TimelineProps {
  readonly session: Session;
  readonly step: number;
  readonly filter: Filter;
  readonly width: number;
  readonly height: number;
}

/** The steps the timeline lists: a window of `height` around `step`, which is always in it. */
export function timelineSteps(session: Session, step: number, filter: Filter, height: number): number[] {
  const m = session.matcher;
  const around = isFiltering(filter) ? m.around(filter, step, height, height + 1) : Array.from({ length: 2 * height + 1 }, (_, i) => step - height + i).filter((s) => s >= 0 && s <= session.lastStep);
  const steps = around.includes(step) ? around : [...around, step].sort((a, b) => a - b);
  const at = steps.indexOf(step);
  const start = Math.max(0, Math.min(at - Math.floor((height - 1) / 2), steps.length - height));
  return steps.slice(start, start + height);
}

export function timelineLines({ session, step, filter, width, height }: TimelineProps): Line[] {
  const stepWidth = String(session.lastStep).length;
  const nodeWidth = Math.max(3, ...session.index.nodes.map((n) => n.length));
  const violations = new Set(session.violationSteps());
  return timelineSteps(session, step, filter, height).map((s) => {
    const sum = session.summary(s);
    const cursor = s === step;
    const base = { inverse: cursor, bold: cursor };
    const line: Line = [
      seg(cursor ? '>' : violations.has(s) ? '✗' : ' ', cursor ? base : { color: 'red', bold: true }),
      seg(` ${padStart(String(s), stepWidth)} ${padStart(timeLabel(sum.t), 9)} `, base),
      seg(sum.mark.symbol, { ...base, color: sum.mark.color }),
      seg(` ${pad(sum.node ?? '-', nodeWidth)} ${pad(sum.kind, 11)} `, base),
      seg(sum.text, { ...base, color: sum.mark.name === 'violation' ? 'red' : undefined }),
    ];
    if (!cursor) return line;
    const used = line.reduce((n, x) => n + x.text.length, 0);
    return used < width ? [...line, seg(' '.repeat(width - used), base)] : line;
  });
}

export function Timeline(props: TimelineProps) {
  return <Lines lines={timelineLines(props)} width={props.width} height={props.height} />;
}

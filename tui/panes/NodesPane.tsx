// Nodes: per node, up or down (symbol and word, not colour alone), incarnation, clock skew,
// files (how many unsynced), fs ops, crashes, disk faults, process errors; then what its
// decision lines say: the well-known facts (lease, dead letters, pending, replay state,
// policies, governance level, cursor) and the latest decision of each op.
import React from 'react';
import { diskFiles } from '../model/disk';
import { FACT_ORDER } from '../model/facts';
import { storeFacts } from '../model/stores';
import { clockSkewMs, nodeClockMs, type NodeView, type View } from '../model/view';
import { brief, ratioLabel, signedMs } from '../text';
import { highlight, Lines, seg, type Line } from '../ui/Lines';

export interface NodesPaneProps {
  readonly view: View;
  readonly width: number;
  readonly height: number;
  /** Index of the first node shown (the selection when focused). */
  readonly cursor: number;
  readonly focused: boolean;
}

function diskNotes(n: NodeView): string[] {
  const f = n.diskFaults;
  const notes: string[] = [];
  const eio = f.eioRatio;
  if (Array.isArray(eio) && eio[0] !== 0) notes.push(`EIO ${ratioLabel(eio)}`);
  if (typeof f.quotaBytes === 'number') notes.push(`quota ${f.quotaBytes}B`);
  if (typeof f.latencyMsMax === 'number' && f.latencyMsMax > 0) notes.push(`disk ${String(f.latencyMsMin)}-${f.latencyMsMax}ms`);
  if (f.tornWrites === true) notes.push('torn writes');
  if (n.armed.length > 0) notes.push(`crash armed @write ${n.armed.join(',')}`);
  return notes;
}

function statusLine(n: NodeView, view: View): Line {
  const files = diskFiles(n.disk);
  const unsynced = files.filter((f) => f.unsynced).length;
  const state = n.up ? seg('● up  ', { color: 'green' }) : n.incarnation === 0 ? seg('○ off ', { color: 'gray' }) : seg('○ DOWN', { color: 'red', bold: true });
  const skew = clockSkewMs(n, view.timeMs);
  const parts = [
    state,
    seg(` ${n.id}`, { bold: true }),
    seg(` #${n.incarnation}`),
    seg(`  clock ${signedMs(skew)}${n.skew.kind === 'fixed' ? '' : ` (${n.skew.kind})`}`),
    seg(`  files ${files.length}`),
    unsynced > 0 ? seg(` (${unsynced} unsynced)`, { color: 'yellow' }) : seg(''),
    seg(`  ops ${n.writeOps}`),
  ];
  if (n.crashes > 0) parts.push(seg(`  crashes ${n.crashes}`, { color: 'red' }));
  if (n.procErrors > 0) parts.push(seg(`  errors ${n.procErrors}`, { color: 'red', bold: true }));
  const notes = diskNotes(n);
  if (notes.length > 0) parts.push(seg(`  ${notes.join(', ')}`, { color: 'magenta' }));
  return parts;
}

/** Joins items with ' · ' into lines of at most `width` characters (an item longer than that gets a line of its own). */
export function wrapItems(items: readonly string[], width: number): string[] {
  const out: string[] = [];
  for (const item of items) {
    const last = out.length - 1;
    if (last >= 0 && out[last].length + 3 + item.length <= width) out[last] += ` · ${item}`;
    else out.push(item);
  }
  return out;
}

function infoLines(n: NodeView, view: View, width: number): Line[] {
  const out: Line[] = [];
  for (const f of storeFacts(diskFiles(n.disk), nodeClockMs(view, n))) {
    out.push([seg('    '), seg(f.label, { color: 'cyan', bold: true }), seg(f.key === '' ? '' : ` ${f.key}`, { color: 'cyan' }), seg(`: ${f.text}`)]);
  }
  const facts = FACT_ORDER.filter((label) => n.facts.facts[label] !== undefined).map((label) => `${label}: ${brief(n.facts.facts[label].value)}`);
  for (const text of wrapItems(facts, width - 4)) out.push([seg('    '), seg(text, { color: 'cyan' })]);
  for (const d of n.facts.decisions) {
    out.push([seg('    '), seg(`${d.op}`, { bold: true }), seg(`${d.count > 1 ? `×${d.count}` : ''} ${brief(d.fields)}`), seg(` @${d.step}`, { dim: true })]);
  }
  if (n.lastError !== null) out.push([seg('    '), seg(`error: ${n.lastError}`, { color: 'red' })]);
  if (out.length === 0) out.push([seg('    '), seg('no decisions recorded yet', { dim: true })]);
  return out;
}

/**
 * Info lines per shown node: one each, then as many as the first (the selected) node has, then
 * one more per node in turn while room lasts.
 */
function allot(infos: readonly (readonly Line[])[], room: number): number[] {
  const take: number[] = infos.map((x) => (x.length > 0 ? 1 : 0));
  let left = room - take.reduce((a, b) => a + b, 0);
  if (left < 0) return infos.map((_, i) => (i < room ? 1 : 0));
  const extra = Math.max(0, Math.min(left, (infos[0]?.length ?? 0) - take[0]));
  take[0] += extra;
  left -= extra;
  for (let gave = true; left > 0 && gave; ) {
    gave = false;
    for (let i = 0; i < infos.length && left > 0; i++) {
      if (take[i] < infos[i].length) {
        take[i]++;
        left--;
        gave = true;
      }
    }
  }
  return take;
}

export function nodesLines({ view, width, height, cursor, focused }: NodesPaneProps): Line[] {
  if (view.nodes.length === 0) return [[seg('no nodes yet (step 0 adds them)', { dim: true })]];
  const first = Math.max(0, Math.min(cursor, view.nodes.length - 1));
  const fit = Math.max(1, Math.min(view.nodes.length - first, Math.floor(height / 2)));
  const more = first + fit < view.nodes.length;
  const shown = view.nodes.slice(first, first + fit);
  const infos = shown.map((n) => infoLines(n, view, width));
  const take = allot(infos, height - fit - (more ? 1 : 0));
  const lines: Line[] = [];
  shown.forEach((n, i) => {
    const status = i === 0 && first > 0 ? [seg(`↑${first} `, { dim: true }), ...statusLine(n, view)] : statusLine(n, view);
    lines.push(focused && i === 0 ? highlight(status, width) : status);
    lines.push(...infos[i].slice(0, take[i]));
  });
  if (more) lines.push([seg(`  ↓ ${view.nodes.length - first - fit} more node(s): ↓ scrolls`, { dim: true })]);
  return lines.slice(0, height);
}

export function NodesPane(props: NodesPaneProps) {
  return <Lines lines={nodesLines(props)} width={props.width} height={props.height} />;
}

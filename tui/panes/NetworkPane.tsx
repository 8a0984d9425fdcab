// Network: counters, cut links and isolated nodes, the network's settings, and every message in
// flight (next to arrive first) with its send and due times.
import React from 'react';
import type { NetView } from '../model/net';
import type { View } from '../model/view';
import { pad, padStart, ratioLabel } from '../text';
import { highlight, Lines, seg, type Line } from '../ui/Lines';

export interface NetworkPaneProps {
  readonly view: View;
  readonly width: number;
  readonly height: number;
  /** Selected message (index in due order). */
  readonly cursor: number;
  readonly focused: boolean;
}

/** Cut links as `a↔b` (both ways) or `a→b` (one way). */
export function linkLabels(cuts: readonly string[]): string[] {
  const set = new Set(cuts);
  const out: string[] = [];
  for (const c of cuts) {
    const [a, b] = c.split('>');
    if (set.has(`${b}>${a}`)) {
      if (a < b) out.push(`${a}↔${b}`);
    } else out.push(`${a}→${b}`);
  }
  return out;
}

function settingsLine(net: NetView): Line {
  const s = net.settings;
  const lat = s.latency === undefined ? '?' : s.latency.kind === 'fixed' ? `${s.latency.ms}ms` : `${s.latency.kind} ${s.latency.minMs}-${s.latency.maxMs}ms`;
  return [seg(`latency ${lat} · loss ${ratioLabel(s.lossRatio ?? [0, 1])} · dup ${ratioLabel(s.duplicateRatio ?? [0, 1])} · timeout ${s.requestTimeoutMs ?? '?'}ms`, { dim: true })];
}

export function networkLines({ view, width, height, cursor, focused }: NetworkPaneProps): Line[] {
  const net = view.net;
  const drops = Object.entries(net.dropsByReason).sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([r, n]) => `${r} ${n}`).join(', ');
  const links = linkLabels(net.cuts);
  const lines: Line[] = [
    [seg(`in flight ${net.inFlight.size}`, { bold: true }), seg(` · sent ${net.sent} · dup ${net.duplicated} · delivered ${net.delivered} · dropped ${net.dropped} · timeouts ${net.timeouts}`)],
    [seg(`drops by reason: ${drops === '' ? 'none' : drops}`, { dim: true })],
    links.length === 0 && net.isolated.length === 0
      ? [seg('✓ all links up', { color: 'green' })]
      : [
          seg('✗ cut: ', { color: 'red', bold: true }),
          seg(links.length === 0 ? 'none' : links.join(' '), { color: 'red' }),
          seg(net.isolated.length === 0 ? '' : ` · isolated: ${net.isolated.join(' ')}`, { color: 'red' }),
        ],
    settingsLine(net),
    [seg(`${padStart('id', 6)} ${pad('from→to', 13)} ${pad('type', 4)} ${pad('channel', 20)} ${padStart('sent', 7)} ${padStart('due', 7)} ${padStart('bytes', 6)}`, { bold: true })],
  ];
  const msgs = [...net.inFlight.values()].sort((a, b) => a.dueT - b.dueT || a.id - b.id);
  if (msgs.length === 0) lines.push([seg('  (nothing in flight)', { dim: true })]);
  const room = Math.max(1, height - lines.length);
  const sel = Math.max(0, Math.min(cursor, msgs.length - 1));
  const first = Math.max(0, Math.min(sel - Math.floor(room / 2), msgs.length - room));
  msgs.slice(first, first + room).forEach((m, i) => {
    const text = `${padStart(`#${m.id}`, 6)} ${pad(`${m.from}→${m.to}`, 13)} ${pad(m.type, 4)} ${pad(m.channel.replace(/^rpc:/, ''), 20)} ${padStart(String(m.sentT), 7)} ${padStart(String(m.dueT), 7)} ${padStart(String(m.bytes), 6)}${m.of > 0 ? ` dup of #${m.of}` : ''}`;
    const line: Line = [seg(text, { color: m.type === 'req' ? undefined : 'cyan' })];
    lines.push(focused && first + i === sel ? highlight(line, width) : line);
  });
  if (first + room < msgs.length) lines[lines.length - 1] = [seg(`  ↓ ${msgs.length - first - room + 1} more`, { dim: true })];
  return lines.slice(0, height);
}

export function NetworkPane(props: NetworkPaneProps) {
  return <Lines lines={networkLines(props)} width={props.width} height={props.height} />;
}

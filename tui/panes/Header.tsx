// The header: scenario, seed, profile, step i/N, virtual time, trace hash; then every node's
// clock (its skew from global time) and the run's phase and outcome.
import React from 'react';
import type { RunMeta } from '../model/traceIndex';
import { clockSkewMs, type View } from '../model/view';
import { signedMs, timeLabel } from '../text';
import { Lines, seg, type Line } from '../ui/Lines';

export interface HeaderProps {
  readonly view: View;
  readonly meta: RunMeta;
  readonly step: number;
  readonly width: number;
}

export function headerLines({ view, meta, step, width }: HeaderProps): Line[] {
  const hashRoom = width >= 160 ? 64 : width >= 100 ? 16 : 8;
  const top: Line = [
    seg(' awsim ', { inverse: true, bold: true }),
    seg(` ${meta.scenario}`, { bold: true }),
    seg(` seed ${meta.seed} ${meta.profile}`),
    seg(' │ '),
    seg(`step ${step}/${meta.lastStep}`, { bold: true }),
    seg(' │ '),
    seg(`t=${timeLabel(view.timeMs)}`, { bold: true }),
    seg(' │ '),
    seg(`hash ${meta.traceHash.slice(0, hashRoom)}`, { dim: true }),
  ];
  const clocks = view.nodes.map((n) => `${n.id}${n.up || n.incarnation === 0 ? '' : '(down)'} ${signedMs(clockSkewMs(n, view.timeMs))}`).join('  ');
  const outcome = meta.status === 'pass' ? seg('✓ run passes', { color: 'green' }) : seg(`✗ run: ${meta.status} (${meta.violations.length})`, { color: 'red', bold: true });
  const second: Line = [seg(` ${view.phase}`, { color: view.phase === 'heal' ? 'green' : 'magenta' }), seg(' │ '), outcome, seg(' │ clocks ', { dim: true }), seg(clocks === '' ? '-' : clocks)];
  return [top, second];
}

export function Header(props: HeaderProps) {
  return <Lines lines={headerLines(props)} width={props.width} height={2} />;
}

// The timeline picture: one lane per node (plus a lane for global faults) over virtual time,
// messages as arrows from sender to receiver, node down periods shaded, faults, crashes,
// restarts and violations marked. Every time-placed element carries `data-t1` (and `data-t2`)
// so the page's script can re-place it when zooming; every mark links to its trace line.
import type { TimelineMark, TimelineModel } from './timelineModel';

export const LABEL_W = 96;
export const LANE_H = 30;
const TOP = 26;
/** Arrows drawn at most; the rest are counted in a note. */
export const ARROWS_MAX = 6000;

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

/** Pixels per virtual ms that fit the run into about 1400 px (zoom changes it). */
export function defaultScale(endT: number): number {
  return Math.min(4, Math.max(0.005, 1400 / Math.max(1, endT)));
}

/** A tick step (1, 2 or 5 × 10^k ms) giving about ten ticks. */
export function tickStepMs(endT: number): number {
  const raw = Math.max(1, endT / 10);
  const p = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((m) => m * p).find((s) => s >= raw) ?? 10 * p;
}

const GLYPH: Record<TimelineMark['kind'], string> = { fault: '⚡', crash: '✕', restart: '↻', net: '‖', heal: '✚', clock: '⏱', disk: '▣', violation: '!' };

export function renderSvg(m: TimelineModel, px = defaultScale(m.endT)): string {
  const lanes = ['(global)', ...m.nodes];
  const laneOf = (node: string | null): number => (node === null ? 0 : Math.max(0, lanes.indexOf(node)));
  const y = (lane: number): number => TOP + lane * LANE_H + LANE_H / 2;
  const x = (t: number): number => +(LABEL_W + t * px).toFixed(2);
  const height = TOP + lanes.length * LANE_H + 8;
  const width = Math.ceil(x(m.endT) + 40);
  const out: string[] = [];
  out.push(`<svg id="timeline" xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" data-px="${px}" data-end="${m.endT}" data-x0="${LABEL_W}">`);
  out.push('<defs><marker id="arrow" viewBox="0 0 6 6" refX="6" refY="3" markerWidth="6" markerHeight="6" orient="auto-start-reverse"><path d="M0,0 L6,3 L0,6 z" fill="#3a7"/></marker></defs>');
  lanes.forEach((name, i) => {
    out.push(`<rect class="lane${i % 2}" x="0" y="${y(i) - LANE_H / 2}" width="100%" height="${LANE_H}"/>`);
    out.push(`<text class="lane-label" x="6" y="${y(i) + 4}">${escapeHtml(name)}</text>`);
  });
  const tick = tickStepMs(m.endT);
  for (let t = 0; t <= m.endT; t += tick) {
    out.push(`<line class="tick" data-t1="${t}" x1="${x(t)}" x2="${x(t)}" y1="${TOP - 4}" y2="${height - 8}"/>`);
    out.push(`<text class="tick-label" data-t1="${t}" x="${x(t) + 2}" y="${TOP - 8}">${t} ms</text>`);
  }
  for (const d of m.downs) {
    const t2 = d.toT ?? m.endT;
    const lane = laneOf(d.node);
    out.push(`<rect class="down" data-t1="${d.fromT}" data-t2="${t2}" x="${x(d.fromT)}" width="${Math.max(1, x(t2) - x(d.fromT))}" y="${y(lane) - LANE_H / 2 + 3}" height="${LANE_H - 6}"><title>${escapeHtml(d.node)} down ${d.fromT}–${d.toT ?? 'end'} ms</title></rect>`);
  }
  for (const msg of m.messages.slice(0, ARROWS_MAX)) {
    const t2 = msg.endT ?? m.endT;
    const cls = `msg ${msg.outcome}${msg.duplicate ? ' dup' : ''}`;
    const what = `#${msg.id} ${msg.from}→${msg.to} ${msg.label}: sent t=${msg.sendT}, ${msg.outcome === 'in-flight' ? 'in flight at the end' : `${msg.outcome}${msg.reason ? ` (${msg.reason})` : ''} t=${t2}`}`;
    const marker = msg.outcome === 'delivered' ? ' marker-end="url(#arrow)"' : '';
    out.push(`<a href="#L${msg.sendLine}"><line class="${cls}" data-t1="${msg.sendT}" data-t2="${t2}" x1="${x(msg.sendT)}" y1="${y(laneOf(msg.from))}" x2="${x(t2)}" y2="${y(laneOf(msg.to))}"${marker}><title>${escapeHtml(what)}</title></line></a>`);
  }
  for (const mark of m.marks) {
    const lane = laneOf(mark.node);
    const title = `<title>${escapeHtml(`step ${mark.step}, t=${mark.t} ms${mark.node ? `, ${mark.node}` : ''}: ${mark.label}`)}</title>`;
    if (mark.kind === 'violation') {
      out.push(`<a href="#L${mark.line}"><line class="violation" data-t1="${mark.t}" x1="${x(mark.t)}" x2="${x(mark.t)}" y1="${TOP}" y2="${height - 8}">${title}</line>`);
      out.push(`<text class="mark violation" data-t1="${mark.t}" x="${x(mark.t)}" y="${y(lane) + 5}" text-anchor="middle">${GLYPH.violation}${title}</text></a>`);
      continue;
    }
    out.push(`<a href="#L${mark.line}"><text class="mark ${mark.kind}" data-t1="${mark.t}" x="${x(mark.t)}" y="${y(lane) + 5}" text-anchor="middle">${GLYPH[mark.kind]}${title}</text></a>`);
  }
  out.push('</svg>');
  return out.join('\n');
}

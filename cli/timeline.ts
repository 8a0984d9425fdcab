// `timeline.html`: a self-contained page (inline CSS, JS and SVG; no network) written next to
// trace.jsonl and summary.md by every `run`. Lanes per node over virtual time, messages as
// arrows, faults and crashes marked, violations highlighted and linked to their step; below,
// the trace itself with an anchor per line (`#L<i>`) and per step (`#step-<n>`).
import { readFileSync, writeFileSync } from 'node:fs';
import { TIMELINE_CSS, TIMELINE_JS } from './timelineAssets';
import { buildTimeline, type TimelineModel } from './timelineModel';
import { ARROWS_MAX, escapeHtml, renderSvg } from './timelineSvg';

/** Trace rows shown at most; beyond it the page keeps the start, the end and every violation's neighbourhood. */
export const ROWS_MAX = 20_000;
const AROUND_VIOLATION = 200;

function rowsShown(m: TimelineModel): Set<number> | null {
  if (m.raw.length <= ROWS_MAX) return null;
  const keep = new Set<number>();
  for (let i = 0; i < ROWS_MAX * 0.8; i++) keep.add(i);
  for (let i = Math.max(0, m.raw.length - 500); i < m.raw.length; i++) keep.add(i);
  for (const v of m.violations) for (let i = Math.max(0, v.line - AROUND_VIOLATION); i <= Math.min(m.raw.length - 1, v.line + AROUND_VIOLATION); i++) keep.add(i);
  return keep;
}

function rowClass(kind: string, violated: boolean): string {
  if (violated) return 'violation';
  if (kind === 'fault' || kind === 'fault.armed') return 'fault';
  if (kind === 'node.crash') return 'crash';
  if (kind === 'node.restart' || kind === 'node.up') return 'restart';
  return kind.split('.')[0];
}

function traceTable(m: TimelineModel): string {
  const keep = rowsShown(m);
  const violationLines = new Set(m.violations.map((v) => v.line));
  const rows: string[] = [];
  let lastStep = -1;
  let skipped = 0;
  m.lines.forEach((l, i) => {
    if (keep !== null && !keep.has(i)) {
      skipped++;
      return;
    }
    if (skipped > 0) rows.push(`<tr class="omitted"><td colspan="6">… ${skipped} lines omitted (see trace.jsonl) …</td></tr>`);
    skipped = 0;
    const stepAnchor = l.step !== lastStep ? `<a id="step-${l.step}"></a>` : '';
    lastStep = l.step;
    const data = l.data === undefined ? '' : JSON.stringify(l.data);
    rows.push(
      `<tr id="L${l.i}" class="${rowClass(l.kind, violationLines.has(l.i))}" data-node="${escapeHtml(l.node ?? '')}" data-kind="${escapeHtml(l.kind)}"><td>${stepAnchor}<a href="#L${l.i}">${l.i}</a></td><td><a href="#step-${l.step}">${l.step}</a></td><td>${l.t}</td><td>${escapeHtml(l.node ?? '')}</td><td>${escapeHtml(l.kind)}</td><td><code>${escapeHtml(data)}</code></td></tr>`,
    );
  });
  if (skipped > 0) rows.push(`<tr class="omitted"><td colspan="6">… ${skipped} lines omitted …</td></tr>`);
  return `<table id="trace"><thead><tr><th>line</th><th>step</th><th>t (ms)</th><th>node</th><th>kind</th><th>data</th></tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table>`;
}

function summary(m: TimelineModel): string {
  const status = m.end === null ? 'unfinished trace' : String(m.end.status);
  const hash = m.end === null ? '' : ` · trace hash <code>${escapeHtml(String(m.end.hash).slice(0, 16))}…</code>`;
  const plan = m.header.planHash === undefined ? '' : ` · plan <code>${escapeHtml(String(m.header.planHash))}</code>`;
  const violations = m.violations.length === 0
    ? '<p class="ok">No invariant violated.</p>'
    : `<ul class="violations">${m.violations.map((v) => `<li><a href="#step-${v.step}">step ${v.step}</a> (<a href="#L${v.line}">line ${v.line}</a>), t=${v.t} ms${v.node ? `, node ${escapeHtml(v.node)}` : ''}: ${escapeHtml(v.label)}</li>`).join('')}</ul>`;
  const capped = m.messages.length > ARROWS_MAX ? `<p class="note">Showing the first ${ARROWS_MAX} of ${m.messages.length} messages.</p>` : '';
  return `<h1>${escapeHtml(m.title)}</h1><p>Result: <b class="status-${escapeHtml(status)}">${escapeHtml(status)}</b> · ${m.steps} steps · ${m.endT} ms virtual time · ${m.nodes.length} nodes · ${m.messages.length} messages${plan}${hash}</p>${violations}${capped}`;
}

const LEGEND = '<p class="legend"><span class="l-msg">→ delivered</span> <span class="l-drop">⇢ dropped</span> <span class="l-flight">⇢ in flight</span> <span class="l-down">▮ node down</span> ⚡ fault ✕ crash ↻ restart ‖ partition/repair ✚ heal ⏱ skew ▣ disk <span class="l-viol">! violation</span></p>';

const CONTROLS = '<div class="controls"><button data-zoom="0.5">−</button><button data-zoom="2">+</button><button data-zoom="fit">fit</button> <label>node <input id="f-node" placeholder="e.g. s1"></label> <label>kind <input id="f-kind" placeholder="e.g. net. or fault"></label> <label><input type="checkbox" id="f-quiet"> hide fs/timer lines</label></div>';

/** The whole page as a string. */
export function renderTimelineHtml(m: TimelineModel): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(`awsim timeline: ${m.title}`)}</title>
<style>${TIMELINE_CSS}</style></head>
<body>
${summary(m)}
${LEGEND}
${CONTROLS}
<div class="scroll">${renderSvg(m)}</div>
<h2>Trace</h2>
${traceTable(m)}
<script>${TIMELINE_JS}</script>
</body></html>
`;
}

/** Reads a trace file and writes its timeline page. */
export function writeTimeline(traceFile: string, htmlFile: string): void {
  const text = readFileSync(traceFile, 'utf8');
  const raw = text.split('\n').filter((l) => l.length > 0);
  writeFileSync(htmlFile, renderTimelineHtml(buildTimeline(raw)));
}

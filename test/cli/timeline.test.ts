import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/sim';
import { renderTimelineHtml, ROWS_MAX } from '../../cli/timeline';
import { buildTimeline } from '../../cli/timelineModel';
import { ARROWS_MAX, tickStepMs } from '../../cli/timelineSvg';

const tmp = () => mkdtempSync(join(tmpdir(), 'awsim-timeline-'));
let dir: string;
let html: string;
let raw: string[];

beforeAll(async () => {
  const out = tmp();
  await main(['run', '--scenario', 'kernel-selftest', '--seed', '1', '--profile', 'original', '--out', out], { out: () => undefined, err: () => undefined });
  dir = join(out, 'kernel-selftest-1-original');
  html = readFileSync(join(dir, 'timeline.html'), 'utf8');
  raw = readFileSync(join(dir, 'trace.jsonl'), 'utf8').trimEnd().split('\n');
});

const kinds = (k: string) => raw.filter((l) => l.includes(`"kind":"${k}"`)).length;

describe('timeline.html of kernel-selftest seed 1 (original, a violation)', () => {
  it('is written by run next to trace.jsonl and summary.md', () => {
    for (const f of ['trace.jsonl', 'summary.md', 'timeline.html']) expect(existsSync(join(dir, f))).toBe(true);
  });

  it('is self-contained: inline style, script and svg, nothing loaded from elsewhere', () => {
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<style>');
    expect(html).toContain('<script>');
    expect(html).toContain('<svg id="timeline"');
    expect(html).not.toMatch(/<(script|link|img|iframe)[^>]+(src|href)=/i);
    expect(html).not.toMatch(/@import|url\((?!#)/);
    expect(html.replace('xmlns="http://www.w3.org/2000/svg"', '')).not.toMatch(/https?:\/\//);
  });

  it('draws one lane per node and one arrow per message, delivered ones with an arrowhead', () => {
    const m = buildTimeline(raw);
    expect(m.nodes).toEqual(['s1', 'w1', 'w2', 'w3']);
    for (const n of m.nodes) expect(html).toMatch(new RegExp(`class="lane-label" x="6" y="\\d+">${n}</text>`));
    expect(m.messages).toHaveLength(kinds('net.send') + kinds('net.dup'));
    expect(m.messages.filter((x) => x.outcome === 'delivered')).toHaveLength(kinds('net.deliver'));
    const ignoredAfterDelivery = m.messages.filter((x) => x.outcome === 'delivered' && x.reason !== undefined).length;
    expect(m.messages.filter((x) => x.outcome === 'dropped')).toHaveLength(kinds('net.drop') - ignoredAfterDelivery);
    expect((html.match(/<line class="msg /g) ?? []).length).toBe(m.messages.length);
    expect((html.match(/marker-end="url\(#arrow\)"/g) ?? []).length).toBe(kinds('net.deliver'));
  });

  it('marks crashes, restarts, partitions and the down period of the crashed node', () => {
    const m = buildTimeline(raw);
    expect(m.marks.filter((x) => x.kind === 'crash')).toHaveLength(kinds('node.crash'));
    expect(m.marks.filter((x) => x.kind === 'restart')).toHaveLength(kinds('node.restart'));
    expect(m.marks.filter((x) => x.kind === 'net')).toHaveLength(kinds('net.partition') + kinds('net.repair'));
    expect(m.downs.length).toBe(kinds('node.crash'));
    expect(html).toContain('class="down"');
  });

  it('highlights the violation and links it to its step and trace line, which have anchors', () => {
    const m = buildTimeline(raw);
    expect(m.violations).toHaveLength(1);
    const v = m.violations[0];
    expect(v.label).toMatch(/^acknowledged-journal-lines-survive: /);
    expect(html).toContain(`<a href="#step-${v.step}">step ${v.step}</a>`);
    expect(html).toContain(`<line class="violation" data-t1="${v.t}"`);
    expect(html).toContain(`<a id="step-${v.step}"></a>`);
    expect(html).toMatch(new RegExp(`<tr id="L${v.line}" class="violation"`));
    for (let i = 0; i < raw.length; i++) expect(html).toContain(`<tr id="L${i}" `);
  });
});

describe('timeline model edge cases', () => {
  it('a trace without messages or an end line still renders, saying it is unfinished', () => {
    const head = '{"i":0,"step":0,"t":0,"node":null,"kind":"header","data":{"format":"awsim-trace/1","seed":"1","scenario":"x<y>","profile":"hardened"}}';
    const page = renderTimelineHtml(buildTimeline([head, '{"i":1,"step":0,"t":0,"node":"n1","kind":"node.add","data":{}}']));
    expect(page).toContain('unfinished trace');
    expect(page).toContain('x&lt;y&gt;');
    expect(page).not.toContain('x<y>');
  });

  it('long traces keep the start, the end and the neighbourhood of violations', () => {
    const lines = [
      '{"i":0,"step":0,"t":0,"node":null,"kind":"header","data":{"format":"awsim-trace/1"}}',
      ...Array.from({ length: ROWS_MAX + 5000 }, (_, k) => `{"i":${k + 1},"step":${k + 1},"t":${k},"node":"n1","kind":"timer"}`),
    ];
    const vLine = ROWS_MAX + 2000;
    lines[vLine] = `{"i":${vLine},"step":${vLine},"t":${vLine - 1},"node":"n1","kind":"check","data":{"invariant":"x","ok":false,"message":"bad"}}`;
    const page = renderTimelineHtml(buildTimeline(lines));
    expect(page).toContain(`<tr id="L${vLine}" class="violation"`);
    expect(page).toContain(`<tr id="L${lines.length - 1}" `);
    expect(page).toMatch(/lines omitted/);
    expect(page).not.toContain(`<tr id="L${ROWS_MAX + 1000}" `);
    expect(ARROWS_MAX).toBeGreaterThan(1000);
  });

  it('ticks come in 1, 2, 5 steps giving about ten ticks', () => {
    expect(tickStepMs(820)).toBe(100);
    expect(tickStepMs(60_000)).toBe(10_000);
    expect(tickStepMs(0)).toBe(1);
  });
});

// Each pane renders the state at a given step (renderToString, 80 columns), over the frozen trace
// of kernel-selftest seed 1 (original): w3 crashes at step 132 losing its unsynced journal,
// partitions at 133-134, and the violation at 139.
import { renderToString } from 'ink';
import React from 'react';
import { describe, expect, it } from 'vitest';
import { readTrace } from '../../cli/traceFile';
import { foldAll } from '../../tui/model/fold';
import { EMPTY_VIEW } from '../../tui/model/view';
import { FilesPane } from '../../tui/panes/FilesPane';
import { FileViewer } from '../../tui/panes/FileViewer';
import { Header } from '../../tui/panes/Header';
import { InvariantsPane } from '../../tui/panes/InvariantsPane';
import { NetworkPane } from '../../tui/panes/NetworkPane';
import { NodesPane } from '../../tui/panes/NodesPane';
import { Timeline } from '../../tui/panes/Timeline';
import { Screen } from '../../tui/Screen';
import { createSession } from '../../tui/session';
import { initialState } from '../../tui/state';
import { NO_FILTER } from '../../tui/model/match';

const fixture = (name: string) => createSession(readTrace(new URL(`./fixtures/${name}.jsonl`, import.meta.url).pathname).lines);
const session = fixture('kernel-selftest-1-original');
/** kernel-selftest seed 32 (hardened): s1 crashes at step 96; w3 crashes at 125 mid-append (torn), again at 168; heal at 188. */
const hardened = fixture('kernel-selftest-32-hardened');
const meta = session.index.meta;
const at = (step: number) => session.viewAt(step);
const draw = (node: React.ReactElement): string => renderToString(node, { columns: 80 });
const pane = { width: 80, height: 13, cursor: 0, focused: true };

describe('panes at given steps (kernel-selftest seed 1, original)', () => {
  it('Header: scenario, seed, profile, step i/N, virtual time, hash, node clocks', () => {
    const out = draw(<Header view={at(100)} meta={meta} step={100} width={80} />);
    expect(out).toMatch(/kernel-selftest seed 1 original │ step 100\/139 │ t=\d+ms │ hash [0-9a-f]{8}/);
    expect(out).toMatch(/clocks s1 -42ms +w1 \+48ms +w2 -80ms +w3 [+-]\d+ms/);
    expect(out).toMatch(/✗ run: safety \(1\)/);
    expect(out).toMatchSnapshot();
  });

  it('Timeline: the steps around the cursor, the cursor marked with >, kind, node and a mark', () => {
    const out = draw(<Timeline session={session} step={135} filter={NO_FILTER} width={80} height={7} />);
    const lines = out.split('\n');
    expect(lines).toHaveLength(7);
    expect(lines[3]).toMatch(/^> 135 /);
    expect(out).toMatch(/133 .* \^ - +fault +partition a=\[w3,s1\] b=\[w1,w2\]/);
    expect(out).toMatch(/132 .* ! w3 +net\.deliver rep s1→w3 counter ok #84 · w3:ack seq=12/);
    expect(draw(<Timeline session={session} step={13} filter={NO_FILTER} width={80} height={7} />)).toMatch(/req w\d→s1 counter\.increment #\d+/);
    expect(out).toMatchSnapshot();
    const end = draw(<Timeline session={session} step={139} filter={NO_FILTER} width={80} height={7} />);
    expect(end).toMatch(/> 139 .* ✗ w3 +fault +restart node=w3 .*VIOLATION/);
  });

  it('Nodes: up/down with a symbol and a word, incarnation, clock skew, files, ops, crashes, decisions', () => {
    const before = draw(<NodesPane view={at(131)} {...pane} />);
    expect(before).toMatch(/● up +w3 #1/);
    const after = draw(<NodesPane view={at(135)} {...pane} />);
    expect(after).toMatch(/○ DOWN w3 #1 .*crashes 1/);
    expect(after).toMatch(/● up +s1 #1 +clock -42ms +files 1/);
    expect(after).toMatch(/apply×\d+ client=/);
    expect(after).toMatch(/ack×\d+ seq=/);
    expect(draw(<NodesPane view={at(0)} {...pane} />)).toMatch(/○ off +s1 #0/);
    expect(after).toMatchSnapshot();
  });

  it('Network: counters, cut links, settings, messages in flight with send and due times', () => {
    const out = draw(<NetworkPane view={at(135)} {...pane} />);
    expect(out).toMatch(/in flight \d+ · sent \d+ · dup \d+ · delivered \d+ · dropped \d+/);
    expect(out).toMatch(/✗ cut: .*s1↔w2/);
    expect(out).toMatch(/latency uniform 1-10ms · loss 1\/35 · dup 1\/16 · timeout 200ms/);
    expect(draw(<NetworkPane view={at(10)} {...pane} />)).toMatch(/✓ all links up/);
    const busy = [...Array(140).keys()].find((s) => at(s).net.inFlight.size > 0) as number;
    const m = [...at(busy).net.inFlight.values()][0];
    expect(draw(<NetworkPane view={at(busy)} {...pane} />)).toMatch(new RegExp(`#${m.id} +${m.from}→${m.to} +${m.type} +${m.channel.replace(/^rpc:/, '')} +${m.sentT} +${m.dueT}`));
    expect(out).toMatchSnapshot();
  });

  it('Files: every node file, its bytes now and after a crash, durable or not', () => {
    const out = draw(<FilesPane view={at(131)} {...pane} />);
    expect(out).toMatch(/s1 +\/data\/counter\.json +\d+ +- +✗ lost on crash/);
    expect(out).toMatch(/w3 +\/data\/acks\.jsonl +497 +- +✗ lost on crash/);
    expect(out).toMatch(/4 files, 4 unsynced/);
    const crashed = draw(<FilesPane view={at(132)} {...pane} />);
    expect(crashed).not.toMatch(/w3 +\/data\/acks\.jsonl/);
    expect(out).toMatchSnapshot();
    const synced = draw(<FilesPane view={hardened.viewAt(124)} {...pane} />);
    expect(synced).toMatch(/w3 +\/data\/acks\.jsonl +539 +539 +✓ synced/);
    expect(synced).toMatch(/4 files, 0 unsynced/);
  });

  it('File viewer: current contents with unsynced lines marked, and the durable version', () => {
    const current = draw(<FileViewer view={at(131)} viewer={{ node: 'w3', path: '/data/acks.jsonl', durable: false, scroll: 0 }} width={80} height={13} />);
    expect(current).toMatch(/w3:\/data\/acks\.jsonl +CURRENT/);
    expect(current).toMatch(/^\+ \{"seq":1,"value":\d+,"clockMs":\d+\}/m);
    const durable = draw(<FileViewer view={at(131)} viewer={{ node: 'w3', path: '/data/acks.jsonl', durable: true, scroll: 0 }} width={80} height={13} />);
    expect(durable).toMatch(/a crash would leave no such file/);
    const synced = draw(<FileViewer view={hardened.viewAt(124)} viewer={{ node: 's1', path: '/data/counter.json', durable: true, scroll: 0 }} width={80} height={13} />);
    expect(synced).toMatch(/DURABLE .*✓ synced/);
    expect(synced).toMatch(/^ {4}"value": \d+,$/m);
  });

  it('File viewer: a torn write leaves a cut-off last line after the crash', () => {
    const text = hardened.viewAt(126).nodes.find((n) => n.id === 'w3');
    expect(text?.up).toBe(false);
    const out = draw(<FileViewer view={hardened.viewAt(126)} viewer={{ node: 'w3', path: '/data/acks.jsonl', durable: false, scroll: 0 }} width={80} height={13} />);
    const last = out.split('\n').filter((l) => l.startsWith('  {')).pop() ?? '';
    expect(last).not.toMatch(/\}$/);
  });

  it('Invariants: each invariant held or violated as of the step, a violation ahead is announced', () => {
    const early = draw(<InvariantsPane view={at(50)} meta={meta} {...pane} />);
    expect(early).toMatch(/acknowledged-journal-lines-survive +safety +✓ ok so far, ✗ at step 139/);
    expect(early).toMatch(/counter-never-goes-backwards +safety +✓ ok so far/);
    const end = draw(<InvariantsPane view={at(139)} meta={meta} {...pane} />);
    expect(end).toMatch(/acknowledged-journal-lines-survive +safety +✗ VIOLATED at step 139/);
    expect(end).toMatch(/w3 recovered 0 journal lines after restart/);
    expect(end).toMatch(/workers-finish +liveness +- skipped/);
    expect(end).toMatch(/counter-never-goes-backwards +safety +✓ held \(final\)/);
    expect(end).toMatchSnapshot();
  });
});

describe('layout (kernel-selftest seed 1, original)', () => {
  it.each([
    [80, 24],
    [100, 30],
    [160, 24],
    [200, 60],
  ])('fits %ix%i at every step: exactly that many lines, none wider', (columns, rows) => {
    for (let step = 0; step <= session.lastStep; step += 9) {
      const ui = { ...initialState(session, step), banner: false, pane: step % 4 };
      const lines = renderToString(<Screen session={session} ui={ui} columns={columns} rows={rows} />, { columns }).split('\n');
      expect(lines.length).toBe(rows);
      for (const l of lines) expect(l.length).toBeLessThanOrEqual(columns);
    }
  });

  it('a large terminal shows all four panes at once', () => {
    const out = renderToString(<Screen session={session} ui={{ ...initialState(session, 135), banner: false }} columns={200} rows={60} />, { columns: 200 });
    for (const title of ['1 Nodes', '2 Network', '3 Files', '4 Invariants']) expect(out).toContain(title);
    expect(out).toMatch(/○ DOWN w3/);
    expect(out).toMatch(/in flight/);
    expect(out).toMatch(/node +path/);
    expect(out).toMatch(/acknowledged-journal-lines-survive/);
  });
});

describe('Nodes pane facts from decision lines (synthetic trace)', () => {
  it('shows lease, dead letters by reason, pending, replay state, policies, governance and cursor', () => {
    const lines = [
      { i: 0, step: 0, t: 0, node: null, kind: 'header', data: { format: 'awsim-trace/1', seed: '1', net: {} } },
      { i: 1, step: 0, t: 0, node: 'w1', kind: 'node.add', data: { skew: { kind: 'fixed', offsetMs: 5 }, anchorMs: 0, disk: {} } },
      { i: 2, step: 1, t: 3, node: 'w1', kind: 'node.up', data: { incarnation: 1 } },
      { i: 3, step: 1, t: 3, node: 'w1', kind: 'decision', data: { op: 'lease', leaseHolder: 'w1', leaseExpiresMs: 1500 } },
      { i: 4, step: 2, t: 9, node: 'w1', kind: 'decision', data: { op: 'replay', deadLetters: { retry_limit_exceeded: 2, capacity_evicted: 1 }, pending: 3, replayState: { streak: 1 } } },
      { i: 5, step: 3, t: 12, node: 'w1', kind: 'decision', data: { op: 'policy', activePolicy: { maxReplayPerRun: 5 }, stablePolicy: { maxReplayPerRun: 4 }, governanceLevel: 'stable', cursor: { seq: 42 } } },
    ];
    const view = foldAll(EMPTY_VIEW, lines);
    const out = draw(<NodesPane view={view} width={80} height={13} cursor={0} focused={false} />);
    expect(out).toMatch(/● up +w1 #1 +clock \+5ms/);
    expect(out).toMatch(/lease holder: w1 · lease expires: 1500/);
    expect(out).toMatch(/dead letters: retry_limit_exceeded=2 capacity_evicted=1/);
    expect(out).toMatch(/policy active: maxReplayPerRun=5/);
    expect(out).toContain('governance: stable');
    expect(out).toMatch(/replay: streak=1/);
    expect(out).toMatch(/cursor: seq=42/);
    expect(out).toMatch(/pending: 3/);
    expect(out).toMatch(/^ +policy activePolicy=/m);
  });
});

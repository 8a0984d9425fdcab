// The app as a person uses it, through ink-testing-library at 80x24, over a frozen trace
// (kernel-selftest seed 1, original profile: 139 steps, w3 crashes at step 132, partitions at
// 133-134, a safety violation at step 139). Each key does what the `?` help says.
import { render } from 'ink-testing-library';
import React from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { readTrace } from '../../cli/traceFile';
import { App } from '../../tui/App';
import { KEY_BINDINGS } from '../../tui/keys';
import { createSession, type Session } from '../../tui/session';
import { cleanup } from 'ink-testing-library';

const FIXTURE = new URL('./fixtures/kernel-selftest-1-original.jsonl', import.meta.url).pathname;
const session: Session = createSession(readTrace(FIXTURE).lines);

const SEQ: Record<string, string> = {
  right: '\u001b[C',
  left: '\u001b[D',
  up: '\u001b[A',
  down: '\u001b[B',
  pagedown: '\u001b[6~',
  pageup: '\u001b[5~',
  home: '\u001b[H',
  end: '\u001b[F',
  enter: '\r',
  esc: '\u001b',
  tab: '\t',
  'shift-tab': '\u001b[Z',
};

const plain = (s: string | undefined): string => (s ?? '').replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '');

interface Opened {
  frame(): string;
  press(...keys: string[]): Promise<string>;
  step(): number;
  quit: ReturnType<typeof vi.fn>;
}

async function open(s: Session = session, initialStep = 0, dismissBanner = true): Promise<Opened> {
  const quit = vi.fn();
  const app = render(<App session={s} initialStep={initialStep} columns={80} rows={24} onQuit={quit} />);
  const frame = (): string => plain(app.lastFrame());
  const step = (): number => Number(/step (\d+)\//.exec(frame())?.[1] ?? -1);
  const press = async (...keys: string[]): Promise<string> => {
    for (const k of keys) {
      const before = app.frames.length;
      app.stdin.write(SEQ[k] ?? k);
      // Ink renders on the next tick; a lone Esc waits for Ink's escape timeout.
      await vi.waitFor(() => expect(app.frames.length).toBeGreaterThan(before), { timeout: 1000, interval: 5 }).catch(() => undefined);
    }
    return frame();
  };
  await vi.waitFor(() => expect(frame()).toMatch(/step \d+\//));
  if (dismissBanner && s.index.meta.violations.length > 0) await press('esc');
  return { frame, press, step, quit };
}

afterEach(() => cleanup());

describe('app over kernel-selftest seed 1 (original), 80x24', () => {
  it('opens on a banner offering the violation; Enter jumps to it', async () => {
    const app = await open(session, 0, false);
    expect(app.frame()).toMatch(/SAFETY VIOLATION +acknowledged-journal-lines-survive/);
    expect(app.frame()).toMatch(/at step 139 · t=820ms · node w3/);
    expect(app.frame()).toMatch(/Enter: jump to it/);
    await app.press('enter');
    expect(app.step()).toBe(139);
    expect(app.frame()).not.toMatch(/Enter: jump to it/);
  });

  it('draws exactly 24 lines of at most 80 columns', async () => {
    const app = await open();
    const lines = app.frame().split('\n');
    expect(lines.length).toBe(24);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(80);
  });

  it('→ l step forward, ← h step back', async () => {
    const app = await open();
    await app.press('right');
    expect(app.step()).toBe(1);
    await app.press('l', 'l');
    expect(app.step()).toBe(3);
    await app.press('left');
    expect(app.step()).toBe(2);
    await app.press('h', 'h', 'h');
    expect(app.step()).toBe(0);
  });

  it('PgDn L forward 100 steps, PgUp H back 100, clamped to the run', async () => {
    const app = await open();
    await app.press('pagedown');
    expect(app.step()).toBe(100);
    await app.press('L');
    expect(app.step()).toBe(139);
    await app.press('pageup');
    expect(app.step()).toBe(39);
    await app.press('H');
    expect(app.step()).toBe(0);
  });

  it('Home 0 first step, End G last step', async () => {
    const app = await open(session, 50);
    await app.press('end');
    expect(app.step()).toBe(139);
    await app.press('home');
    expect(app.step()).toBe(0);
    await app.press('G');
    expect(app.step()).toBe(139);
    await app.press('0');
    expect(app.step()).toBe(0);
  });

  it('g goes to a step, or to a virtual time with t=<ms>', async () => {
    const app = await open();
    expect(await app.press('g')).toMatch(/go to step \(or t=<ms>\): █/);
    await app.press('4', '2', 'enter');
    expect(app.step()).toBe(42);
    await app.press('g', 't', '=', '6', '2', '0', 'enter');
    expect(app.step()).toBe(session.index.stepAtTime(620));
    expect(app.frame()).toMatch(/t=62\dms/);
    expect(await app.press('g', 'x', 'enter')).toMatch(/not a step number: 'x'/);
  });

  it('t goes to the first step at or after a virtual time', async () => {
    const app = await open();
    expect(await app.press('t')).toMatch(/go to virtual time/);
    await app.press('5', '0', '0', 'enter');
    const s = app.step();
    expect(session.index.stepTime[s]).toBeGreaterThanOrEqual(500);
    expect(session.index.stepTime[s - 1]).toBeLessThan(500);
  });

  it('] and [ move to the next and previous step of this step\'s kind, or of the filter', async () => {
    const app = await open(session, 5);
    const kind = session.matcher.eventKind(5);
    await app.press(']');
    expect(app.step()).toBe(session.matcher.next({ node: null, kind }, 5, 1));
    await app.press('[');
    expect(app.step()).toBe(5);
    await app.press('f', ...'w3 node.crash', 'enter', '0', ']');
    expect(app.step()).toBe(132);
    expect(await app.press(']')).toMatch(/no later step with node w3, kind node.crash/);
  });

  it('f filters the timeline by node and kind; an empty filter clears it', async () => {
    const app = await open();
    const frame = await app.press('f', ...'w1 fs.append', 'enter');
    expect(frame).toMatch(/filter: w1 fs\.append/);
    const rows = frame.split('\n').slice(2, 9).filter((l) => /^[> ✗] +\d+ /.test(l));
    for (const r of rows.filter((l) => !l.startsWith('>'))) expect(r).toMatch(/ w1 /);
    expect(await app.press('f', 'enter')).not.toMatch(/filter:/);
    expect(await app.press('f', ...'nobody', 'enter')).toMatch(/no node or kind 'nobody' in this trace/);
    expect(await app.press('f', ...'kind=nobody', 'enter')).toMatch(/filter: nobody/);
    expect(await app.press('f', ...'node=zz', 'enter')).toMatch(/no node 'zz'/);
  });

  it('o cycles the node filter through every node and back to none', async () => {
    const app = await open();
    const seen: string[] = [];
    for (let i = 0; i < 5; i++) seen.push(/filter: (\S+)/.exec(await app.press('o'))?.[1] ?? 'off');
    expect(seen).toEqual(['s1', 'w1', 'w2', 'w3', 'off']);
  });

  it('/ searches the trace text; n and N find the next and previous match', async () => {
    const app = await open();
    const found = await app.press('/', ...'node.restart', 'enter');
    expect(app.step()).toBe(139);
    expect(found).toMatch(/\/node\.restart: w3 node\.restart …/);
    await app.press('0', '/', ...'crash-at-write', 'enter');
    const first = app.step();
    await app.press('n');
    const second = app.step();
    expect(second).toBeGreaterThan(first);
    await app.press('N');
    expect(app.step()).toBe(first);
    expect(await app.press('/', ...'no such text anywhere', 'enter')).toMatch(/no match for 'no such text anywhere'/);
  });

  it('v jumps to the first violation, V to the next (wrapping)', async () => {
    const app = await open();
    await app.press('v');
    expect(app.step()).toBe(139);
    await app.press('0', 'V');
    expect(app.step()).toBe(139);
    expect(app.frame()).toMatch(/✗ VIOLATION|VIOLATION/);
  });

  it('Tab and S-Tab switch panes; 1-4 pick one', async () => {
    const app = await open(session, 135);
    expect(app.frame()).toMatch(/clock/);
    expect(await app.press('tab')).toMatch(/in flight/);
    expect(await app.press('tab')).toMatch(/node +path/);
    expect(await app.press('tab')).toMatch(/acknowledged-journal-lines-survive/);
    expect(await app.press('tab')).toMatch(/clock/);
    expect(await app.press('shift-tab')).toMatch(/acknowledged-journal-lines-survive/);
    expect(await app.press('2')).toMatch(/in flight/);
    expect(await app.press('3')).toMatch(/node +path/);
    expect(await app.press('4')).toMatch(/safety/);
    expect(await app.press('1')).toMatch(/○ DOWN w3/);
  });

  it('↓ j and ↑ k move in the pane, Enter opens the file viewer, d shows durable, Esc closes', async () => {
    const app = await open(session, 120);
    await app.press('3', 'down', 'j', 'k');
    const viewer = await app.press('enter');
    expect(viewer).toMatch(/w1:\/data\/acks\.jsonl +CURRENT/);
    expect(viewer).toMatch(/\+ \{"seq":\d+,/);
    expect(viewer).toMatch(/lines \d+-\d+ of \d+ \(↑ \d+ above\)/);
    const top = Number(/lines (\d+)-/.exec(viewer)?.[1]);
    await app.press('up');
    expect(app.frame()).toMatch(new RegExp(`lines ${top - 1}-`));
    await app.press('down');
    expect(app.frame()).toMatch(new RegExp(`lines ${top}-`));
    const durable = await app.press('d');
    expect(durable).toMatch(/DURABLE \(what a crash keeps\)/);
    expect(durable).toMatch(/a crash would leave no such file/);
    expect(await app.press('d')).toMatch(/CURRENT/);
    expect(await app.press('esc')).toMatch(/node +path/);
  });

  it('Enter on a violated invariant jumps to its step', async () => {
    const app = await open();
    await app.press('4', 'j', 'enter');
    expect(app.step()).toBe(139);
  });

  it('? shows every key; Esc or ? closes the help', async () => {
    const app = await open();
    const help = await app.press('?');
    expect(help).toMatch(/awsim tui — keys/);
    for (const b of KEY_BINDINGS.filter((x) => x.label !== undefined)) {
      expect(help).toContain(b.what);
      expect(help).toContain(b.label);
    }
    expect(await app.press('?')).not.toMatch(/awsim tui — keys/);
    await app.press('?');
    expect(await app.press('esc')).not.toMatch(/awsim tui — keys/);
  });

  it('q quits', async () => {
    const app = await open();
    await app.press('q');
    await vi.waitFor(() => expect(app.quit).toHaveBeenCalledTimes(1));
  });

  it('a terminal under 80x24 gets a message asking for more room', async () => {
    const small = render(<App session={session} columns={70} rows={20} />);
    expect(plain(small.lastFrame())).toMatch(/needs a terminal of at least 80x24; this one is 70x20/);
  });
});

describe('stepping is reversible (kernel-selftest seed 1, original)', () => {
  it('stepping back then forward returns the same frame, at every step', async () => {
    const app = await open();
    const forward: string[] = [app.frame()];
    for (let s = 1; s <= 40; s++) forward.push(await app.press('right'));
    for (let s = 39; s >= 0; s--) expect(await app.press('left')).toBe(forward[s]);
    expect(await app.press('pagedown', 'pageup')).toBe(forward[0]);
    await app.press('g', '3', '7', 'enter');
    expect(app.frame()).toBe(forward[37]);
  });
});

import { describe, expect, it } from 'vitest';
import { createScheduler } from '../../sim/scheduler';

describe('scheduler', () => {
  it('runs events in (time, sequence) order', async () => {
    const s = createScheduler();
    const seen: string[] = [];
    s.schedule(10, 'x', () => seen.push('b'));
    s.schedule(5, 'x', () => seen.push('a'));
    s.schedule(10, 'x', () => seen.push('c'));
    s.schedule(0, 'x', () => seen.push('first'));
    await s.run();
    expect(seen).toEqual(['first', 'a', 'b', 'c']);
    expect(s.nowMs).toBe(10);
  });

  it('async code sees the virtual time of the event that woke it, however deep its await chain', async () => {
    const s = createScheduler();
    const seen: number[] = [];
    const deep = async (n: number): Promise<number> => (n === 0 ? 0 : 1 + (await deep(n - 1)));
    const proc = async () => {
      for (let i = 0; i < 5; i++) {
        await s.sleep(7);
        await deep(40);
        seen.push(s.nowMs);
      }
    };
    void proc();
    s.schedule(100, 'other', () => undefined);
    await s.run();
    expect(seen).toEqual([7, 14, 21, 28, 35]);
  });

  it('step() runs exactly one event and reports it; nothing left means ran=false', async () => {
    const s = createScheduler();
    s.schedule(3, 'hello', () => undefined, undefined, null, 'n1', { x: 1 });
    const r = await s.step();
    expect(r).toEqual({ ran: true, index: 1, timeMs: 3, node: 'n1', kind: 'hello', data: { x: 1 } });
    const idle = await s.step();
    expect(idle.ran).toBe(false);
  });

  it('run stops at a step limit, a time limit, or quiescence', async () => {
    const s = createScheduler();
    let ticks = 0;
    const loop = async () => {
      for (;;) {
        await s.sleep(10);
        ticks++;
      }
    };
    void loop();
    expect((await s.run({ maxSteps: 5 })).reason).toBe('step-limit');
    expect(ticks).toBe(5);
    const r = await s.run({ untilMs: 100 });
    expect(r.reason).toBe('time-limit');
    expect(r.timeMs).toBe(100);
    const q = createScheduler();
    q.schedule(1, 'x', () => undefined);
    expect((await q.run()).reason).toBe('quiescent');
  });

  it('stop() and afterStep end a run after the current step', async () => {
    const s = createScheduler();
    for (let i = 0; i < 10; i++) s.schedule(i, 'x', () => (i === 3 ? s.stop() : undefined));
    expect(await s.run()).toMatchObject({ reason: 'stopped', steps: 4 });
    expect(await s.run({}, () => s.steps >= 6)).toMatchObject({ reason: 'stopped', steps: 6 });
  });

  it('events of a dead owner are dropped, never run, and do not count as steps', async () => {
    const s = createScheduler();
    const owner = { id: 'n1', alive: true };
    let resumed = false;
    void (async () => {
      await s.sleep(10, owner);
      resumed = true;
    })();
    s.schedule(5, 'crash', () => {
      owner.alive = false;
    });
    const r = await s.run();
    expect(resumed).toBe(false);
    expect(r.steps).toBe(1);
    expect(s.droppedEvents).toBe(1);
  });

  it('cancelled events are skipped', async () => {
    const s = createScheduler();
    let ran = false;
    const ev = s.schedule(5, 'x', () => {
      ran = true;
    });
    s.cancel(ev);
    await s.run();
    expect(ran).toBe(false);
    expect(s.steps).toBe(0);
  });

  it('an event scheduled in the past runs now, not earlier', async () => {
    const s = createScheduler();
    const times: number[] = [];
    s.schedule(50, 'x', () => s.schedule(10, 'y', () => times.push(s.nowMs)));
    await s.run();
    expect(times).toEqual([50]);
  });
});

// KeyedMutex (hardened profile): runs on one key never overlap and run in call order, also when a
// run is queued behind one that is queued itself; keys are independent; an idle key keeps no state.
import { describe, expect, it } from 'vitest';
import { KeyedMutex } from '../../../core/replay/hardened/mutex';

/** A run that logs its start and end and finishes only when the test says so. */
function gatedRun(log: string[], name: string) {
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const fn = async () => {
    log.push(`${name} start`);
    await gate;
    log.push(`${name} end`);
    return name;
  };
  return { fn, open };
}

const settle = async () => {
  for (let i = 0; i < 10; i += 1) await Promise.resolve();
};

describe('KeyedMutex', () => {
  it('a run that arrives while the second of two queued runs is going waits for it', async () => {
    const mutex = new KeyedMutex();
    const log: string[] = [];
    const [a, b, c] = ['a', 'b', 'c'].map((n) => gatedRun(log, n));
    const pa = mutex.run('k', a.fn);
    const pb = mutex.run('k', b.fn);
    await settle();
    a.open();
    await pa;
    await settle();
    const pc = mutex.run('k', c.fn);
    await settle();
    expect(log).toEqual(['a start', 'a end', 'b start']);
    b.open();
    c.open();
    expect(await Promise.all([pb, pc])).toEqual(['b', 'c']);
    expect(log).toEqual(['a start', 'a end', 'b start', 'b end', 'c start', 'c end']);
  });

  it('runs on different keys do not wait for each other', async () => {
    const mutex = new KeyedMutex();
    const log: string[] = [];
    const a = gatedRun(log, 'a');
    const pa = mutex.run('k1', a.fn);
    await expect(mutex.run('k2', async () => 'other')).resolves.toBe('other');
    a.open();
    await pa;
  });

  it('a failing run does not block the next one, and an idle mutex keeps no per-key state', async () => {
    const mutex = new KeyedMutex();
    await expect(mutex.run('k', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    for (let i = 0; i < 5; i += 1) await mutex.run(`key-${i}`, async () => i);
    await expect(mutex.run('k', async () => 'next')).resolves.toBe('next');
    expect(mutex['tails'].size).toBe(0);
  });
});

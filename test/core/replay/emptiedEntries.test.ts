// An empty list deletes the entry (spec A §3 `save_pending`, §5 `replace`), also in memory, and the
// fenced lease service's acquire queue forgets a scope nobody waits on: long-running processes do
// not keep an entry for every key that once had data.
import { describe, expect, it } from 'vitest';
import { AcquireQueue } from '../../../core/replay/hardened/acquireQueue';
import { InMemoryDeadLetterStore, InMemoryRecoveryStore } from '../../../core/replay/stores/memory';
import { alertAt, DL, pendingOf, R } from './support/fixtures';

describe('emptied keys leave no entry behind', () => {
  it('in-memory recovery store: saving [] deletes the queue entry', async () => {
    const store = new InMemoryRecoveryStore();
    await store.savePending('w1', 'n', [pendingOf(alertAt(1))]);
    expect(store['queues'].size).toBe(1);
    await store.savePending(' w1 ', 'n', []);
    expect(store['queues'].size).toBe(0);
    expect(await store.loadPending('w1', 'n')).toEqual([]);
  });

  it('in-memory dead-letter store: replacing with [] deletes the list entry', async () => {
    const store = new InMemoryDeadLetterStore();
    await store.append(DL(R, 1, 1));
    expect(store['deadLetters'].size).toBe(1);
    await store.replace('w1', 'node-a', []);
    expect(store['deadLetters'].size).toBe(0);
    expect(await store.list('w1', 'node-a')).toEqual([]);
  });

  it('acquire queue: a scope whose waiters were granted or lapsed is forgotten', () => {
    const queue = new AcquireQueue();
    queue.refused('w1', 'a', 0, 100);
    queue.refused('w2', 'b', 0, 100);
    expect(queue['byScope'].size).toBe(2);
    queue.granted('w1', 'a');
    expect(queue.waiters('w2', 100)).toEqual([]);
    expect(queue['byScope'].size).toBe(0);
  });
});

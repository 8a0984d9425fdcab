// Spec C §12 examples 29–32: the cursor state store (file and memory), the stateful query and the
// monotonic guard, in both profiles and on both backends.
import { describe, expect, it } from 'vitest';
import { createStoreFiles } from '../../../core/common/storeFiles';
import type { Profile } from '../../../core/ports';
import { InMemoryDrillAlertEventBus } from '../../../core/events/bus/eventBus';
import { queryDrillAlertEventsWithCursorState } from '../../../core/events/cursors/statefulQuery';
import {
  FileSequenceCursorStateStore,
  InMemorySequenceCursorStateStore,
  type SequenceCursorStateStore,
} from '../../../core/events/cursors/sequenceCursorStateStore';
import { KeyedMutex } from '../../../core/replay/hardened/mutex';
import { A, B, BACKENDS, ev, times, W } from './support/fixtures';

const state = (t: number, node: string | null, off: number) => ({
  worldId: W,
  consumerId: 'consumer-a',
  sinceEventAtMs: t,
  sinceNodeId: node,
  sinceNodeEventOffset: off,
});
const PROFILES: readonly Profile[] = ['original', 'hardened'];

describe.each(BACKENDS)('spec C §12 file cursor store ($name)', (backend) => {
  it.each(PROFILES)('example 29: empty directory loads null; save then load is equal (%s)', async (profile) => {
    const { fs, root } = backend.make();
    const store = new FileSequenceCursorStateStore(createStoreFiles(fs, profile), root);
    expect(await store.load(W, 'consumer-a')).toBeNull();
    await store.save(state(1010, B, 3));
    expect(await store.load(W, 'consumer-a')).toEqual(state(1010, B, 3));
  });

  it.each(PROFILES)('example 32: the file guard refuses a rollback and keeps the baseline (%s)', async (profile) => {
    const { fs, root } = backend.make();
    const store = new FileSequenceCursorStateStore(createStoreFiles(fs, profile), root);
    await store.save(state(1000, B, 1));
    await expect(store.save(state(900, A, 0))).rejects.toThrow('cannot rollback');
    expect(await new FileSequenceCursorStateStore(createStoreFiles(fs, profile), root).load(W, 'consumer-a')).toEqual(state(1000, B, 1));
  });
});

describe('spec C §12 example 31: in-memory guard', () => {
  it('allows equal and forward states, refuses a rollback', async () => {
    const store = new InMemorySequenceCursorStateStore();
    await store.save(state(1000, B, 1));
    await store.save(state(1000, B, 1));
    await store.save(state(1000, B, 2));
    await expect(store.save(state(999, A, 0))).rejects.toThrow('cannot rollback');
  });
});

const stores = (): Array<[string, () => SequenceCursorStateStore]> => [
  ['memory', () => new InMemorySequenceCursorStateStore()],
  ['fake file', () => new FileSequenceCursorStateStore(createStoreFiles(BACKENDS[0].make().fs, 'original'), '/c')],
];

describe.each(PROFILES)('spec C §12 example 30: stateful query (%s)', (profile) => {
  it.each(stores())('pages through with the stored cursor, ignoring later initial arguments (%s store)', async (_name, makeStore) => {
    const bus = new InMemoryDrillAlertEventBus();
    for (const e of [ev(W, A, 1000, 'emitted'), ev(W, A, 1000, 'suppressed_cooldown')]) await bus.publish(W, A, e);
    for (const e of [ev(W, B, 1000, 'suppressed_no_anomaly'), ev(W, B, 1010, 'emitted')]) await bus.publish(W, B, e);
    const store = makeStore();
    const deps = { reader: bus, store, mutex: new KeyedMutex() };
    const call = (initial: [number, string | null, number], maxRecords: number) =>
      queryDrillAlertEventsWithCursorState(
        {
          worldId: W,
          consumerId: 'consumer-a',
          nodeIds: [A, B],
          initialCursor: { sinceEventAtMs: initial[0], sinceNodeId: initial[1], sinceNodeEventOffset: initial[2] },
          outcomes: [],
          maxRecords,
          profile,
        },
        deps,
      );
    const c1 = await call([999, null, 0], 1);
    expect([times(c1.events), c1.nextState]).toEqual([[`${A}@1000:emitted`], state(1000, A, 0)]);
    const c2 = await call([0, null, 0], 1);
    expect([times(c2.events), c2.nextState]).toEqual([[`${A}@1000:suppressed_cooldown`], state(1000, A, 1)]);
    const c3 = await call([0, null, 0], 10);
    expect([times(c3.events), c3.nextState]).toEqual([[`${B}@1000:suppressed_no_anomaly`, `${B}@1010:emitted`], state(1010, B, 1)]);
    expect(await store.load(W, 'consumer-a')).toEqual(state(1010, B, 1));
    const c4 = await call([0, null, 0], 10);
    expect([c4.events, c4.nextState]).toEqual([[], c3.nextState]);
  });
});

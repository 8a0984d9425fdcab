// Exact selections of the priority order (spec A §8.1) and of fair selection (§9.2): ties on every
// key fall back to the input index, the streak S hands a turn to a waiting capacity record (also
// S = 0, where capacity goes first), P carries a missed capacity turn, and one bucket left is
// drained.
import { describe, expect, it } from 'vitest';
import { priorityOrder, selectByPriority } from '../../../core/replay/deadletters/priority';
import { selectFair } from '../../../core/replay/fair/selectFair';
import { C, DL, R } from './support/fixtures';

describe('priority order (§8.1)', () => {
  it('retry-limit first, then attempt descending, dropped_at ascending, input index', () => {
    const dls = [DL(C, 9, 1), DL(R, 1, 9), DL(R, 3, 9), DL(R, 3, 2), DL(R, 1, 9), DL(C, 9, 0), DL(R, 1, 9)];
    expect(priorityOrder(dls)).toEqual([3, 2, 1, 4, 6, 5, 0]);
    expect(selectByPriority(dls, 4)).toEqual([3, 2, 1, 4]);
  });

  it('records equal on every key keep their input order', () => {
    const dls = Array.from({ length: 6 }, () => DL(R, 2, 5));
    expect(priorityOrder(dls)).toEqual([0, 1, 2, 3, 4, 5]);
  });
});

describe('fair selection (§9.2)', () => {
  // Indices 0-2: R records equal on every key; 3-4: C records equal on every key.
  const TIED = [DL(R, 1, 5), DL(R, 1, 5), DL(R, 1, 5), DL(C, 0, 1), DL(C, 0, 1)];

  const CASES: ReadonlyArray<[string, number, number, boolean, number[], boolean]> = [
    ['S = 2: two R, then the waiting C, and so on', 5, 2, false, [0, 1, 3, 2, 4], false],
    ['S = 1: R and C alternate', 5, 1, false, [0, 3, 1, 4, 2], false],
    ['S = 0: every C goes before any R', 5, 0, false, [3, 4, 0, 1, 2], false],
    ['S = 3 with room for 2: R only, so C is preferred next run', 2, 3, false, [0, 1], true],
    ['P: the run starts with C, then R again', 3, 3, true, [3, 0, 1], false],
    ['S larger than the run: all R, then C once R runs out', 5, 9, false, [0, 1, 2, 3, 4], false],
    ['a run of 0 selects nothing and keeps P', 0, 2, true, [], true],
  ];

  it.each(CASES)('%s', (_name, count, streak, prefer, selected, nextPrefer) => {
    expect(selectFair(TIED, count, streak, prefer)).toEqual({ selected, nextPrefer });
  });

  it('each bucket is ordered by attempt descending, dropped_at ascending, index', () => {
    const dls = [DL(R, 1, 9), DL(R, 3, 9), DL(R, 3, 2), DL(R, 1, 9), DL(C, 0, 7), DL(C, 2, 7), DL(C, 0, 3)];
    expect(selectFair(dls, 7, 9, false).selected).toEqual([2, 1, 0, 3, 5, 6, 4]);
  });

  it('records equal on every key keep their input order within a bucket', () => {
    const dls = Array.from({ length: 7 }, () => DL(R, 2, 5));
    expect(selectFair(dls, 7, 9, false).selected).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('only capacity records: they are drained in bucket order', () => {
    const dls = [DL(C, 0, 4), DL(C, 0, 4), DL(C, 1, 9)];
    expect(selectFair(dls, 3, 1, false)).toEqual({ selected: [2, 0, 1], nextPrefer: false });
  });
});

// A crash between any two writes of a governed run (spec B §6 W1-W12, §8.1): the hardened profile
// keeps every invariant after recovery at every crash point; the original profile breaks some.
import { describe, expect, it } from 'vitest';
import { runWithCrash } from './support/crashWorld';

describe('crash between any two writes (store-level injection, 6 governed runs)', () => {
  it('without crashes both profiles keep every invariant', async () => {
    expect((await runWithCrash('original', null)).violations).toEqual([]);
    expect((await runWithCrash('hardened', null)).violations).toEqual([]);
  });

  it('hardened: at every crash point, every invariant holds after every later run', async () => {
    const total = (await runWithCrash('hardened', null)).mutations;
    expect(total).toBeGreaterThan(30);
    for (let k = 1; k <= total; k += 1) {
      const r = await runWithCrash('hardened', k);
      expect(r.crashed, `crash point ${k}`).toBe(true);
      expect(r.violations, `crash point ${k}`).toEqual([]);
    }
  });

  it('original: some crash point leaves a decision without its audit record (spec B §8.1.4, §8.1.9, §8.1.10)', async () => {
    const total = (await runWithCrash('original', null)).mutations;
    const broken: number[] = [];
    for (let k = 1; k <= total; k += 1) if ((await runWithCrash('original', k)).violations.length > 0) broken.push(k);
    expect(broken.length).toBeGreaterThan(0);
  });
});

import { describe, expect, it } from 'vitest';
import { clockReading, createNodeClock, skewAt } from '../../sim/clock';

describe('per-node clocks', () => {
  it('a fixed skew adds its offset to global time', () => {
    expect(clockReading({ kind: 'fixed', offsetMs: -40 }, 0, 1000, 0)).toBe(960);
  });

  it('linear drift grows with time since the anchor', () => {
    const skew = { kind: 'linear', offsetMs: 5, driftPpm: 1000 } as const;
    expect(skewAt(skew, 0, 0)).toBe(5);
    expect(skewAt(skew, 0, 10_000)).toBe(15);
    expect(skewAt(skew, 10_000, 10_000)).toBe(5);
  });

  it('periodic skew is a triangle wave within ±amplitude', () => {
    const skew = { kind: 'periodic', offsetMs: 0, amplitudeMs: 100, periodMs: 400 } as const;
    expect(skewAt(skew, 0, 0)).toBe(-100);
    expect(skewAt(skew, 0, 200)).toBe(100);
    expect(skewAt(skew, 0, 400)).toBe(-100);
    for (let t = 0; t < 2000; t += 7) expect(Math.abs(skewAt(skew, 0, t))).toBeLessThanOrEqual(100);
  });

  it('a step skew jumps at its instant, backwards too', () => {
    const skew = { kind: 'step', offsetMs: 0, atMs: 500, jumpMs: -300 } as const;
    expect(clockReading(skew, 0, 499, 0)).toBe(499);
    expect(clockReading(skew, 0, 500, 0)).toBe(200);
  });

  it('a node clock reads the global time through its model and can be re-skewed', () => {
    let now = 0;
    const c = createNodeClock(() => now, { kind: 'fixed', offsetMs: 10 }, 1000);
    now = 50;
    expect(c.nowMs()).toBe(1060);
    c.setSkew({ kind: 'linear', offsetMs: 0, driftPpm: 500_000 });
    now = 150;
    expect(c.nowMs()).toBe(1000 + 150 + 50);
    expect(() => c.setSkew({ kind: 'periodic', offsetMs: 0, amplitudeMs: 1, periodMs: 0 })).toThrow(/periodMs/);
  });
});

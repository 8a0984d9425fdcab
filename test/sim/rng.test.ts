import { describe, expect, it } from 'vitest';
import { createRng, forkStreams, formatRatio, parseRatio, parseSeed } from '../../sim/rng';

describe('seeded randomness (seed 42)', () => {
  it('the same seed and stream name give the same draws', () => {
    const a = forkStreams('42', ['net', 'disk/n1']);
    const b = forkStreams('42', ['net', 'disk/n1']);
    const draw = (r: { uint32(): number }) => Array.from({ length: 20 }, () => r.uint32());
    expect(draw(a.net)).toEqual(draw(b.net));
    expect(draw(a['disk/n1'])).toEqual(draw(b['disk/n1']));
  });

  it('drawing from one stream never shifts another', () => {
    const a = forkStreams('42', ['net', 'disk']);
    const b = forkStreams('42', ['net', 'disk']);
    for (let i = 0; i < 100; i++) a.disk.uint32();
    expect(Array.from({ length: 10 }, () => a.net.int(1000))).toEqual(Array.from({ length: 10 }, () => b.net.int(1000)));
  });

  it('different seeds and different names give different streams', () => {
    expect(createRng('1').fork('net').uint32()).not.toBe(createRng('2').fork('net').uint32());
    expect(createRng('1').fork('net').uint32()).not.toBe(createRng('1').fork('disk').uint32());
  });

  it('int, between and chance stay in range', () => {
    const r = createRng('42');
    for (let i = 0; i < 1000; i++) {
      const x = r.int(7);
      expect(x >= 0 && x < 7).toBe(true);
      const y = r.between(-3, 3);
      expect(y >= -3 && y <= 3).toBe(true);
    }
    expect(r.chance([0, 5])).toBe(false);
    expect(r.chance([5, 5])).toBe(true);
  });

  it('chance follows the ratio roughly', () => {
    const r = createRng('42');
    let hits = 0;
    for (let i = 0; i < 10000; i++) if (r.chance([3, 10])) hits++;
    expect(hits).toBeGreaterThan(2700);
    expect(hits).toBeLessThan(3300);
  });

  it('ratios print and parse as num/den', () => {
    expect(formatRatio([3, 100])).toBe('3/100');
    expect(parseRatio('3/100')).toEqual([3, 100]);
    expect(parseRatio('1')).toEqual([1, 1]);
    expect(() => parseRatio('5/3', 'lossRatio')).toThrow(/lossRatio/);
    expect(() => parseRatio('0.3')).toThrow(RangeError);
  });

  it('seeds are decimal integers or hex strings such as a git SHA', () => {
    expect(parseSeed('42')).toBe('42');
    expect(parseSeed('007')).toBe('7');
    expect(parseSeed('ff')).toBe('255');
    expect(parseSeed('0x10')).toBe('16');
    expect(parseSeed('52ad553c4f1e2b8ad1e9c3f70b6a2b1c0d9e8f7a')).toMatch(/^\d+$/);
    expect(() => parseSeed('-1')).toThrow(/'-1'/);
    expect(() => parseSeed('abc!')).toThrow(RangeError);
    expect(() => parseSeed('')).toThrow(RangeError);
  });
});

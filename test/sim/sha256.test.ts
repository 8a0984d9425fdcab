import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Sha256, sha256Hex } from '../../sim/sha256';

const ref = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

describe('pure SHA-256', () => {
  it('matches node:crypto on edge lengths and non-ASCII text', () => {
    for (const s of ['', 'abc', 'a'.repeat(55), 'a'.repeat(56), 'a'.repeat(63), 'a'.repeat(64), 'a'.repeat(65), 'héllo ✓ 𝄞', 'x'.repeat(100_000)]) {
      expect(sha256Hex(s)).toBe(ref(s));
    }
  });

  it('hashes incrementally and can be read mid-stream', () => {
    const h = new Sha256();
    const r = createHash('sha256');
    for (let i = 0; i < 3000; i++) {
      const line = `{"i":${i},"d":"${'z'.repeat(i % 131)}"}\n`;
      h.update(line);
      r.update(line);
      if (i % 500 === 0) expect(h.hex()).toBe(r.copy().digest('hex'));
    }
    expect(h.hex()).toBe(r.digest('hex'));
  });
});

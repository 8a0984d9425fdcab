// Determinism is the product: core/ and sim/ may not reach for wall time, real randomness,
// real timers or real I/O, and core/ may import nothing outside itself (design.md).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sourceFiles(p));
    else if (/\.tsx?$/.test(name)) out.push(p);
  }
  return out;
}

const BANNED: ReadonlyArray<readonly [RegExp, string]> = [
  [/\bDate\.now\s*\(/, 'Date.now'],
  [/\bnew\s+Date\s*\(\s*\)/, 'new Date() without an argument'],
  [/\bMath\.random\s*\(/, 'Math.random'],
  [/\bsetTimeout\s*\(/, 'setTimeout'],
  [/\bsetInterval\s*\(/, 'setInterval'],
  [/\bsetImmediate\s*\(/, 'setImmediate'],
  [/\bprocess\.hrtime\b/, 'process.hrtime'],
  [/\bperformance\.now\s*\(/, 'performance.now'],
  [/\bqueueMicrotask\s*\(/, 'queueMicrotask'],
  [/from\s+['"](node:)?(fs|fs\/promises|net|http|https|dgram|child_process|worker_threads|timers|crypto)['"]/, 'real I/O module'],
  [/require\(\s*['"](node:)?(fs|net|http|child_process)['"]\s*\)/, 'real I/O require'],
  [/\bcrypto\.getRandomValues\b|\brandomUUID\b/, 'OS randomness'],
];

// sim/ may hash traces with a pure SHA-256; node:crypto's createHash is deterministic, but to keep
// the rule simple the sim carries its own SHA-256 implementation.

function stripComments(src: string): string {
  return src.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

export function bannedUses(dir: string): string[] {
  const found: string[] = [];
  for (const file of sourceFiles(join(root, dir))) {
    const lines = stripComments(readFileSync(file, 'utf8')).split('\n');
    lines.forEach((line, i) => {
      for (const [re, what] of BANNED) {
        if (re.test(line)) found.push(`${relative(root, file)}:${i + 1} uses ${what}: ${line.trim()}`);
      }
    });
  }
  return found;
}

describe('determinism guard', () => {
  it('core/ uses no wall clock, randomness, timers or real I/O', () => {
    expect(bannedUses('core')).toEqual([]);
  });

  it('sim/ uses no wall clock, randomness, timers or real I/O', () => {
    expect(bannedUses('sim')).toEqual([]);
  });

  it('core/ imports nothing outside core/', () => {
    const escapes: string[] = [];
    for (const file of sourceFiles(join(root, 'core'))) {
      const src = readFileSync(file, 'utf8');
      for (const m of src.matchAll(/from\s+['"]([^'"]+)['"]/g)) {
        const spec = m[1];
        if (!spec.startsWith('.')) {
          escapes.push(`${relative(root, file)} imports package ${spec}`);
          continue;
        }
        const target = resolve(dirname(file), spec);
        if (!target.startsWith(join(root, 'core'))) escapes.push(`${relative(root, file)} imports ${spec}`);
      }
    }
    expect(escapes).toEqual([]);
  });

  it('the scanner itself catches a banned call (it can fail)', () => {
    const line = 'const t = Date.now();';
    expect(BANNED.some(([re]) => re.test(line))).toBe(true);
    expect(BANNED.some(([re]) => re.test('const d = new Date(ms);'))).toBe(false);
  });
});

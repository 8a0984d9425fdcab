// The core's small shared helpers: POSIX path handling (stores build every file path with it),
// Rust-style saturating arithmetic, and the error classes' names (messages print them).
import { describe, expect, it } from 'vitest';
import { IoError, SerdeError, ValidationError } from '../../../core/common/errors';
import { basename, dirname, joinPath, normalizePath } from '../../../core/common/paths';
import { I64_MAX, I64_MIN, idiv, satAdd, satAddI64, satMul, satSub, satSubI64, USIZE_MAX } from '../../../core/common/saturating';

describe('paths', () => {
  it('joinPath skips empty parts and normalises the result', () => {
    expect(joinPath('/data', '', 'w1', 'n1.json')).toBe('/data/w1/n1.json');
    expect(joinPath('', 'a', 'b')).toBe('a/b');
    expect(joinPath('/data/', './x', '../y')).toBe('/data/y');
  });

  it('normalizePath drops "." and empty segments and resolves ".." without leaving the root', () => {
    expect(normalizePath('/a//b/./c/')).toBe('/a/b/c');
    expect(normalizePath('/a/b/../../..')).toBe('/');
    expect(normalizePath('/../etc')).toBe('/etc');
    expect(normalizePath('a/../../b')).toBe('../b');
    expect(normalizePath('../../x')).toBe('../../x');
    expect(normalizePath('a/..')).toBe('.');
    expect(normalizePath('')).toBe('.');
    expect(normalizePath('.')).toBe('.');
  });

  it('dirname and basename', () => {
    expect(dirname('/data/w1/n1.json')).toBe('/data/w1');
    expect(dirname('/top')).toBe('/');
    expect(dirname('file')).toBe('.');
    expect(dirname('rel/file')).toBe('rel');
    expect(basename('/data/w1/n1.json')).toBe('n1.json');
    expect(basename('/data/w1/')).toBe('w1');
    expect(basename('file')).toBe('file');
  });
});

describe('saturating arithmetic', () => {
  it('usize operations floor at 0 and cap at USIZE_MAX', () => {
    expect(satSub(1, 2)).toBe(0);
    expect(satSub(5, 2)).toBe(3);
    expect(satAdd(USIZE_MAX, 1)).toBe(USIZE_MAX);
    expect(satAdd(2, 3)).toBe(5);
    expect(satMul(USIZE_MAX, 2)).toBe(USIZE_MAX);
    expect(satMul(3, 4)).toBe(12);
  });

  it('i64 operations clamp at both ends', () => {
    expect(satSubI64(I64_MIN, 1)).toBe(I64_MIN);
    expect(satAddI64(I64_MAX, 1)).toBe(I64_MAX);
    expect(satSubI64(1, 3)).toBe(-2);
    expect(idiv(7, 2)).toBe(3);
    expect(idiv(-7, 2)).toBe(-3);
  });
});

describe('error classes', () => {
  it('carry their spec names', () => {
    expect(new ValidationError('r').name).toBe('ValidationError');
    expect(new ValidationError('r').reason).toBe('r');
    expect(new IoError('m', '/p', 'EIO')).toMatchObject({ name: 'IoError', path: '/p', code: 'EIO' });
    expect(new SerdeError('m', '/p')).toMatchObject({ name: 'SerdeError', path: '/p' });
  });
});

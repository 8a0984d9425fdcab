// How StoreFiles puts bytes on disk in each profile: the exact syscalls (order matters for crash
// safety), the error each failure becomes, and how hardened redoes a failed fsync before it
// trusts a path again. Operation logs come from the replay tests' MemoryFs.
import { describe, expect, it } from 'vitest';
import { IoError, SerdeError } from '../../../core/common/errors';
import { createStoreFiles, jsonLines, numberedJsonLines, parseJson, toIoError } from '../../../core/common/storeFiles';
import { FsError, type FsErrorCode } from '../../../core/ports';
import { MemoryFs } from '../replay/support/memoryFs';

/** MemoryFs whose next calls of one op on one path fail with a code (or throw a non-Error). */
class FaultyFs extends MemoryFs {
  private readonly faults: { op: string; path: string; fail: FsErrorCode | string; times: number }[] = [];

  failNext(op: string, path: string, fail: FsErrorCode | string, times = 1): void {
    this.faults.push({ op, path, fail, times });
  }

  private maybeFail(op: string, path: string): void {
    const f = this.faults.find((x) => x.op === op && x.path === path && x.times > 0);
    if (f === undefined) return;
    f.times -= 1;
    this.ops.push(`${op} ${path} !${f.fail}`);
    if (f.fail.startsWith('E')) throw new FsError(f.fail as FsErrorCode, op, path);
    throw f.fail; // a non-Error rejection, as a foreign adapter might produce
  }

  override async readFile(path: string): Promise<string> {
    this.maybeFail('readFile', path);
    return super.readFile(path);
  }
  override async writeFile(path: string, data: string): Promise<void> {
    this.maybeFail('writeFile', path);
    return super.writeFile(path, data);
  }
  override async appendFile(path: string, data: string): Promise<void> {
    this.maybeFail('appendFile', path);
    return super.appendFile(path, data);
  }
  override async unlink(path: string): Promise<void> {
    this.maybeFail('unlink', path);
    return super.unlink(path);
  }
  override async stat(path: string): Promise<import('../../../core/ports').FileStat> {
    this.maybeFail('stat', path);
    return super.stat(path);
  }
  override async fsync(path: string): Promise<void> {
    this.maybeFail('fsync', path);
    return super.fsync(path);
  }
  override async mkdir(path: string, options?: { recursive?: boolean }): Promise<void> {
    this.maybeFail('mkdir', path);
    return super.mkdir(path, options);
  }

  /** The ops logged since `mark`, e.g. `fs.since(m)` after `const m = fs.ops.length`. */
  since(mark: number): string[] {
    return this.ops.slice(mark);
  }
}

async function seeded(): Promise<FaultyFs> {
  const fs = new FaultyFs();
  await fs.mkdir('/d', { recursive: true });
  await fs.writeFile('/d/f', 'a\n');
  return fs;
}

describe('jsonLines', () => {
  it('original keeps a non-blank unterminated last line; hardened drops it as a torn append', () => {
    expect(jsonLines('{"a":1}\n{"b"', 'original')).toEqual(['{"a":1}', '{"b"']);
    expect(jsonLines('{"a":1}\n{"b"', 'hardened')).toEqual(['{"a":1}']);
  });

  it('skips blank lines and a blank tail, and strips a CR before the newline', () => {
    expect(jsonLines('x\r\n\n  \ny\r\n   ', 'original')).toEqual(['x', 'y']);
    expect(jsonLines('x\r\ny\r\n', 'hardened')).toEqual(['x', 'y']);
    expect(jsonLines('\rx\n', 'original')).toEqual(['\rx']);
  });
});

describe('numberedJsonLines', () => {
  it('numbers lines as they are in the file, blank lines included, so an error names the right line', () => {
    expect(numberedJsonLines('a\n\n  \nb\r\nc', 'original')).toEqual([
      { text: 'a', lineNo: 1 },
      { text: 'b', lineNo: 4 },
      { text: 'c', lineNo: 5 },
    ]);
    expect(numberedJsonLines('a\n\nb\nc', 'hardened')).toEqual([
      { text: 'a', lineNo: 1 },
      { text: 'b', lineNo: 3 },
    ]);
  });

  it('readNumberedLines reads them from a file (none for a missing file)', async () => {
    const fs = await seeded();
    await fs.writeFile('/d/log', '{"a":1}\n\n{"b":2}\n');
    const files = createStoreFiles(fs, 'hardened');
    expect(await files.readNumberedLines('/d/log')).toEqual([
      { text: '{"a":1}', lineNo: 1 },
      { text: '{"b":2}', lineNo: 3 },
    ]);
    expect(await files.readNumberedLines('/d/none')).toEqual([]);
  });
});

describe('parseJson and toIoError', () => {
  it('a file that is not JSON is a SerdeError naming the file', () => {
    expect(parseJson('{"a":[1]}', '/p')).toEqual({ a: [1] });
    const e = (() => {
      try {
        parseJson('{"a":', '/store/x.json');
      } catch (err) {
        return err;
      }
    })();
    expect(e).toBeInstanceOf(SerdeError);
    expect((e as SerdeError).message).toMatch(/^cannot decode \/store\/x\.json: /);
    expect((e as SerdeError).path).toBe('/store/x.json');
  });

  it('an FsError becomes an IoError with op, path and code; a non-Error becomes an IoError too; other Errors pass', () => {
    const io = toIoError(new FsError('ENOSPC', 'write', '/x'), 'append', '/x');
    expect(io).toBeInstanceOf(IoError);
    expect(io.message).toBe('append failed for /x: ENOSPC');
    expect((io as IoError).code).toBe('ENOSPC');
    const odd = toIoError('boom', 'read', '/y');
    expect(odd).toBeInstanceOf(IoError);
    expect(odd.message).toBe('read failed for /y: boom');
    const plain = new TypeError('bug');
    expect(toIoError(plain, 'read', '/y')).toBe(plain);
    expect(new IoError('m').name).toBe('IoError');
  });
});

describe('StoreFiles syscalls per profile', () => {
  it('original writes a document in place and appends JSON and newline as two writes, never fsyncing', async () => {
    const fs = await seeded();
    const files = createStoreFiles(fs, 'original');
    const m = fs.ops.length;
    await files.writeDocument('/d/g', 'doc');
    await files.appendLine('/d/f', '{"x":1}');
    await files.removeIfExists('/d/g');
    expect(fs.since(m)).toEqual(['mkdir /d', 'writeFile /d/g', 'mkdir /d', 'appendFile /d/f', 'appendFile /d/f', 'unlink /d/g']);
    expect(fs.files.get('/d/f')).toBe('a\n{"x":1}\n');
  });

  it('hardened writes temp, fsyncs it, renames, fsyncs the directory; appends once and fsyncs file then directory', async () => {
    const fs = await seeded();
    const files = createStoreFiles(fs, 'hardened');
    const m = fs.ops.length;
    await files.writeDocument('/d/g', 'doc');
    await files.appendLine('/d/f', '{"x":1}');
    await files.removeIfExists('/d/g');
    expect(fs.since(m)).toEqual([
      'stat /d',
      'writeFile /d/g.tmp',
      'fsync /d/g.tmp',
      'rename /d/g.tmp',
      'fsync /d',
      'stat /d',
      'readFile /d/f',
      'appendFile /d/f',
      'fsync /d/f',
      'fsync /d',
      'unlink /d/g',
      'fsync /d',
    ]);
    expect(fs.files.get('/d/f')).toBe('a\n{"x":1}\n');
  });

  it('hardened creates missing directories and fsyncs each parent, shallowest first, never statting the root', async () => {
    const fs = new FaultyFs();
    const files = createStoreFiles(fs, 'hardened');
    await files.ensureDir('/a/b');
    expect(fs.ops).toEqual(['stat /a/b', 'stat /a', 'mkdir /a/b', 'fsync /', 'fsync /a']);
    const m = fs.ops.length;
    await files.ensureDir('/a/b');
    expect(fs.since(m)).toEqual(['stat /a/b']);
  });

  it('a relative directory is created up to "." without statting it', async () => {
    const fs = new FaultyFs();
    await createStoreFiles(fs, 'hardened').ensureDir('rel/x');
    expect(fs.ops).toEqual(['stat /rel/x', 'stat /rel', 'mkdir /rel/x', 'fsync /', 'fsync /rel']);
  });

  it('hardened cuts a torn tail before appending, and leaves an empty or complete file alone', async () => {
    const fs = await seeded();
    await fs.writeFile('/d/torn', '{"a":1}\n{"b"');
    await fs.writeFile('/d/empty', '');
    const files = createStoreFiles(fs, 'hardened');
    await files.appendLine('/d/torn', '{"c":3}');
    expect(fs.files.get('/d/torn')).toBe('{"a":1}\n{"c":3}\n');
    const m = fs.ops.length;
    await files.appendLine('/d/empty', '{"e":1}');
    await files.appendLine('/d/f', '{"f":1}');
    expect(fs.since(m).filter((op) => op.startsWith('writeFile') || op.startsWith('rename'))).toEqual([]);
    expect(fs.files.get('/d/empty')).toBe('{"e":1}\n');
  });

  it('readText returns null for a missing file and readLines an empty list', async () => {
    const fs = await seeded();
    for (const profile of ['original', 'hardened'] as const) {
      const files = createStoreFiles(fs, profile);
      expect(await files.readText('/d/none')).toBeNull();
      expect(await files.readLines('/d/none')).toEqual([]);
      expect(await files.readLines('/d/f')).toEqual(['a']);
      await files.removeIfExists('/d/none');
    }
  });
});

describe('StoreFiles failures are IoErrors naming op and path', () => {
  const cases: { name: string; profile: 'original' | 'hardened'; op: string; path: string; run: (f: ReturnType<typeof createStoreFiles>) => Promise<unknown>; message: string }[] = [
    { name: 'read', profile: 'hardened', op: 'readFile', path: '/d/f', run: (f) => f.readText('/d/f'), message: 'read failed for /d/f: EIO' },
    { name: 'stat while creating a directory', profile: 'hardened', op: 'stat', path: '/d/sub', run: (f) => f.ensureDir('/d/sub'), message: 'mkdir failed for /d/sub: EIO' },
    { name: 'original write', profile: 'original', op: 'writeFile', path: '/d/g', run: (f) => f.writeDocument('/d/g', 'x'), message: 'write failed for /d/g: EIO' },
    { name: 'hardened temp write', profile: 'hardened', op: 'writeFile', path: '/d/g.tmp', run: (f) => f.writeDocument('/d/g', 'x'), message: 'write failed for /d/g.tmp: EIO' },
    { name: 'original append', profile: 'original', op: 'appendFile', path: '/d/f', run: (f) => f.appendLine('/d/f', '{}'), message: 'append failed for /d/f: EIO' },
    { name: 'hardened append', profile: 'hardened', op: 'appendFile', path: '/d/f', run: (f) => f.appendLine('/d/f', '{}'), message: 'append failed for /d/f: EIO' },
    { name: 'unlink', profile: 'original', op: 'unlink', path: '/d/f', run: (f) => f.removeIfExists('/d/f'), message: 'unlink failed for /d/f: EIO' },
  ];
  for (const c of cases) {
    it(`${c.name} (${c.profile})`, async () => {
      const fs = await seeded();
      fs.failNext(c.op, c.path, 'EIO');
      const err = await c.run(createStoreFiles(fs, c.profile)).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(IoError);
      expect((err as IoError).message).toBe(c.message);
    });
  }

  it('a failed fsync, redone before a write, fails the write under the document path', async () => {
    const fs = await seeded();
    const files = createStoreFiles(fs, 'hardened');
    fs.failNext('fsync', '/d/f', 'EIO');
    await expect(files.appendLine('/d/f', '{}')).rejects.toThrow('append failed for /d/f: EIO');
    fs.failNext('fsync', '/d/f', 'EIO');
    await expect(files.writeDocument('/d/f', 'x')).rejects.toThrow('write failed for /d/f: EIO');
  });
});

describe('hardened redoes a failed fsync before trusting the path again', () => {
  it('redoes failed fsyncs of the path and its directories, shallowest first, then forgets them', async () => {
    const fs = await seeded();
    const files = createStoreFiles(fs, 'hardened');
    fs.failNext('fsync', '/d/f', 'EIO');
    await expect(files.appendLine('/d/f', '{"x":1}')).rejects.toThrow(IoError);
    fs.failNext('fsync', '/d', 'EIO');
    await expect(files.writeDocument('/d/g', 'doc')).rejects.toThrow(IoError);
    const m = fs.ops.length;
    expect(await files.readText('/d/f')).toBe('a\n{"x":1}\n');
    expect(fs.since(m)).toEqual(['fsync /d', 'fsync /d/f', 'readFile /d/f']);
    const m2 = fs.ops.length;
    await files.readText('/d/f');
    expect(fs.since(m2)).toEqual(['readFile /d/f']);
  });

  it('a failed fsync of one directory is not redone for a sibling whose name shares its prefix', async () => {
    const fs = await seeded();
    await fs.mkdir('/dd', { recursive: true });
    const files = createStoreFiles(fs, 'hardened');
    fs.failNext('fsync', '/d', 'EIO');
    await expect(files.writeDocument('/d/g', 'doc')).rejects.toThrow(IoError);
    const m = fs.ops.length;
    await files.readText('/dd/x');
    await files.readText('/x');
    expect(fs.since(m)).toEqual(['readFile /dd/x', 'readFile /x']);
  });

  it('while the redo still fails, reads and removals fail instead of trusting the page cache', async () => {
    const fs = await seeded();
    const files = createStoreFiles(fs, 'hardened');
    fs.failNext('fsync', '/d', 'EIO', 3);
    await expect(files.writeDocument('/d/g', 'doc')).rejects.toThrow(IoError);
    await expect(files.readText('/d/g')).rejects.toThrow('read failed for /d/g: EIO');
    await expect(files.removeIfExists('/d/g')).rejects.toThrow('unlink failed for /d/g: EIO');
    expect(fs.files.has('/d/g')).toBe(true);
    const m = fs.ops.length;
    await files.removeIfExists('/d/g');
    expect(fs.since(m)).toEqual(['fsync /d', 'unlink /d/g', 'fsync /d']);
  });

  it('a path that vanished (ENOENT on fsync or on the redo) is not redone again', async () => {
    const fs = await seeded();
    const files = createStoreFiles(fs, 'hardened');
    fs.failNext('fsync', '/d/f', 'ENOENT');
    await expect(files.appendLine('/d/f', '{}')).rejects.toThrow(IoError);
    const m = fs.ops.length;
    await files.readText('/d/f');
    expect(fs.since(m)).toEqual(['readFile /d/f']);

    fs.failNext('fsync', '/d/f', 'EIO');
    await expect(files.appendLine('/d/f', '{}')).rejects.toThrow(IoError);
    fs.failNext('fsync', '/d/f', 'ENOENT');
    expect(await files.readText('/d/f')).toContain('{}');
    const m2 = fs.ops.length;
    await files.readText('/d/f');
    expect(fs.since(m2)).toEqual(['readFile /d/f']);
  });

  it('an abandoned temp file whose fsync failed is not redone', async () => {
    const fs = await seeded();
    const files = createStoreFiles(fs, 'hardened');
    fs.failNext('fsync', '/d/g.tmp', 'EIO');
    await expect(files.writeDocument('/d/g', 'doc')).rejects.toThrow('write failed for /d/g.tmp: EIO');
    const m = fs.ops.length;
    await files.readText('/d/g.tmp');
    expect(fs.since(m)).toEqual(['readFile /d/g.tmp']);
  });

  it('original stores over the same disk never redo a fsync a hardened store failed', async () => {
    const fs = await seeded();
    fs.failNext('fsync', '/d', 'EIO');
    await expect(createStoreFiles(fs, 'hardened').writeDocument('/d/g', 'doc')).rejects.toThrow(IoError);
    const original = createStoreFiles(fs, 'original');
    const m = fs.ops.length;
    await original.readText('/d/f');
    await original.removeIfExists('/d/g');
    expect(fs.since(m)).toEqual(['readFile /d/f', 'unlink /d/g']);
  });
});

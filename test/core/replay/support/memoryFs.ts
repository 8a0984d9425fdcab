// A tiny in-memory FileSystem for store tests (the simulator's fake disk models durability and
// faults; here every completed write is simply kept). `crashAfterWrites(k)` makes the k-th
// mutating op and everything after it throw, as if the process died there: what was written
// before stays, nothing after happens. `ops` logs every call for write-order assertions.
import { FsError, type FileStat, type FileSystem } from '../../../../core/ports';

export class CrashError extends Error {
  constructor() {
    super('simulated crash');
    this.name = 'CrashError';
  }
}

const MUTATING = new Set(['writeFile', 'appendFile', 'rename', 'unlink', 'mkdir', 'fsync']);

function norm(path: string): string {
  const out: string[] = [];
  for (const seg of path.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') out.pop();
    else out.push(seg);
  }
  return `/${out.join('/')}`;
}

const parentOf = (p: string): string => (p.lastIndexOf('/') <= 0 ? '/' : p.slice(0, p.lastIndexOf('/')));

export class MemoryFs implements FileSystem {
  readonly files = new Map<string, string>();
  readonly dirs = new Set<string>(['/']);
  readonly ops: string[] = [];
  private writesLeft = Number.POSITIVE_INFINITY;
  private writes = 0;

  /** The next `k` mutating ops succeed; the one after and all later ones throw CrashError. */
  crashAfterWrites(k: number): void {
    this.writesLeft = k;
  }

  /** Back to normal (the "restarted" process). */
  heal(): void {
    this.writesLeft = Number.POSITIVE_INFINITY;
  }

  get mutatingOps(): number {
    return this.writes;
  }

  private op(name: string, path: string): string {
    const p = norm(path);
    if (MUTATING.has(name)) {
      if (this.writesLeft <= 0) throw new CrashError();
      this.writesLeft -= 1;
      this.writes += 1;
    }
    this.ops.push(`${name} ${p}`);
    return p;
  }

  private needParent(p: string, syscall: string): void {
    if (!this.dirs.has(parentOf(p))) throw new FsError('ENOENT', syscall, p);
  }

  async readFile(path: string): Promise<string> {
    const p = this.op('readFile', path);
    const data = this.files.get(p);
    if (data === undefined) throw new FsError(this.dirs.has(p) ? 'EISDIR' : 'ENOENT', 'read', p);
    return data;
  }
  async writeFile(path: string, data: string): Promise<void> {
    const p = this.op('writeFile', path);
    this.needParent(p, 'write');
    this.files.set(p, data);
  }
  async appendFile(path: string, data: string): Promise<void> {
    const p = this.op('appendFile', path);
    this.needParent(p, 'append');
    this.files.set(p, (this.files.get(p) ?? '') + data);
  }
  async rename(from: string, to: string): Promise<void> {
    const a = this.op('rename', from);
    const b = norm(to);
    const data = this.files.get(a);
    if (data === undefined) throw new FsError('ENOENT', 'rename', a);
    this.files.delete(a);
    this.files.set(b, data);
  }
  async unlink(path: string): Promise<void> {
    const p = this.op('unlink', path);
    if (!this.files.delete(p)) throw new FsError('ENOENT', 'unlink', p);
  }
  async mkdir(path: string, options?: { recursive?: boolean }): Promise<void> {
    const p = this.op('mkdir', path);
    if (options?.recursive) {
      let cur = '';
      for (const seg of p.split('/').filter(Boolean)) this.dirs.add((cur = `${cur}/${seg}`));
      return;
    }
    if (this.dirs.has(p)) throw new FsError('EEXIST', 'mkdir', p);
    this.needParent(p, 'mkdir');
    this.dirs.add(p);
  }
  async readdir(path: string): Promise<string[]> {
    const p = this.op('readdir', path);
    const prefix = p === '/' ? '/' : `${p}/`;
    const names = [...this.files.keys(), ...this.dirs].filter((f) => f.startsWith(prefix) && f !== p && !f.slice(prefix.length).includes('/'));
    return names.map((f) => f.slice(prefix.length)).sort();
  }
  async stat(path: string): Promise<FileStat> {
    const p = this.op('stat', path);
    if (this.dirs.has(p)) return { size: 0, isFile: false, isDirectory: true };
    const data = this.files.get(p);
    if (data === undefined) throw new FsError('ENOENT', 'stat', p);
    return { size: Buffer.byteLength(data), isFile: true, isDirectory: false };
  }
  async fsync(path: string): Promise<void> {
    const p = this.op('fsync', path);
    if (!this.files.has(p) && !this.dirs.has(p)) throw new FsError('ENOENT', 'fsync', p);
  }
}

// A tiny in-memory FileSystem for part C's store tests. Every completed operation is durable. A
// test can make the n-th following mutation crash (optionally leaving a torn prefix of that write;
// every later call then fails until `restart()`), or make mutations on matching paths fail with EIO.
import { FsError, type FileStat, type FileSystem } from '../../../../core/ports';

export class CrashError extends Error {
  constructor() {
    super('simulated crash');
    this.name = 'CrashError';
  }
}

export interface MemoryFs extends FileSystem {
  readonly files: Map<string, string>;
  /** Mutations (write, append, rename, unlink) completed or attempted so far. */
  mutations(): number;
  /** The n-th mutation from now (1 = the next) crashes; `torn` keeps that fraction of its data. */
  crashAfter(n: number, torn?: number): void;
  crashed(): boolean;
  /** Mutations whose path contains `fragment` fail with EIO (null turns it off). */
  failMutationsOn(fragment: string | null): void;
  /** A healthy port over the same files (the process restarted). */
  restart(): MemoryFs;
}

const parentOf = (p: string): string => (p.lastIndexOf('/') <= 0 ? '/' : p.slice(0, p.lastIndexOf('/')));

export function createMemoryFs(files = new Map<string, string>(), dirs = new Set<string>(['/'])): MemoryFs {
  let count = 0;
  let crashAt: number | null = null;
  let tornFraction = 0;
  let dead = false;
  let failing: string | null = null;
  const alive = (): void => {
    if (dead) throw new CrashError();
  };
  const mutate = (syscall: string, path: string, apply: (fraction: number) => void): void => {
    alive();
    count += 1;
    if (failing !== null && path.includes(failing)) throw new FsError('EIO', syscall, path);
    if (crashAt !== null && count >= crashAt) {
      dead = true;
      if (tornFraction > 0) apply(tornFraction);
      throw new CrashError();
    }
    apply(1);
  };
  const part = (data: string, f: number): string => data.slice(0, Math.floor(data.length * f));
  const needParent = (p: string, syscall: string): void => {
    if (!dirs.has(parentOf(p))) throw new FsError('ENOENT', syscall, p);
  };
  const fs: MemoryFs = {
    files,
    mutations: () => count,
    crashAfter: (n, torn = 0) => {
      crashAt = count + n;
      tornFraction = torn;
    },
    crashed: () => dead,
    failMutationsOn: (fragment) => {
      failing = fragment;
    },
    restart: () => createMemoryFs(files, dirs),
    async readFile(p) {
      alive();
      const v = files.get(p);
      if (v === undefined) throw new FsError(dirs.has(p) ? 'EISDIR' : 'ENOENT', 'read', p);
      return v;
    },
    async writeFile(p, d) {
      needParent(p, 'write');
      mutate('write', p, (f) => files.set(p, part(d, f)));
    },
    async appendFile(p, d) {
      needParent(p, 'append');
      mutate('append', p, (f) => files.set(p, (files.get(p) ?? '') + part(d, f)));
    },
    async rename(a, b) {
      const v = files.get(a);
      if (v === undefined) throw new FsError('ENOENT', 'rename', a);
      mutate('rename', b, (f) => {
        if (f < 1) return; // a rename is atomic: it happens entirely or not at all
        files.delete(a);
        files.set(b, v);
      });
    },
    async unlink(p) {
      if (!files.has(p)) throw new FsError('ENOENT', 'unlink', p);
      mutate('unlink', p, (f) => {
        if (f === 1) files.delete(p);
      });
    },
    async mkdir(p, options) {
      alive();
      const parts = p.split('/').filter(Boolean);
      let cur = '';
      for (const [i, seg] of parts.entries()) {
        cur = `${cur}/${seg}`;
        if (!dirs.has(cur) && !options?.recursive && i < parts.length - 1) throw new FsError('ENOENT', 'mkdir', p);
        dirs.add(cur);
      }
    },
    async readdir(p) {
      alive();
      if (!dirs.has(p)) throw new FsError('ENOENT', 'readdir', p);
      const names = new Set<string>();
      for (const k of [...files.keys(), ...dirs]) if (parentOf(k) === p && k !== p) names.add(k.slice(p.length + 1));
      return [...names].sort();
    },
    async stat(p): Promise<FileStat> {
      alive();
      if (dirs.has(p)) return { size: 0, isFile: false, isDirectory: true };
      const v = files.get(p);
      if (v === undefined) throw new FsError('ENOENT', 'stat', p);
      return { size: v.length, isFile: true, isDirectory: false };
    },
    async fsync(p) {
      alive();
      if (!files.has(p) && !dirs.has(p)) throw new FsError('ENOENT', 'fsync', p);
    },
  };
  return fs;
}

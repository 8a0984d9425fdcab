// A tiny in-memory FileSystem for the governance store tests (sim/ had no fake fs yet). Every
// completed operation is durable. `crashAfter(n)` makes the n-th following mutation die: the
// process "crashes" there (optionally leaving a torn prefix of that write) and every later call
// fails, until `restart()` hands back a healthy port over the same files.
import { FsError, type FileStat, type FileSystem } from '../../../../core/ports';

export class CrashError extends Error {
  constructor() {
    super('simulated crash');
    this.name = 'CrashError';
  }
}

export interface MemoryFs extends FileSystem {
  readonly files: Map<string, string>;
  readonly dirs: Set<string>;
  /** Mutations (write, append, rename, unlink) completed so far. */
  mutations(): number;
  /** The `n`-th mutation from now (1 = the next) crashes; `torn` keeps half of its data. */
  crashAfter(n: number, torn?: boolean): void;
  crashed(): boolean;
  /** A fresh, healthy port over the same durable files. */
  restart(): MemoryFs;
}

const parentOf = (p: string): string => (p.lastIndexOf('/') <= 0 ? '/' : p.slice(0, p.lastIndexOf('/')));

export function createMemoryFs(files = new Map<string, string>(), dirs = new Set<string>(['/'])): MemoryFs {
  let count = 0;
  let crashAt: number | null = null;
  let torn = false;
  let dead = false;

  const alive = (): void => {
    if (dead) throw new CrashError();
  };
  /** Runs a mutation; on the crash step, optionally applies a torn prefix then dies. */
  const mutate = (apply: (fraction: number) => void): void => {
    alive();
    count += 1;
    if (crashAt !== null && count >= crashAt) {
      dead = true;
      if (torn) apply(0.5);
      throw new CrashError();
    }
    apply(1);
  };
  const needDir = (p: string, syscall: string): void => {
    if (!dirs.has(parentOf(p))) throw new FsError('ENOENT', syscall, p);
  };
  const part = (data: string, fraction: number): string => data.slice(0, Math.floor(data.length * fraction));

  const fs: MemoryFs = {
    files,
    dirs,
    mutations: () => count,
    crashAfter: (n, t = false) => {
      crashAt = count + n;
      torn = t;
    },
    crashed: () => dead,
    restart: () => createMemoryFs(files, dirs),
    readFile: async (p) => {
      alive();
      const v = files.get(p);
      if (v === undefined) throw new FsError(dirs.has(p) ? 'EISDIR' : 'ENOENT', 'read', p);
      return v;
    },
    writeFile: async (p, d) => {
      needDir(p, 'write');
      mutate((f) => files.set(p, part(d, f)));
    },
    appendFile: async (p, d) => {
      needDir(p, 'append');
      mutate((f) => files.set(p, (files.get(p) ?? '') + part(d, f)));
    },
    rename: async (a, b) => {
      if (!files.has(a)) throw new FsError('ENOENT', 'rename', a);
      mutate((f) => {
        if (f < 1) return;
        files.set(b, files.get(a) as string);
        files.delete(a);
      });
    },
    unlink: async (p) => {
      if (!files.has(p)) throw new FsError('ENOENT', 'unlink', p);
      mutate((f) => {
        if (f === 1) files.delete(p);
      });
    },
    mkdir: async (p, o) => {
      alive();
      const chain: string[] = [];
      for (let d = p; d !== '/' && !dirs.has(d); d = parentOf(d)) chain.push(d);
      if (chain.length > 1 && !o?.recursive) throw new FsError('ENOENT', 'mkdir', p);
      for (const d of chain) dirs.add(d);
    },
    readdir: async (p) => {
      alive();
      if (!dirs.has(p)) throw new FsError('ENOENT', 'readdir', p);
      const prefix = p === '/' ? '/' : `${p}/`;
      const names = [...files.keys(), ...dirs]
        .filter((k) => k.startsWith(prefix) && k !== p && !k.slice(prefix.length).includes('/'))
        .map((k) => k.slice(prefix.length));
      return [...new Set(names)].sort();
    },
    stat: async (p): Promise<FileStat> => {
      alive();
      if (dirs.has(p)) return { size: 0, isFile: false, isDirectory: true };
      const v = files.get(p);
      if (v === undefined) throw new FsError('ENOENT', 'stat', p);
      return { size: v.length, isFile: true, isDirectory: false };
    },
    fsync: async (p) => {
      alive();
      if (!files.has(p) && !dirs.has(p)) throw new FsError('ENOENT', 'fsync', p);
    },
  };
  return fs;
}

// The FileSystem port over memfs (an in-memory `node:fs` clone), only to compare the fake disk's
// speed with what a TypeScript user would otherwise reach for. memfs has no durability model, so
// fsync opens and syncs a handle (what a real adapter does) and is otherwise a no-op.
import { Volume } from 'memfs';
import type { FileStat, FileSystem } from '../core/ports';

export function createMemfsFileSystem(): FileSystem {
  const fsp = new Volume().promises;
  return {
    readFile: async (p) => String(await fsp.readFile(p, 'utf8')),
    writeFile: (p, d) => fsp.writeFile(p, d, { encoding: 'utf8' }),
    appendFile: (p, d) => fsp.appendFile(p, d, { encoding: 'utf8' }),
    rename: (a, b) => fsp.rename(a, b),
    unlink: (p) => fsp.unlink(p),
    mkdir: async (p, o) => void (await fsp.mkdir(p, { recursive: o?.recursive ?? false })),
    readdir: async (p) => ((await fsp.readdir(p)) as string[]).map(String).sort(),
    stat: async (p): Promise<FileStat> => {
      const s = await fsp.stat(p);
      return { size: Number(s.size), isFile: s.isFile(), isDirectory: s.isDirectory() };
    },
    fsync: async (p) => {
      // memfs's handle has datasync (its fsync equivalent) in its typings.
      const handle = await fsp.open(p, 'r');
      try {
        await handle.datasync();
      } finally {
        await handle.close();
      }
    },
  };
}

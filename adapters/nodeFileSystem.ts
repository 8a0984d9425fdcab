// The production FileSystem port over `node:fs/promises`: the only real file I/O in awsim.
import { promises as fsp, constants } from 'node:fs';
import { FsError, type FileStat, type FileSystem, type FsErrorCode } from '../core/ports';

const KNOWN: ReadonlySet<string> = new Set(['ENOENT', 'EIO', 'ENOSPC', 'EEXIST', 'EISDIR', 'ENOTDIR', 'ENOTEMPTY', 'EINVAL']);

async function mapped<T>(syscall: string, path: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'EIO';
    throw new FsError((KNOWN.has(code) ? code : 'EIO') as FsErrorCode, syscall, path);
  }
}

export function createNodeFileSystem(): FileSystem {
  return {
    readFile: (p) => mapped('read', p, () => fsp.readFile(p, 'utf8')),
    writeFile: (p, d) => mapped('write', p, () => fsp.writeFile(p, d, 'utf8')),
    appendFile: (p, d) => mapped('append', p, () => fsp.appendFile(p, d, 'utf8')),
    rename: (a, b) => mapped('rename', a, () => fsp.rename(a, b)),
    unlink: (p) => mapped('unlink', p, () => fsp.unlink(p)),
    mkdir: (p, o) => mapped('mkdir', p, async () => void (await fsp.mkdir(p, { recursive: o?.recursive ?? false }))),
    readdir: (p) => mapped('readdir', p, async () => (await fsp.readdir(p)).sort()),
    stat: (p) =>
      mapped('stat', p, async (): Promise<FileStat> => {
        const s = await fsp.stat(p);
        return { size: s.size, isFile: s.isFile(), isDirectory: s.isDirectory() };
      }),
    fsync: (p) =>
      mapped('fsync', p, async () => {
        const handle = await fsp.open(p, constants.O_RDONLY);
        try {
          await handle.sync();
        } finally {
          await handle.close();
        }
      }),
  };
}

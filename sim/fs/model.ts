// The durability model of one node's disk, kept apart from faults and timing (see simFs.ts).
//
//  - File contents live in inodes. `data` is what reads see (the page cache); `durable` is what
//    the disk holds: set to `data` by fsync(file), null if the inode was never synced.
//  - Names live in two namespaces of directories: `live` (what readdir/read see) and `disk`
//    (what survives a crash). A new, renamed or removed entry reaches `disk` only when its
//    directory is fsynced, which copies that directory's entries as a whole, so rename is atomic.
//  - mkdir is durable at once by default (a simplification: stores fsync the file's directory,
//    not the directory's parent); `durable: false` makes it wait for the parent's fsync too.
//  - A crash rebuilds `live` from `disk` by walking from the root, and resets every surviving
//    inode to its durable bytes (or to what `tear` returns, for torn writes).
import { FsError } from '../../core/ports';

export interface Inode {
  readonly id: number;
  data: string;
  bytes: number;
  durable: string | null;
}

export const DIR = 'dir' as const;
export type Entry = Inode | typeof DIR;
type Namespace = Map<string, Map<string, Entry>>;

/** One file as the TUI and checkers see it. `null` means "does not exist there". */
export interface FileView {
  readonly path: string;
  /** What reads return now. */
  readonly current: string | null;
  /** What a crash (without tearing) would leave. */
  readonly durable: string | null;
  /** True when current and durable differ. */
  readonly unsynced: boolean;
}

/** What one file looked like across a crash. */
export interface CrashLoss {
  readonly path: string;
  readonly beforeBytes: number | null;
  readonly afterBytes: number | null;
  readonly torn: boolean;
}

/** Returns what a crash leaves of the file at `path`, whose data differs from its durable bytes. */
export type TearFn = (durable: string, current: string, path: string) => string;

export function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

export function normalizeFsPath(path: string): string {
  const out: string[] = [];
  for (const seg of path.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') out.pop();
    else out.push(seg);
  }
  return `/${out.join('/')}`;
}

function split(path: string): [parent: string, name: string] {
  const i = path.lastIndexOf('/');
  return [i <= 0 ? '/' : path.slice(0, i), path.slice(i + 1)];
}

function childPath(dir: string, name: string): string {
  return dir === '/' ? `/${name}` : `${dir}/${name}`;
}

export class DiskModel {
  private live: Namespace = new Map([['/', new Map()]]);
  private disk: Namespace = new Map([['/', new Map()]]);
  private nextInode = 1;
  /** Bytes of file data reachable from `live` (what a quota counts). */
  usedBytes = 0;

  lookup(path: string): Entry | undefined {
    if (path === '/') return DIR;
    const [parent, name] = split(path);
    return this.live.get(parent)?.get(name);
  }

  private file(path: string, syscall: string): Inode {
    const e = this.lookup(path);
    if (e === undefined) throw new FsError('ENOENT', syscall, path);
    if (e === DIR) throw new FsError('EISDIR', syscall, path);
    return e;
  }

  private parentDir(path: string, syscall: string): Map<string, Entry> {
    const [parent] = split(path);
    const dir = this.live.get(parent);
    if (dir === undefined) {
      throw new FsError(this.lookup(parent) === undefined ? 'ENOENT' : 'ENOTDIR', syscall, path);
    }
    return dir;
  }

  read(path: string): string {
    return this.file(path, 'open').data;
  }

  /** Bytes the disk would hold after writing `data` (replace or append) to `path`. */
  projectedBytes(path: string, data: string, append: boolean): number {
    const e = this.lookup(path);
    const old = e === undefined || e === DIR ? 0 : e.bytes;
    return append ? this.usedBytes + byteLength(data) : this.usedBytes - old + byteLength(data);
  }

  /** Replaces (or appends to) a file's contents, creating it if needed; returns whether it was created. */
  write(path: string, data: string, append: boolean): boolean {
    const syscall = append ? 'appendFile' : 'writeFile';
    const dir = this.parentDir(path, syscall);
    const name = split(path)[1];
    const e = dir.get(name);
    if (e === DIR) throw new FsError('EISDIR', syscall, path);
    const added = byteLength(data);
    if (e === undefined) {
      dir.set(name, { id: this.nextInode++, data, bytes: added, durable: null });
      this.usedBytes += added;
      return true;
    }
    if (append) {
      e.data += data;
      e.bytes += added;
      this.usedBytes += added;
    } else {
      this.usedBytes += added - e.bytes;
      e.data = data;
      e.bytes = added;
    }
    return false;
  }

  rename(from: string, to: string): void {
    const inode = this.file(from, 'rename');
    const toDir = this.parentDir(to, 'rename');
    if (from === to) return;
    const toName = split(to)[1];
    const replaced = toDir.get(toName);
    if (replaced === DIR) throw new FsError('EISDIR', 'rename', to);
    if (replaced !== undefined) this.usedBytes -= replaced.bytes;
    toDir.set(toName, inode);
    this.parentDir(from, 'rename').delete(split(from)[1]);
  }

  unlink(path: string): void {
    const inode = this.file(path, 'unlink');
    this.usedBytes -= inode.bytes;
    this.parentDir(path, 'unlink').delete(split(path)[1]);
  }

  /** Creates a directory; returns the directories actually created (outermost first). */
  mkdir(path: string, recursive: boolean, durable: boolean): string[] {
    const e = this.lookup(path);
    if (e === DIR) {
      if (recursive) return [];
      throw new FsError('EEXIST', 'mkdir', path);
    }
    if (e !== undefined) throw new FsError('EEXIST', 'mkdir', path);
    const [parent, name] = split(path);
    const created: string[] = [];
    if (this.lookup(parent) === undefined) {
      if (!recursive) throw new FsError('ENOENT', 'mkdir', path);
      created.push(...this.mkdir(parent, true, durable));
    }
    this.parentDir(path, 'mkdir').set(name, DIR);
    this.live.set(path, new Map());
    if (durable) {
      if (!this.disk.has(parent)) this.disk.set(parent, new Map());
      this.disk.get(parent)?.set(name, DIR);
      if (!this.disk.has(path)) this.disk.set(path, new Map());
    }
    created.push(path);
    return created;
  }

  readdir(path: string): string[] {
    const dir = this.live.get(path);
    if (dir === undefined) throw new FsError(this.lookup(path) === undefined ? 'ENOENT' : 'ENOTDIR', 'scandir', path);
    return [...dir.keys()].sort();
  }

  /** fsync: a file's bytes become durable, or a directory's entries do. Returns bytes made durable. */
  fsync(path: string): number {
    const e = this.lookup(path);
    if (e === undefined) throw new FsError('ENOENT', 'fsync', path);
    if (e !== DIR) {
      e.durable = e.data;
      return e.bytes;
    }
    this.disk.set(path, new Map(this.live.get(path)));
    return 0;
  }

  /** Forgets everything not durable; `tear` decides what an unsynced inode keeps. */
  crash(tear: TearFn | null): CrashLoss[] {
    const before = this.visibleFiles(this.live);
    const live: Namespace = new Map();
    const torn = new Set<string>();
    let used = 0;
    const walk = (dirPath: string): void => {
      const entries = this.disk.get(dirPath) ?? new Map<string, Entry>();
      live.set(dirPath, new Map(entries));
      for (const [name, e] of [...entries].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) {
        const path = childPath(dirPath, name);
        if (e === DIR) walk(path);
        else if (this.settle(e, tear, path)) torn.add(path);
        if (e !== DIR) used += e.bytes;
      }
    };
    walk('/');
    this.live = live;
    this.usedBytes = used;
    return this.losses(before, this.visibleFiles(live), torn);
  }

  /** Resets an inode to what the disk holds; returns true if `tear` kept more than the durable bytes. */
  private settle(inode: Inode, tear: TearFn | null, path: string): boolean {
    const durable = inode.durable ?? '';
    const kept = tear !== null && inode.data !== durable ? tear(durable, inode.data, path) : durable;
    inode.data = kept;
    inode.durable = kept;
    inode.bytes = byteLength(kept);
    return kept !== durable;
  }

  private losses(before: Map<string, string>, after: Map<string, string>, torn: ReadonlySet<string>): CrashLoss[] {
    const paths = [...new Set([...before.keys(), ...after.keys()])].sort();
    const out: CrashLoss[] = [];
    for (const path of paths) {
      const b = before.get(path);
      const a = after.get(path);
      if (a === b) continue;
      out.push({
        path,
        beforeBytes: b === undefined ? null : byteLength(b),
        afterBytes: a === undefined ? null : byteLength(a),
        torn: torn.has(path),
      });
    }
    return out;
  }

  private visibleFiles(ns: Namespace): Map<string, string> {
    const out = new Map<string, string>();
    for (const [dirPath, entries] of ns) {
      for (const [name, e] of entries) if (e !== DIR) out.set(childPath(dirPath, name), e.data);
    }
    return out;
  }

  /** What a crash without tearing would leave at `path`, or null. */
  durableText(path: string): string | null {
    const [parent, name] = split(path);
    const e = this.disk.get(parent)?.get(name);
    if (e === undefined || e === DIR || !this.reachableOnDisk(parent)) return null;
    return e.durable ?? '';
  }

  private reachableOnDisk(dirPath: string): boolean {
    if (dirPath === '/') return true;
    const [parent, name] = split(dirPath);
    return this.disk.get(parent)?.get(name) === DIR && this.reachableOnDisk(parent);
  }

  currentText(path: string): string | null {
    const e = this.lookup(path);
    return e === undefined || e === DIR ? null : e.data;
  }

  /** Every file that exists now or would exist after a crash, sorted by path. */
  inspect(): FileView[] {
    const live = this.visibleFiles(this.live);
    const paths = new Set(live.keys());
    for (const [dirPath, entries] of this.disk) {
      for (const [name, e] of entries) if (e !== DIR) paths.add(childPath(dirPath, name));
    }
    return [...paths].sort().map((path) => {
      const current = live.get(path) ?? null;
      const durable = this.durableText(path);
      return { path, current, durable, unsynced: current !== durable };
    });
  }

  /** Directories that exist now, sorted. */
  directories(): string[] {
    return [...this.live.keys()].sort();
  }

  /** Directories whose entries a dir fsync would change on disk (a missing disk dir counts as empty). */
  unsyncedDirectories(): string[] {
    return this.directories().filter((path) => {
      const live = this.live.get(path) ?? new Map<string, Entry>();
      const disk = this.disk.get(path) ?? new Map<string, Entry>();
      return live.size !== disk.size || [...live].some(([name, e]) => disk.get(name) !== e);
    });
  }
}

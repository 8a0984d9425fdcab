// One node's disk as the trace tells it, folded immutably: the same durability model as
// `sim/fs/model.ts` (page cache vs durable bytes per inode; live vs on-disk directory entries; a
// directory fsync copies its entries; a crash keeps only what is durable), rebuilt from `fs.*`
// lines. Every function returns a new DiskView and never changes its input, so views can be
// kept as checkpoints. A torn write's kept prefix comes from the crash line's `lost` list.
import type { CrashLoss } from '../../sim/fs/model';
import type { WritebackFlush } from '../../sim/fs/writeback';

export interface InodeView {
  /** What reads see; null when the trace did not carry the written text. */
  readonly data: string | null;
  readonly bytes: number;
  /** Text a crash keeps (null if never fsynced or not carried by the trace). */
  readonly durable: string | null;
  /** Bytes a crash keeps; null when never fsynced (a crash leaves the file empty). */
  readonly durableBytes: number | null;
}

export type EntryRef = number | 'dir';
type Dir = ReadonlyMap<string, EntryRef>;
type Namespace = ReadonlyMap<string, Dir>;

export interface DiskView {
  readonly live: Namespace;
  readonly disk: Namespace;
  readonly inodes: ReadonlyMap<number, InodeView>;
  readonly nextInode: number;
}

export const EMPTY_DISK: DiskView = {
  live: new Map([['/', new Map()]]),
  disk: new Map([['/', new Map()]]),
  inodes: new Map(),
  nextInode: 1,
};

function split(path: string): [parent: string, name: string] {
  const i = path.lastIndexOf('/');
  return [i <= 0 ? '/' : path.slice(0, i), path.slice(i + 1)];
}

export function childPath(dir: string, name: string): string {
  return dir === '/' ? `/${name}` : `${dir}/${name}`;
}

function withEntry(ns: Namespace, dirPath: string, name: string, ref: EntryRef | null): Namespace {
  const dir = new Map(ns.get(dirPath) ?? []);
  if (ref === null) dir.delete(name);
  else dir.set(name, ref);
  return new Map(ns).set(dirPath, dir);
}

function lookup(ns: Namespace, path: string): EntryRef | undefined {
  if (path === '/') return 'dir';
  const [parent, name] = split(path);
  return ns.get(parent)?.get(name);
}

/** Drops inodes no directory entry refers to any more (keeps the map the size of the disk). */
function collect(d: DiskView, candidates: readonly number[]): DiskView {
  const dead = candidates.filter((id) => ![d.live, d.disk].some((ns) => [...ns.values()].some((dir) => [...dir.values()].includes(id))));
  if (dead.length === 0) return d;
  const inodes = new Map(d.inodes);
  for (const id of dead) inodes.delete(id);
  return { ...d, inodes };
}

export function diskWrite(d: DiskView, path: string, data: string | undefined, bytes: number, append: boolean): DiskView {
  const [parent, name] = split(path);
  const ref = d.live.get(parent)?.get(name);
  if (typeof ref !== 'number') {
    const inode: InodeView = { data: data ?? null, bytes, durable: null, durableBytes: null };
    return { ...d, live: withEntry(d.live, parent, name, d.nextInode), inodes: new Map(d.inodes).set(d.nextInode, inode), nextInode: d.nextInode + 1 };
  }
  const old = d.inodes.get(ref) as InodeView;
  const text = data === undefined ? null : append ? (old.data === null ? null : old.data + data) : data;
  const inode: InodeView = { ...old, data: text, bytes: append ? old.bytes + bytes : bytes };
  return { ...d, inodes: new Map(d.inodes).set(ref, inode) };
}

export function diskRename(d: DiskView, from: string, to: string): DiskView {
  const ref = lookup(d.live, from);
  if (typeof ref !== 'number' || from === to) return d;
  const replaced = lookup(d.live, to);
  const [toDir, toName] = split(to);
  const [fromDir, fromName] = split(from);
  const live = withEntry(withEntry(d.live, toDir, toName, ref), fromDir, fromName, null);
  return collect({ ...d, live }, typeof replaced === 'number' ? [replaced] : []);
}

export function diskUnlink(d: DiskView, path: string): DiskView {
  const ref = lookup(d.live, path);
  if (typeof ref !== 'number') return d;
  const [dir, name] = split(path);
  return collect({ ...d, live: withEntry(d.live, dir, name, null) }, [ref]);
}

/** `created`: the directories the op actually made, outermost first. */
export function diskMkdir(d: DiskView, created: readonly string[], durable: boolean): DiskView {
  let live = d.live;
  let disk = d.disk;
  for (const path of created) {
    const [parent, name] = split(path);
    live = new Map(withEntry(live, parent, name, 'dir')).set(path, new Map());
    if (durable) {
      disk = withEntry(disk, parent, name, 'dir');
      if (!disk.has(path)) disk = new Map(disk).set(path, new Map());
    }
  }
  return { ...d, live, disk };
}

export function diskFsync(d: DiskView, path: string, isDir: boolean): DiskView {
  const ref = lookup(d.live, path);
  if (isDir || ref === 'dir') {
    const before = [...(d.disk.get(path)?.values() ?? [])].filter((r): r is number => typeof r === 'number');
    return collect({ ...d, disk: new Map(d.disk).set(path, new Map(d.live.get(path) ?? [])) }, before);
  }
  if (ref === undefined) return d;
  const inode = d.inodes.get(ref) as InodeView;
  return { ...d, inodes: new Map(d.inodes).set(ref, { ...inode, durable: inode.data, durableBytes: inode.bytes }) };
}

/**
 * The OS writeback some scenarios model (an `os.writeback` line on a node): the directories and
 * files the line names reach the disk, as if each were fsynced (see sim/fs/writeback.ts). A line
 * that names nothing (older traces) stands for the whole pass: every directory's entries and
 * every unsynced file.
 */
export function diskWriteback(d: DiskView, flush: WritebackFlush | null): DiskView {
  let out = d;
  if (flush !== null) {
    for (const dir of flush.dirs) out = diskFsync(out, dir, true);
    for (const path of flush.files) out = diskFsync(out, path, false);
    return out;
  }
  for (const dir of [...d.live.keys()].sort()) out = diskFsync(out, dir, true);
  for (const f of diskFiles(out)) if (f.current !== null && f.unsynced) out = diskFsync(out, f.path, false);
  return out;
}

/** The text a byte-length prefix of `text` covers (torn writes cut at code units, see simFs). */
function bytePrefix(text: string, bytes: number): string {
  let k = 0;
  let used = 0;
  while (k < text.length && used < bytes) {
    const c = text.codePointAt(k) as number;
    used += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
    k += c >= 0x10000 ? 2 : 1;
  }
  return text.slice(0, k);
}

/** A crash: only durable entries and bytes survive; torn files keep what `lost` says. */
export function diskCrash(d: DiskView, lost: readonly CrashLoss[]): DiskView {
  const lossAt = new Map(lost.map((l) => [l.path, l]));
  const live = new Map<string, Dir>();
  const inodes = new Map<number, InodeView>();
  const walk = (dirPath: string): void => {
    const entries = d.disk.get(dirPath) ?? new Map<string, EntryRef>();
    live.set(dirPath, new Map(entries));
    for (const [name, ref] of [...entries].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) {
      const path = childPath(dirPath, name);
      if (ref === 'dir') walk(path);
      else if (!inodes.has(ref)) inodes.set(ref, settle(d, ref, path, lossAt.get(path)));
    }
  };
  walk('/');
  return { ...d, live, inodes };
}

/** What a crash leaves of an inode: '' if it was never synced. */
function durableText(inode: InodeView): string | null {
  return inode.durableBytes === null ? '' : inode.durable;
}

function settle(d: DiskView, ref: number, path: string, loss: CrashLoss | undefined): InodeView {
  const inode = d.inodes.get(ref) as InodeView;
  let kept: string | null;
  let bytes: number;
  if (loss === undefined) {
    // Not listed: what this path showed before the crash is what it shows after.
    const before = lookup(d.live, path);
    const seen = typeof before === 'number' ? d.inodes.get(before) : undefined;
    kept = seen !== undefined ? seen.data : durableText(inode);
    bytes = seen !== undefined ? seen.bytes : inode.durableBytes ?? 0;
  } else if (loss.torn && loss.afterBytes !== null) {
    kept = inode.data === null ? null : bytePrefix(inode.data, loss.afterBytes);
    bytes = loss.afterBytes;
  } else {
    kept = durableText(inode);
    bytes = inode.durableBytes ?? 0;
  }
  return { data: kept, bytes, durable: kept, durableBytes: bytes };
}

/** One file as the Files pane shows it (mirrors `DiskModel.inspect`). */
export interface FileRow {
  readonly path: string;
  /** Null: does not exist now. */
  readonly current: InodeView | null;
  /** Bytes a crash would leave (0 for a never-synced file); null: the file would not exist. */
  readonly durableBytes: number | null;
  /** Their text, when the trace carried it. */
  readonly durable: string | null;
  readonly unsynced: boolean;
}

function reachableOnDisk(d: DiskView, dirPath: string): boolean {
  if (dirPath === '/') return true;
  const [parent, name] = split(dirPath);
  return d.disk.get(parent)?.get(name) === 'dir' && reachableOnDisk(d, parent);
}

/** Every file that exists now or would exist after a crash, sorted by path. */
export function diskFiles(d: DiskView): FileRow[] {
  const paths = new Set<string>();
  for (const ns of [d.live, d.disk]) {
    for (const [dirPath, entries] of ns) for (const [name, ref] of entries) if (ref !== 'dir') paths.add(childPath(dirPath, name));
  }
  const rows: FileRow[] = [];
  for (const path of [...paths].sort()) {
    const liveRef = lookup(d.live, path);
    const current = typeof liveRef === 'number' ? (d.inodes.get(liveRef) as InodeView) : null;
    const [parent, name] = split(path);
    const diskRef = d.disk.get(parent)?.get(name);
    const onDisk = typeof diskRef === 'number' && reachableOnDisk(d, parent) ? (d.inodes.get(diskRef) as InodeView) : null;
    const durable = onDisk === null ? null : durableText(onDisk);
    const durableBytes = onDisk === null ? null : onDisk.durableBytes ?? 0;
    const same =
      current === null || durableBytes === null
        ? current === null && durableBytes === null
        : current.bytes === durableBytes && (current.data === null || durable === null || current.data === durable);
    rows.push({ path, current, durable, durableBytes, unsynced: !same });
  }
  return rows;
}


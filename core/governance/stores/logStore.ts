// One append-only JSONL log per key: the shape of the policy-audit log and the governance archive
// (spec B §0.4, §5.1). `replacePrefix` is the hardened prune primitive: it rewrites only the
// records the caller saw (its snapshot) and keeps whatever was appended after it.
import { IoError } from '../../common/errors';
import type { StoreFiles } from '../../common/storeFiles';
import { createSerialQueue } from './serialQueue';
import { memoryKey, storeFilePath } from './storePath';

export interface LogCodec<T> {
  readonly suffix: string;
  readonly encode: (record: T) => string;
  readonly decode: (line: string, file: string, lineNo: number) => T;
}

export interface LogStore<T> {
  append(worldId: string, nodeId: string, record: T): Promise<void>;
  list(worldId: string, nodeId: string): Promise<T[]>;
  /** Overwrites the whole log; an empty list removes it. */
  replace(worldId: string, nodeId: string, records: readonly T[]): Promise<void>;
  /**
   * Replaces the leading records `snapshot` with `keptOfSnapshot` in one atomic step, keeping the
   * records appended after them. Throws a SnapshotConflictError (and writes nothing) if the log
   * no longer starts with `snapshot`, i.e. someone else rewrote it meanwhile.
   */
  replacePrefix(worldId: string, nodeId: string, snapshot: readonly T[], keptOfSnapshot: readonly T[]): Promise<void>;
}

/** The log changed under a prune: rewriting it would lose someone else's records. */
export class SnapshotConflictError extends IoError {
  constructor(where: string) {
    super(`${where} changed since it was read; not rewritten`, where);
    this.name = 'SnapshotConflictError';
  }
}

function startsWith<T>(current: readonly T[], snapshot: readonly T[], same: (a: T, b: T) => boolean): boolean {
  return current.length >= snapshot.length && snapshot.every((r, i) => same(current[i], r));
}

const sameJson = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

export function createMemoryLogStore<T>(): LogStore<T> {
  const logs = new Map<string, T[]>();
  return {
    append: async (w, n, record) => {
      const k = memoryKey(w, n);
      logs.set(k, [...(logs.get(k) ?? []), structuredClone(record)]);
    },
    list: async (w, n) => structuredClone(logs.get(memoryKey(w, n)) ?? []),
    replace: async (w, n, records) => {
      logs.set(memoryKey(w, n), structuredClone([...records]));
    },
    replacePrefix: async (w, n, snapshot, kept) => {
      const k = memoryKey(w, n);
      const current = logs.get(k) ?? [];
      if (!startsWith(current, snapshot, sameJson)) throw new SnapshotConflictError(`in-memory log of ${w}/${n}`);
      logs.set(k, [...structuredClone([...kept]), ...current.slice(snapshot.length)]);
    },
  };
}

export function createFileLogStore<T>(files: StoreFiles, root: string, codec: LogCodec<T>): LogStore<T> {
  const pathOf = (w: string, n: string): string => storeFilePath(root, files.profile, w, n, codec.suffix);
  const queue = createSerialQueue();
  const readAll = async (path: string): Promise<T[]> =>
    (await files.readNumberedLines(path)).map((l) => codec.decode(l.text, path, l.lineNo));

  const writeAll = async (path: string, records: readonly T[]): Promise<void> => {
    if (records.length === 0) {
      await files.ensureDir(root);
      await files.removeIfExists(path);
      return;
    }
    if (files.profile === 'hardened') {
      await files.writeDocument(path, records.map((r) => `${codec.encode(r)}\n`).join(''));
      return;
    }
    // Spec B §5.1: truncate in place, then each record and its newline as separate writes.
    await files.writeDocument(path, '');
    for (const r of records) await files.appendLine(path, codec.encode(r));
  };

  return {
    append: (w, n, record) => queue.run(() => files.appendLine(pathOf(w, n), codec.encode(record))),
    list: (w, n) => queue.run(() => readAll(pathOf(w, n))),
    replace: (w, n, records) => queue.run(() => writeAll(pathOf(w, n), records)),
    replacePrefix: (w, n, snapshot, kept) =>
      queue.run(async () => {
        const path = pathOf(w, n);
        const current = await readAll(path);
        const same = (a: T, b: T): boolean => codec.encode(a) === codec.encode(b);
        if (!startsWith(current, snapshot, same)) throw new SnapshotConflictError(path);
        await writeAll(path, [...kept, ...current.slice(snapshot.length)]);
      }),
  };
}

// How file-backed stores put bytes on disk. This is the one place the two profiles differ for
// files: `original` does exactly what the spec's stores did (in-place truncate+write, JSONL
// appends as two writes, no fsync), `hardened` is crash-safe (temp + fsync + rename + dir fsync,
// single-write appends that are fsynced, and a torn tail dropped before it can corrupt anything).
// hardened also never trusts the page cache after a failed fsync: the path is remembered and
// fsynced again before any later read or write through it (see `createFsyncLedger`).
import { FsError, type FileSystem, type Profile } from '../ports';
import { IoError, SerdeError } from './errors';
import { dirname } from './paths';

export interface StoreFiles {
  readonly fs: FileSystem;
  readonly profile: Profile;
  ensureDir(dir: string): Promise<void>;
  /** Whole file as text, or null if it does not exist. */
  readText(path: string): Promise<string | null>;
  /** Replace a whole document (a JSON file, or a JSONL file rewritten as a whole). */
  writeDocument(path: string, text: string): Promise<void>;
  /** Append one JSONL record (`json` has no newline). */
  appendLine(path: string, json: string): Promise<void>;
  removeIfExists(path: string): Promise<void>;
  /** Lines of a JSONL file that count as written (see `jsonLines`). */
  readLines(path: string): Promise<string[]>;
  /** The same lines with their 1-based line numbers in the file (for error messages). */
  readNumberedLines(path: string): Promise<NumberedLine[]>;
}

/** A JSONL line and where it is in its file (blank lines count, as an editor counts them). */
export interface NumberedLine {
  readonly text: string;
  readonly lineNo: number;
}

const isMissing = (e: unknown): boolean => e instanceof FsError && e.code === 'ENOENT';

export function toIoError(e: unknown, op: string, path: string): Error {
  if (e instanceof FsError) return new IoError(`${op} failed for ${path}: ${e.code}`, path, e.code);
  return e instanceof Error ? e : new IoError(`${op} failed for ${path}: ${String(e)}`, path);
}

async function guarded<T>(op: string, path: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    throw toIoError(e, op, path);
  }
}

/**
 * Splits JSONL text into the lines that count, numbered as in the file. Blank lines are skipped
 * (as the spec says). In `hardened`, a last line without its newline is a torn append that was
 * never acknowledged (the newline is written in the same fsynced write), so it is dropped rather
 * than failing.
 */
export function numberedJsonLines(text: string, profile: Profile): NumberedLine[] {
  const parts = text.split('\n');
  // split always yields at least one part; a blank tail is filtered out below like any blank line.
  const tail = parts.pop() as string;
  if (profile === 'original') parts.push(tail);
  return parts
    .map((l, i) => ({ text: l.endsWith('\r') ? l.slice(0, -1) : l, lineNo: i + 1 }))
    .filter((l) => l.text.trim().length > 0);
}

/** `numberedJsonLines` without the numbers. */
export function jsonLines(text: string, profile: Profile): string[] {
  return numberedJsonLines(text, profile).map((l) => l.text);
}

/** Parses one JSON document, naming the file on failure. */
export function parseJson(text: string, path: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new SerdeError(`cannot decode ${path}: ${(e as Error).message}`, path);
  }
}

/**
 * Which fsyncs failed and have not succeeded since, for one FileSystem. After a failed fsync the
 * page cache shows what is not durable (a renamed or removed name, appended bytes), so a decision
 * made on it may not survive a crash. `settle(path)` redoes every failed fsync of `path` or of a
 * directory above it, and throws while one still fails.
 */
interface FsyncLedger {
  /** fsync that remembers a failure (`remember` false: a temp file the caller abandons). */
  fsync(path: string, remember?: boolean): Promise<void>;
  settle(path: string): Promise<void>;
}

// Shared by every StoreFiles over the same FileSystem: stores of one node write the same
// directories through different instances.
const ledgers = new WeakMap<FileSystem, FsyncLedger>();

const isAtOrBelow = (dirOrFile: string, path: string): boolean =>
  path === dirOrFile || path.startsWith(dirOrFile.endsWith('/') ? dirOrFile : `${dirOrFile}/`);

function createFsyncLedger(fs: FileSystem): FsyncLedger {
  const failed = new Set<string>();
  const fsync = async (path: string, remember = true): Promise<void> => {
    try {
      await fs.fsync(path);
      failed.delete(path);
    } catch (e) {
      if (isMissing(e)) failed.delete(path); // gone: its name's durability is its directory's fsync
      else if (remember) failed.add(path);
      throw e;
    }
  };
  const settle = async (path: string): Promise<void> => {
    // Stryker disable next-line ConditionalExpression: equivalent, a shortcut (nothing below is due)
    if (failed.size === 0) return;
    // Shallowest first: a file's name is durable only once the directories above it are.
    const due = [...failed].filter((p) => isAtOrBelow(p, path)).sort((a, b) => a.length - b.length);
    for (const p of due) {
      try {
        await fsync(p);
      } catch (e) {
        if (!isMissing(e)) throw e;
      }
    }
  };
  return { fsync, settle };
}

function fsyncLedgerOf(fs: FileSystem): FsyncLedger {
  let ledger = ledgers.get(fs);
  if (ledger === undefined) ledgers.set(fs, (ledger = createFsyncLedger(fs)));
  return ledger;
}

export function createStoreFiles(fs: FileSystem, profile: Profile): StoreFiles {
  const ledger = fsyncLedgerOf(fs);
  // hardened: before any read or write through `path`, redo a failed fsync of it or its directories.
  const hardened = profile === 'hardened';
  const settle = (path: string): Promise<void> => ledger.settle(path);
  const readText = (path: string): Promise<string | null> =>
    guarded('read', path, async () => {
      if (hardened) await settle(path);
      try {
        return await fs.readFile(path);
      } catch (e) {
        if (isMissing(e)) return null;
        throw e;
      }
    });
  const exists = async (path: string): Promise<boolean> => {
    try {
      await fs.stat(path);
      return true;
    } catch (e) {
      if (isMissing(e)) return false;
      throw e;
    }
  };
  // hardened: a directory created here is durable only once its parent is fsynced, so a crash
  // cannot take a whole store folder (and every file in it) away.
  const ensureDir = (dir: string): Promise<void> =>
    guarded('mkdir', dir, async () => {
      if (profile === 'original') return fs.mkdir(dir, { recursive: true });
      await settle(dir);
      const missing: string[] = [];
      for (let d = dir; d !== '/' && d !== '.' && !(await exists(d)); d = dirname(d)) missing.push(d);
      if (missing.length === 0) return;
      await fs.mkdir(dir, { recursive: true });
      for (const created of missing.reverse()) await ledger.fsync(dirname(created));
    });

  const writeDocument = async (path: string, text: string): Promise<void> => {
    await ensureDir(dirname(path));
    if (profile === 'original') {
      await guarded('write', path, () => fs.writeFile(path, text));
      return;
    }
    const tmp = `${path}.tmp`;
    await guarded('write', path, () => settle(path));
    await guarded('write', tmp, async () => {
      await fs.writeFile(tmp, text);
      await ledger.fsync(tmp, false);
      await fs.rename(tmp, path);
      await ledger.fsync(dirname(path));
    });
  };

  const appendLine = async (path: string, json: string): Promise<void> => {
    await ensureDir(dirname(path));
    if (profile === 'original') {
      await guarded('append', path, async () => {
        await fs.appendFile(path, json);
        await fs.appendFile(path, '\n');
      });
      return;
    }
    const existing = await readText(path);
    if (existing !== null && existing.length > 0 && !existing.endsWith('\n')) {
      // A torn tail from a crash: cut it off atomically before appending after it.
      await writeDocument(path, existing.slice(0, existing.lastIndexOf('\n') + 1));
    }
    await guarded('append', path, async () => {
      await fs.appendFile(path, `${json}\n`);
      await ledger.fsync(path);
      // Always, not only when the file was new: the entry itself may still be volatile.
      await ledger.fsync(dirname(path));
    });
  };

  const removeIfExists = (path: string): Promise<void> =>
    guarded('unlink', path, async () => {
      if (hardened) await settle(path);
      try {
        await fs.unlink(path);
      } catch (e) {
        if (isMissing(e)) return;
        throw e;
      }
      if (hardened) await ledger.fsync(dirname(path));
    });

  const readNumberedLines = async (path: string): Promise<NumberedLine[]> => {
    const text = await readText(path);
    return text === null ? [] : numberedJsonLines(text, profile);
  };
  const readLines = async (path: string): Promise<string[]> => (await readNumberedLines(path)).map((l) => l.text);

  return { fs, profile, ensureDir, readText, writeDocument, appendLine, removeIfExists, readLines, readNumberedLines };
}

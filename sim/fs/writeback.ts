// One pass of the OS page-cache writeback on a disk model (the environment's, see
// scenarios/archive-tiering/writeback.ts), and its replay from a trace line. The pass names what
// it flushed, so a fold over the trace applies exactly those fsyncs instead of guessing which
// directories and files were dirty (a pass that flushed only directory entries changes durability
// as much as one that flushed file bytes).
import type { DiskModel } from './model';

/** What one writeback pass made durable: directories first (their entries), then file bytes. */
export interface WritebackFlush {
  readonly dirs: readonly string[];
  readonly files: readonly string[];
}

/** Flushes every directory whose entries and every file whose bytes are not durable yet. */
export function writebackPass(model: DiskModel): WritebackFlush {
  const dirs = model.unsyncedDirectories();
  for (const dir of dirs) model.fsync(dir);
  const files: string[] = [];
  for (const f of model.inspect()) {
    if (f.current === null || !f.unsynced) continue;
    model.fsync(f.path);
    files.push(f.path);
  }
  return { dirs, files };
}

/** True when the pass made nothing durable (a trace needs no line for it). */
export function isEmptyFlush(flush: WritebackFlush): boolean {
  return flush.dirs.length === 0 && flush.files.length === 0;
}

/**
 * The flush an `os.writeback` line records, or null for a line from before passes named what they
 * flushed (`{ files: <count> }`): a fold then redoes the whole pass.
 */
export function flushOfLine(data: unknown): WritebackFlush | null {
  const d = (data ?? {}) as { dirs?: unknown; files?: unknown };
  const paths = (v: unknown): v is string[] => Array.isArray(v) && v.every((p) => typeof p === 'string');
  return paths(d.dirs) && paths(d.files) ? { dirs: d.dirs, files: d.files } : null;
}

/** Replays a recorded pass onto a model (or a whole pass, for a line that did not name it). */
export function applyWriteback(model: DiskModel, flush: WritebackFlush | null): void {
  if (flush === null) {
    writebackPass(model);
    return;
  }
  for (const dir of flush.dirs) model.fsync(dir);
  for (const path of flush.files) model.fsync(path);
}

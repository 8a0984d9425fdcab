// The operating system's page-cache writeback, as part of the environment (not of any program):
// every `intervalMs` the dirty pages and directory entries of every running node reach the disk,
// as a kernel flusher thread would do on its own. Without it a profile that never calls fsync
// (the spec's `original` stores) would lose every file it ever wrote on any crash; with it, a
// crash loses only what was written since the last writeback, so the spec's own crash windows
// (a truncated in-place rewrite, a JSON line without its newline) become what survives.
// It acts on the disk model directly: no fs op is counted (crash-at-write numbering is
// unchanged), no fault applies to it, and each pass leaves one `os.writeback` trace line.
import type { Rng, Sim } from '../../sim/index';

export interface WritebackOptions {
  readonly intervalMs: number;
  /** No pass is scheduled after this virtual time. */
  readonly untilMs: number;
}

function flush(sim: Sim, node: string): number {
  const model = sim.node(node).disk.model;
  for (const dir of model.directories()) model.fsync(dir);
  let files = 0;
  for (const f of model.inspect()) {
    if (f.current === null || !f.unsynced) continue;
    model.fsync(f.path);
    files += 1;
  }
  return files;
}

/** Schedules the periodic writeback of every node that is up. */
export function installWriteback(sim: Sim, options: WritebackOptions): void {
  if (!(Number.isInteger(options.intervalMs) && options.intervalMs > 0)) throw new RangeError(`writeback intervalMs must be a positive integer, got ${options.intervalMs}`);
  const pass = (atMs: number): void => {
    sim.at(atMs, 'os.writeback', () => {
      for (const id of sim.nodeIds()) {
        if (!sim.node(id).up) continue;
        const files = flush(sim, id);
        if (files > 0) sim.record(id, 'os.writeback', { files });
      }
      const next = atMs + options.intervalMs;
      if (next <= options.untilMs) pass(next);
    });
  };
  pass(options.intervalMs);
}

/**
 * The seed's environment: on three seeds in four the OS writes back every 20..80 ms; on the rest
 * never (only what the programs fsync survives a crash). Drawn from the seed's own `os` stream.
 */
export function writebackIntervalOf(rng: Rng): number | null {
  return rng.chance([3, 4]) ? rng.between(20, 80) : null;
}

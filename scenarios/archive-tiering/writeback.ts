// The operating system's page-cache writeback, as part of the environment (not of any program):
// every `intervalMs` the dirty pages and directory entries of every running node reach the disk,
// as a kernel flusher thread would do on its own. Without it a profile that never calls fsync
// (the spec's `original` stores) would lose every file it ever wrote on any crash; with it, a
// crash loses only what was written since the last writeback, so the spec's own crash windows
// (a truncated in-place rewrite, a JSON line without its newline) become what survives.
// It acts on the disk model directly: no fs op is counted (crash-at-write numbering is
// unchanged), no fault applies to it, and each pass leaves one global `os.writeback` line plus,
// per node it flushed anything on, one `os.writeback` line naming the `dirs` and `files` flushed.
import { isEmptyFlush, writebackPass, type WritebackFlush } from '../../sim/fs/writeback';
import type { Rng, Sim } from '../../sim/index';

export interface WritebackOptions {
  readonly intervalMs: number;
  /** No pass is scheduled after this virtual time. */
  readonly untilMs: number;
}

/**
 * One node's share of a pass. Whenever it made anything durable it says what, directory entries
 * included, so a fold over the trace applies exactly this pass (see sim/fs/writeback.ts).
 */
export function writebackNode(sim: Sim, node: string): WritebackFlush {
  const flushed = writebackPass(sim.node(node).disk.model);
  if (!isEmptyFlush(flushed)) sim.record(node, 'os.writeback', flushed);
  return flushed;
}

/** Schedules the periodic writeback of every node that is up. */
export function installWriteback(sim: Sim, options: WritebackOptions): void {
  if (!(Number.isInteger(options.intervalMs) && options.intervalMs > 0)) throw new RangeError(`writeback intervalMs must be a positive integer, got ${options.intervalMs}`);
  const pass = (atMs: number): void => {
    sim.at(atMs, 'os.writeback', () => {
      for (const id of sim.nodeIds()) {
        if (!sim.node(id).up) continue;
        writebackNode(sim, id);
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

// The simulator's fake disk (sim/fs) for core tests: writes are volatile until fsync, a crash keeps
// only what was durable. One FileSystem port per process incarnation; `failFsync` makes chosen
// fsync calls fail with EIO before they have any effect, as the simulator's fault layer does.
import { FsError, type FileSystem } from '../../../../core/ports';
import { SimFs, type FsHost } from '../../../../sim/fs/simFs';
import { createRng } from '../../../../sim/rng';

export interface SimDisk {
  /** The current incarnation's FileSystem (the same object until `crash`). */
  fs(): FileSystem;
  /** Crash and restart: only durable state survives; a new port (a new process) from now on. */
  crash(): void;
  /** `fail(path, n)` decides whether the n-th fsync of `path` (1-based, across incarnations) fails. */
  failFsync(fail: (path: string, n: number) => boolean): void;
  /** fsync calls seen so far, by path. */
  readonly fsyncs: Map<string, number>;
}

export function createSimDisk(seed = 'sim-disk'): SimDisk {
  const host: FsHost = { record: () => undefined, later: (_d, _o, fn) => fn(), beforeWrite: () => undefined, afterWrite: () => undefined };
  const disk = new SimFs('storage', host, createRng(seed), { tornWrites: false });
  const fsyncs = new Map<string, number>();
  let fail: (path: string, n: number) => boolean = () => false;
  let incarnation = 0;
  const portOf = (): FileSystem => {
    const inner = disk.port({ id: `inc-${incarnation}`, alive: true });
    return {
      ...inner,
      fsync: async (path) => {
        const n = (fsyncs.get(path) ?? 0) + 1;
        fsyncs.set(path, n);
        if (fail(path, n)) throw new FsError('EIO', 'fsync', path);
        return inner.fsync(path);
      },
    };
  };
  let current = portOf();
  return {
    fs: () => current,
    crash: () => {
      disk.crash();
      incarnation += 1;
      current = portOf();
    },
    failFsync: (f) => (fail = f),
    fsyncs,
  };
}

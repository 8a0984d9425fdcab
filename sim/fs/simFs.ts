// One node's fake disk: the durability model (model.ts) plus the fault layer (EIO odds, a byte
// quota that raises ENOSPC, per-op latency, torn writes on crash), a per-node counter of mutating
// ops (so "crash at the k-th write" is data), and the trace lines of every op. `port(owner)` hands
// an incarnation its `FileSystem`; once that incarnation dies its calls neither act nor settle.
import { FsError, type FileStat, type FileSystem } from '../../core/ports';
import type { Owner } from '../eventHeap';
import { formatRatio, validateRatio, type Ratio, type Rng } from '../rng';
import { byteLength, DiskModel, DIR, normalizeFsPath, type CrashLoss, type FileView } from './model';

export type FsOpName = 'readFile' | 'writeFile' | 'appendFile' | 'rename' | 'unlink' | 'mkdir' | 'readdir' | 'stat' | 'fsync';

const MUTATING: ReadonlySet<FsOpName> = new Set(['writeFile', 'appendFile', 'rename', 'unlink', 'mkdir', 'fsync']);

export interface DiskFaults {
  /** Odds that an op fails with EIO before it has any effect. Default 0/1. */
  readonly eioRatio: Ratio;
  /** Ops EIO may hit. Default: all. */
  readonly eioOps: readonly FsOpName[] | null;
  /** Bytes of file data the disk holds; a write beyond it fails with ENOSPC. Default null (no quota). */
  readonly quotaBytes: number | null;
  /** Per-op latency, uniform in [min, max] ms. Default 0 and 0: ops finish within the step. */
  readonly latencyMsMin: number;
  readonly latencyMsMax: number;
  /** On crash, an unsynced file keeps a random prefix of its unsynced bytes. Default false. */
  readonly tornWrites: boolean;
}

export const DEFAULT_DISK_FAULTS: DiskFaults = {
  eioRatio: [0, 1],
  eioOps: null,
  quotaBytes: null,
  latencyMsMin: 0,
  latencyMsMax: 0,
  tornWrites: false,
};

export interface FsOptions extends Partial<DiskFaults> {
  /** mkdir is durable at once (see model.ts). Default true. */
  readonly mkdirDurable?: boolean;
  /** Put written text in `fs.write`/`fs.append` trace lines, so a fold can rebuild files. Default true. */
  readonly traceData?: boolean;
}

/** What the fs needs from the simulator. */
export interface FsHost {
  record(node: string, kind: string, data: unknown): void;
  /** Runs `fn` after `delayMs` unless `owner` dies first. */
  later(delayMs: number, owner: Owner, fn: () => void): void;
  /** Called with the node's running count of mutating ops; may crash the node. */
  beforeWrite(node: string, n: number): void;
  afterWrite(node: string, n: number): void;
}

export function validateDiskFaults(f: Partial<DiskFaults>, what = 'disk'): void {
  if (f.eioRatio !== undefined) validateRatio(f.eioRatio, `${what}.eioRatio`);
  if (f.quotaBytes !== undefined && f.quotaBytes !== null && !(Number.isInteger(f.quotaBytes) && f.quotaBytes >= 0)) {
    throw new RangeError(`${what}.quotaBytes must be a non-negative integer or null, got ${f.quotaBytes}`);
  }
  for (const k of ['latencyMsMin', 'latencyMsMax'] as const) {
    const v = f[k];
    if (v !== undefined && !(Number.isInteger(v) && v >= 0)) throw new RangeError(`${what}.${k} must be a non-negative integer, got ${v}`);
  }
}

const never = <T>(): Promise<T> => new Promise<T>(() => undefined);

export class SimFs {
  readonly model = new DiskModel();
  private faults: DiskFaults;
  private readonly mkdirDurable: boolean;
  private readonly traceData: boolean;
  /** Mutating ops attempted on this disk so far, across incarnations. */
  writeOps = 0;
  /** The number of the op being applied (ops with latency apply later than they are counted). */
  private opNumber = 0;

  constructor(
    readonly node: string,
    private readonly host: FsHost,
    private readonly rng: Rng,
    options: FsOptions = {},
  ) {
    validateDiskFaults(options, `fs(${node})`);
    const { mkdirDurable, traceData, ...faults } = options;
    this.faults = { ...DEFAULT_DISK_FAULTS, ...faults };
    this.mkdirDurable = mkdirDurable ?? true;
    this.traceData = traceData ?? true;
  }

  get diskFaults(): DiskFaults {
    return this.faults;
  }

  setFaults(patch: Partial<DiskFaults>): void {
    validateDiskFaults(patch, `fs(${this.node})`);
    this.faults = { ...this.faults, ...patch };
  }

  /** Crash: only durable state survives (plus torn prefixes if enabled). */
  crash(): CrashLoss[] {
    const tear = this.faults.tornWrites ? (durable: string, current: string) => this.tear(durable, current) : null;
    return this.model.crash(tear);
  }

  private tear(durable: string, current: string): string {
    if (current.startsWith(durable)) return durable + cut(current.slice(durable.length), this.rng);
    // An in-place rewrite: either the truncate never reached the disk, or a prefix of the new text did.
    return this.rng.chance([1, 2]) ? durable : cut(current, this.rng);
  }

  inspect(): FileView[] {
    return this.model.inspect();
  }

  /** The `FileSystem` port of one incarnation. */
  port(owner: Owner): FileSystem {
    const op = <T>(name: FsOpName, path: string, apply: (p: string) => T): Promise<T> => this.op(owner, name, path, apply);
    return {
      readFile: (path) => op('readFile', path, (p) => this.read(p)),
      writeFile: (path, data) => op('writeFile', path, (p) => this.write(p, data, false)),
      appendFile: (path, data) => op('appendFile', path, (p) => this.write(p, data, true)),
      rename: (from, to) => op('rename', from, (p) => this.rename(p, normalizeFsPath(to))),
      unlink: (path) => op('unlink', path, (p) => this.unlink(p)),
      mkdir: (path, o) => op('mkdir', path, (p) => this.mkdir(p, o?.recursive ?? false)),
      readdir: (path) => op('readdir', path, (p) => this.readdir(p)),
      stat: (path) => op('stat', path, (p) => this.stat(p)),
      fsync: (path) => op('fsync', path, (p) => this.fsync(p)),
    };
  }

  private op<T>(owner: Owner, name: FsOpName, rawPath: string, apply: (p: string) => T): Promise<T> {
    if (!owner.alive) return never();
    const path = normalizeFsPath(rawPath);
    const mutating = MUTATING.has(name);
    const n = mutating ? ++this.writeOps : 0;
    if (mutating) {
      this.host.beforeWrite(this.node, n);
      if (!owner.alive) return never();
    }
    const f = this.faults;
    if (f.eioRatio[0] > 0 && (f.eioOps === null || f.eioOps.includes(name)) && this.rng.chance(f.eioRatio)) {
      return Promise.reject(this.fail(name, path, 'EIO', true, formatRatio(f.eioRatio)));
    }
    const latency = f.latencyMsMax > 0 ? this.rng.between(f.latencyMsMin, f.latencyMsMax) : 0;
    if (latency === 0) return this.complete(owner, name, path, n, apply);
    return new Promise<T>((resolve, reject) => {
      this.host.later(latency, owner, () => {
        this.complete(owner, name, path, n, apply).then(resolve, reject);
      });
    });
  }

  private complete<T>(owner: Owner, name: FsOpName, path: string, n: number, apply: (p: string) => T): Promise<T> {
    let result: T;
    this.opNumber = n;
    try {
      result = apply(path);
    } catch (e) {
      if (e instanceof FsError) return Promise.reject(this.fail(name, path, e.code, false));
      throw e;
    }
    if (n > 0) {
      this.host.afterWrite(this.node, n);
      if (!owner.alive) return never();
    }
    return Promise.resolve(result);
  }

  private fail(op: FsOpName, path: string, code: FsError['code'], injected: boolean, odds?: string): FsError {
    this.host.record(this.node, 'fs.error', odds === undefined ? { op, path, code, injected } : { op, path, code, injected, odds });
    return new FsError(code, op, path);
  }

  private read(path: string): string {
    const data = this.model.read(path);
    this.host.record(this.node, 'fs.read', { path, bytes: byteLength(data) });
    return data;
  }

  private write(path: string, data: string, append: boolean): void {
    const quota = this.faults.quotaBytes;
    if (quota !== null && this.model.projectedBytes(path, data, append) > quota) {
      throw new FsError('ENOSPC', append ? 'appendFile' : 'writeFile', path);
    }
    const created = this.model.write(path, data, append);
    const kind = append ? 'fs.append' : 'fs.write';
    const base = { n: this.opNumber, path, bytes: byteLength(data), created, durable: false };
    this.host.record(this.node, kind, this.traceData ? { ...base, data } : base);
  }

  private rename(from: string, to: string): void {
    this.model.rename(from, to);
    this.host.record(this.node, 'fs.rename', { n: this.opNumber, from, to, durable: false });
  }

  private unlink(path: string): void {
    this.model.unlink(path);
    this.host.record(this.node, 'fs.unlink', { n: this.opNumber, path, durable: false });
  }

  private mkdir(path: string, recursive: boolean): void {
    const created = this.model.mkdir(path, recursive, this.mkdirDurable);
    this.host.record(this.node, 'fs.mkdir', { n: this.opNumber, path, created, durable: this.mkdirDurable });
  }

  private readdir(path: string): string[] {
    const names = this.model.readdir(path);
    this.host.record(this.node, 'fs.readdir', { path, entries: names.length });
    return names;
  }

  private stat(path: string): FileStat {
    const e = this.model.lookup(path);
    if (e === undefined) throw new FsError('ENOENT', 'stat', path);
    this.host.record(this.node, 'fs.stat', { path });
    return e === DIR ? { size: 0, isFile: false, isDirectory: true } : { size: e.bytes, isFile: true, isDirectory: false };
  }

  private fsync(path: string): void {
    const isDir = this.model.lookup(path) === DIR;
    const bytes = this.model.fsync(path);
    this.host.record(this.node, 'fs.fsync', { n: this.opNumber, path, dir: isDir, bytes, durable: true });
  }
}

/** A random prefix of `text` that does not split a surrogate pair. */
function cut(text: string, rng: Rng): string {
  let k = rng.int(text.length + 1);
  if (k > 0 && k < text.length) {
    const c = text.charCodeAt(k - 1);
    if (c >= 0xd800 && c <= 0xdbff) k -= 1;
  }
  return text.slice(0, k);
}

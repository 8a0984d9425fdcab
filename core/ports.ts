// The only ways the core touches the world. The simulator and `adapters/` both implement these;
// the core never imports an implementation.

/** A node's own clock. In the simulator it is skewed per node; the core never assumes it is right. */
export interface Clock {
  nowMs(): number;
}

/** Errors a FileSystem raises carry a POSIX-like code, as `node:fs/promises` does. */
export type FsErrorCode = 'ENOENT' | 'EIO' | 'ENOSPC' | 'EEXIST' | 'EISDIR' | 'ENOTDIR' | 'ENOTEMPTY' | 'EINVAL';

export class FsError extends Error {
  constructor(
    readonly code: FsErrorCode,
    readonly syscall: string,
    readonly path: string,
  ) {
    super(`${code}: ${syscall} '${path}'`);
    this.name = 'FsError';
  }
}

export interface FileStat {
  readonly size: number;
  readonly isFile: boolean;
  readonly isDirectory: boolean;
}

/**
 * Async subset of `node:fs/promises` (UTF-8 text only) plus `fsync`.
 * Paths are POSIX-style. Writes may be volatile until `fsync(path)`; a new or renamed directory
 * entry is durable only after `fsync(directory)`.
 */
export interface FileSystem {
  readFile(path: string): Promise<string>;
  writeFile(path: string, data: string): Promise<void>;
  appendFile(path: string, data: string): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
  mkdir(path: string, options?: { recursive?: boolean }): Promise<void>;
  /** Entry names, sorted by code point so that callers iterate in a fixed order. */
  readdir(path: string): Promise<string[]>;
  stat(path: string): Promise<FileStat>;
  /** Makes the file's contents (or a directory's entries) durable. */
  fsync(path: string): Promise<void>;
}

/** Raised by a Transport when a request cannot complete (lost, partitioned, crashed peer, timeout). */
export class TransportError extends Error {
  constructor(
    readonly to: string,
    readonly channel: string,
    readonly why: 'timeout' | 'unreachable' | 'remote-error',
    detail = '',
  ) {
    super(`transport ${why} calling ${channel} on ${to}${detail ? `: ${detail}` : ''}`);
    this.name = 'TransportError';
  }
}

/** Request/response messaging between nodes by node id. */
export interface Transport {
  readonly self: string;
  request(to: string, channel: string, payload: unknown): Promise<unknown>;
}

/** What a node serves to others over a Transport. */
export type RequestHandler = (from: string, channel: string, payload: unknown) => Promise<unknown>;

/** How the shell writes files: the spec's exact behaviour, or crash-safe. */
export type Profile = 'original' | 'hardened';

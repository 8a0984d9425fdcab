// File-backed recovery (pending) queue (spec A §3): one JSON array per (world, node), rewritten
// whole; an empty queue deletes the file. Reads also accept the legacy bare-alert array.
import { SerdeError } from '../../common/errors';
import { parseJson, type StoreFiles } from '../../common/storeFiles';
import { expectArray } from '../codec/fields';
import { decodeAlert, decodePending, encodePending, toJsonText } from '../codec/records';
import { pendingFromLegacy } from '../delivery/pending';
import type { PendingAlert, RecoveryStore } from '../types';
import { PENDING_SUFFIX, pairFilePath } from './fileNames';

/**
 * Decoding rule of §3: empty → []; else PendingAlert[]; else legacy RevocationAlert[] converted
 * with `from_legacy`; else the legacy parse's error (which here also quotes the first error, so a
 * torn current-format file is not reported only as "not a legacy array").
 */
export function decodePendingFile(text: string, path: string): PendingAlert[] {
  if (text.trim().length === 0) return [];
  const json = parseJson(text, path);
  let currentError: Error;
  try {
    return expectArray(json, path).map((v, i) => decodePending(v, `${path} [${i}]`));
  } catch (e) {
    currentError = e as Error;
  }
  try {
    return expectArray(json, path).map((v, i) => pendingFromLegacy(decodeAlert(v, `${path} [${i}] (legacy alert)`)));
  } catch (e) {
    throw new SerdeError(`${(e as Error).message}; as pending alerts: ${currentError.message}`, path);
  }
}

export class FileRecoveryStore implements RecoveryStore {
  private constructor(
    private readonly files: StoreFiles,
    readonly root: string,
  ) {}

  /** The constructor of the spec creates `root` (mkdir -p). */
  static async open(files: StoreFiles, root: string): Promise<FileRecoveryStore> {
    await files.ensureDir(root);
    return new FileRecoveryStore(files, root);
  }

  pathFor(worldId: string, nodeId: string): string {
    return pairFilePath(this.root, this.files.profile, worldId, nodeId, PENDING_SUFFIX);
  }

  async loadPending(worldId: string, nodeId: string): Promise<PendingAlert[]> {
    const path = this.pathFor(worldId, nodeId);
    const text = await this.files.readText(path);
    return text === null ? [] : decodePendingFile(text, path);
  }

  async savePending(worldId: string, nodeId: string, pending: readonly PendingAlert[]): Promise<void> {
    const path = this.pathFor(worldId, nodeId);
    if (pending.length === 0) await this.files.removeIfExists(path);
    else await this.files.writeDocument(path, toJsonText(pending.map(encodePending)));
  }
}

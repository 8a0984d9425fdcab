// File-backed replay schedule state (spec A §9.1) and lease store (spec A §7): one JSON document
// each, overwritten whole (crash-safely only in `hardened`, via StoreFiles).
import { parseJson, type StoreFiles } from '../../common/storeFiles';
import { decodeLease, decodeReplayState, encodeLease, encodeReplayState, toJsonText } from '../codec/records';
import {
  DEFAULT_REPLAY_SCHEDULE_STATE,
  type LeaseState,
  type LeaseStore,
  type ReplayScheduleState,
  type ReplayStateStore,
} from '../types';
import { LEASE_SUFFIX, REPLAY_STATE_SUFFIX, keyFilePath, pairFilePath } from './fileNames';

export class FileReplayStateStore implements ReplayStateStore {
  private constructor(
    private readonly files: StoreFiles,
    readonly root: string,
  ) {}

  static async open(files: StoreFiles, root: string): Promise<FileReplayStateStore> {
    await files.ensureDir(root);
    return new FileReplayStateStore(files, root);
  }

  pathFor(worldId: string, nodeId: string): string {
    return pairFilePath(this.root, this.files.profile, worldId, nodeId, REPLAY_STATE_SUFFIX);
  }

  async loadState(worldId: string, nodeId: string): Promise<ReplayScheduleState> {
    const path = this.pathFor(worldId, nodeId);
    const text = await this.files.readText(path);
    return text === null ? { ...DEFAULT_REPLAY_SCHEDULE_STATE } : decodeReplayState(parseJson(text, path), path);
  }

  async saveState(worldId: string, nodeId: string, state: ReplayScheduleState): Promise<void> {
    await this.files.writeDocument(this.pathFor(worldId, nodeId), toJsonText(encodeReplayState(state)));
  }
}

/** `<root>/<key>.revocation-coordinator-lease.json`; missing → none; `clear` deletes if present. */
export class FileLeaseStore implements LeaseStore {
  private constructor(
    private readonly files: StoreFiles,
    readonly root: string,
  ) {}

  static async open(files: StoreFiles, root: string): Promise<FileLeaseStore> {
    await files.ensureDir(root);
    return new FileLeaseStore(files, root);
  }

  pathFor(key: string): string {
    return keyFilePath(this.root, this.files.profile, key, LEASE_SUFFIX);
  }

  async load(key: string): Promise<LeaseState | null> {
    const path = this.pathFor(key);
    const text = await this.files.readText(path);
    return text === null ? null : decodeLease(parseJson(text, path), path);
  }

  async save(key: string, state: LeaseState): Promise<void> {
    await this.files.writeDocument(this.pathFor(key), toJsonText(encodeLease(state)));
  }

  async clear(key: string): Promise<void> {
    await this.files.removeIfExists(this.pathFor(key));
  }
}

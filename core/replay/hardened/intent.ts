// Intent records of the hardened write sequences (one per (world, node), at most one at a time).
// An intent holds everything the sequence will write, is written atomically before the first
// write and deleted after the last, so a crash in between is completed ("rolled forward") by the
// next operation that touches the key. On disk: `<world>.<node>.revocation-replay-intent.json`.
import type { Profile } from '../../ports';
import { normalizeKey, pairKey, type ScheduleKey } from '../../common/ids';
import { parseJson, type StoreFiles } from '../../common/storeFiles';
import { expectArray, FieldReader } from '../codec/fields';
import {
  decodeDeadLetter,
  decodePending,
  decodeReplayState,
  encodeDeadLetter,
  encodePending,
  encodeReplayState,
  toJsonText,
} from '../codec/records';
import { REPLAY_INTENT_SUFFIX, pairFilePath } from '../stores/fileNames';
import type { DeadLetterRecord, PendingAlert, ReplayScheduleState } from '../types';

/** A replay move: the whole new queue, dead-letter list and (optionally) replay state. */
export interface ReplayMoveIntent {
  readonly kind: 'replay_move';
  readonly pending: readonly PendingAlert[];
  readonly deadLetters: readonly DeadLetterRecord[];
  readonly state: ReplayScheduleState | null;
}

/**
 * An emit run's writes: dead letters to append after the first `deadLetterBase` records, then
 * the whole new queue. Appends are made idempotent by counting what is already there.
 */
export interface EmitIntent {
  readonly kind: 'emit';
  readonly deadLetterBase: number;
  readonly archived: readonly DeadLetterRecord[];
  readonly pending: readonly PendingAlert[];
}

export type WriteIntent = ReplayMoveIntent | EmitIntent;

export interface IntentStore {
  load(key: ScheduleKey): Promise<WriteIntent | null>;
  save(key: ScheduleKey, intent: WriteIntent): Promise<void>;
  clear(key: ScheduleKey): Promise<void>;
}

export class InMemoryIntentStore implements IntentStore {
  private readonly intents = new Map<string, WriteIntent>();
  async load(key: ScheduleKey): Promise<WriteIntent | null> {
    return this.intents.get(pairKey(normalizeKey(key.worldId, key.nodeId))) ?? null;
  }
  async save(key: ScheduleKey, intent: WriteIntent): Promise<void> {
    this.intents.set(pairKey(normalizeKey(key.worldId, key.nodeId)), intent);
  }
  async clear(key: ScheduleKey): Promise<void> {
    this.intents.delete(pairKey(normalizeKey(key.worldId, key.nodeId)));
  }
}

export function encodeIntent(intent: WriteIntent): string {
  if (intent.kind === 'replay_move') {
    return toJsonText({
      kind: intent.kind,
      pending: intent.pending.map(encodePending),
      dead_letters: intent.deadLetters.map(encodeDeadLetter),
      state: intent.state === null ? null : encodeReplayState(intent.state),
    });
  }
  return toJsonText({
    kind: intent.kind,
    dead_letter_base: intent.deadLetterBase,
    archived: intent.archived.map(encodeDeadLetter),
    pending: intent.pending.map(encodePending),
  });
}

export function decodeIntent(text: string, path: string): WriteIntent {
  const r = FieldReader.of(parseJson(text, path), path);
  const kind = r.oneOf('kind', ['replay_move', 'emit'] as const);
  const pending = expectArray(r.raw('pending'), path).map((v, i) => decodePending(v, `${path} pending[${i}]`));
  if (kind === 'replay_move') {
    const deadLetters = expectArray(r.raw('dead_letters'), path).map((v, i) => decodeDeadLetter(v, `${path} dead_letters[${i}]`));
    const state = r.has('state') ? decodeReplayState(r.raw('state'), `${path} (state)`) : null;
    return { kind, pending, deadLetters, state };
  }
  const archived = expectArray(r.raw('archived'), path).map((v, i) => decodeDeadLetter(v, `${path} archived[${i}]`));
  return { kind, deadLetterBase: r.count('dead_letter_base'), archived, pending };
}

export class FileIntentStore implements IntentStore {
  constructor(
    private readonly files: StoreFiles,
    private readonly root: string,
    private readonly profile: Profile = files.profile,
  ) {}
  pathFor(key: ScheduleKey): string {
    return pairFilePath(this.root, this.profile, key.worldId, key.nodeId, REPLAY_INTENT_SUFFIX);
  }
  async load(key: ScheduleKey): Promise<WriteIntent | null> {
    const path = this.pathFor(key);
    const text = await this.files.readText(path);
    return text === null ? null : decodeIntent(text, path);
  }
  async save(key: ScheduleKey, intent: WriteIntent): Promise<void> {
    await this.files.writeDocument(this.pathFor(key), encodeIntent(intent));
  }
  async clear(key: ScheduleKey): Promise<void> {
    await this.files.removeIfExists(this.pathFor(key));
  }
}

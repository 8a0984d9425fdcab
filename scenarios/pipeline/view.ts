// What the shared stores hold right now, read straight from the store host's disk model (no fs
// op, no randomness) and decoded with the core's decoders: per target, its dead letters, queue
// and replay state as every reader would see them — in `hardened`, with a pending intent rolled
// forward exactly as the storage's next access would (core/replay/hardened/storage.ts). Reading never
// changes the sim; decoding is cached per file text and the view once per step.
import {
  pairFilePath,
  DEAD_LETTER_SUFFIX,
  PENDING_SUFFIX,
  REPLAY_INTENT_SUFFIX,
  REPLAY_STATE_SUFFIX,
  type DeadLetterRecord,
  type PendingAlert,
  type ReplayScheduleState,
  type WriteIntent,
} from '../../core/exports-replay';
import type { Profile } from '../../core/ports';
import type { Sim } from '../../sim/index';
import { storeFileKind, tryDecode, type StoreFileKind } from './fileDecode';
import type { PipelineOptions } from './options';

/** One store file on the host and whether its store can read it. */
export interface StoreFileStatus {
  readonly path: string;
  readonly kind: StoreFileKind;
  readonly bytes: number;
  readonly error: string | null;
}

export interface TargetView {
  readonly target: string;
  /** Null when the file cannot be decoded (see `files`). */
  readonly deadLetters: readonly DeadLetterRecord[] | null;
  readonly pending: readonly PendingAlert[] | null;
  readonly state: ReplayScheduleState | null;
  /** True when a hardened intent was rolled forward to build this view. */
  readonly intentApplied: boolean;
}

export interface PipelineView {
  readonly hostUp: boolean;
  readonly targets: readonly TargetView[];
  readonly files: readonly StoreFileStatus[];
  /** The current text of every store file, by path. */
  readonly texts: ReadonlyMap<string, string>;
}

type Decode = <T>(kind: StoreFileKind, text: string, path: string) => { ok: true; value: T } | { ok: false; error: string };
type Read = (path: string) => string | null;

function decodeOr<T>(kind: StoreFileKind, read: Read, decode: Decode, path: string, empty: T): T | null {
  const text = read(path);
  if (text === null) return empty;
  const d = decode<T>(kind, text, path);
  return d.ok ? d.value : null;
}

/** The storage's `apply(intent, recovering = true)`, on decoded contents. */
function rollForward(intent: WriteIntent, dls: readonly DeadLetterRecord[], state: ReplayScheduleState | null) {
  if (intent.kind === 'replay_move') return { deadLetters: intent.deadLetters, pending: intent.pending, state: intent.state ?? state };
  const done = Math.min(Math.max(dls.length - intent.deadLetterBase, 0), intent.archived.length);
  return { deadLetters: [...dls, ...intent.archived.slice(done)], pending: intent.pending, state };
}

function targetView(o: PipelineOptions, profile: Profile, read: Read, decode: Decode, target: string): TargetView {
  const path = (suffix: string): string => pairFilePath(o.storeRoot, profile, o.worldId, target, suffix);
  const deadLetters = decodeOr<DeadLetterRecord[]>('dead-letters', read, decode, path(DEAD_LETTER_SUFFIX), []);
  const pending = decodeOr<PendingAlert[]>('pending', read, decode, path(PENDING_SUFFIX), []);
  const state = decodeOr<ReplayScheduleState | null>('replay-state', read, decode, path(REPLAY_STATE_SUFFIX), null);
  const intent = decodeOr<WriteIntent | null>('intent', read, decode, path(REPLAY_INTENT_SUFFIX), null);
  if (intent === null || deadLetters === null) return { target, deadLetters, pending, state, intentApplied: false };
  return { target, ...rollForward(intent, deadLetters, state), intentApplied: true };
}

/**
 * Reads the view of the shared stores. Decoding is cached per file text, so a call after a step
 * that wrote nothing costs a walk of the host's directory, not a parse.
 */
export class PipelineViewReader {
  private readonly cache = new Map<string, { text: string; decoded: { ok: true; value: unknown } | { ok: false; error: string } }>();

  constructor(
    private readonly sim: Sim,
    private readonly options: PipelineOptions,
    private readonly profile: Profile,
  ) {}

  private readonly decode: Decode = <T>(kind: StoreFileKind, text: string, path: string) => {
    const hit = this.cache.get(path);
    if (hit !== undefined && hit.text === text) return hit.decoded as { ok: true; value: T } | { ok: false; error: string };
    const decoded = tryDecode<T>(kind, text, path, this.profile);
    this.cache.set(path, { text, decoded });
    return decoded;
  };

  private memo: { step: number; view: PipelineView } | null = null;

  /** The view after the current step (computed once per step). */
  read(): PipelineView {
    const step = this.sim.steps;
    if (this.memo === null || this.memo.step !== step) this.memo = { step, view: this.readNow() };
    return this.memo.view;
  }

  private readNow(): PipelineView {
    const o = this.options;
    const host = this.sim.node(o.storeHost);
    const prefix = `${o.storeRoot}/`;
    const current = new Map<string, string>();
    const files: StoreFileStatus[] = [];
    for (const f of host.disk.inspect()) {
      const kind = storeFileKind(f.path);
      if (f.current === null || kind === null || !f.path.startsWith(prefix)) continue;
      current.set(f.path, f.current);
      const d = this.decode(kind, f.current, f.path);
      files.push({ path: f.path, kind, bytes: f.current.length, error: d.ok ? null : d.error });
    }
    const read: Read = (path) => current.get(path) ?? null;
    return { hostUp: host.up, targets: o.targets.map((t) => targetView(o, this.profile, read, this.decode, t)), files, texts: current };
  }
}

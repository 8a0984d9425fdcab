// Which served store methods write a target's alert data (pending queue, dead letters, replay
// state), and which (world, node) each writes — for both profiles' served interfaces: the plain
// stores of `original` and the fenced `HardenedStoragePort` of `hardened`.
import { normalizeKey, type ScheduleKey } from '../../core/common/ids';

type KeyOf = (args: readonly unknown[]) => { worldId: unknown; nodeId: unknown } | null;

const recordKey = (v: unknown): { worldId: unknown; nodeId: unknown } | null =>
  v !== null && typeof v === 'object' ? { worldId: (v as Record<string, unknown>).worldId, nodeId: (v as Record<string, unknown>).nodeId } : null;
const pair = (i: number): KeyOf => (a) => ({ worldId: a[i], nodeId: a[i + 1] });

/** Alert-data writes by method name (metrics lines and lease records are not alert data). */
const DATA_WRITES: Readonly<Record<string, KeyOf>> = {
  // original: RecoveryStore / DeadLetterStore / ReplayStateStore served as they are
  'recovery.savePending': pair(0),
  'dead-letters.append': (a) => recordKey(a[0]),
  'dead-letters.replace': pair(0),
  'replay-state.saveState': pair(0),
  // hardened: HardenedStoragePort (the first argument is the writer's fence)
  'hardened-storage.savePending': pair(1),
  'hardened-storage.appendDeadLetter': (a) => recordKey(a[1]),
  'hardened-storage.replaceDeadLetters': pair(1),
  'hardened-storage.saveState': pair(1),
  'hardened-storage.commitMove': (a) => recordKey((a[1] as { key?: unknown } | null)?.key ?? null),
  'hardened-storage.commitEmit': (a) => recordKey(a[1]),
};

/** The (world, node) a served call writes alert data for, or null if it is not such a write. */
export function dataWriteKey(service: string, method: string, args: readonly unknown[]): ScheduleKey | null {
  const keyOf = DATA_WRITES[`${service}.${method}`];
  if (keyOf === undefined) return null;
  const k = keyOf(args);
  if (k === null || typeof k.worldId !== 'string' || typeof k.nodeId !== 'string') return null;
  try {
    return normalizeKey(k.worldId, k.nodeId);
  } catch {
    return null;
  }
}

// `FileDrillAlertEventBus`: one JSONL file per key. `original` appends the JSON and the newline as
// two writes and fails the whole `list` on any bad line (W-D4). `hardened` appends one fsynced
// line after cutting a torn tail, shows only acknowledged appends, and keeps a corrupt line's slot.
import { normalizeKey, pairKey } from '../../common/ids';
import { joinPath } from '../../common/paths';
import type { StoreFiles } from '../../common/storeFiles';
import { KeyedMutex } from '../../replay/hardened/mutex';
import { decodeDrillAlertEvent, encodeDrillAlertEvent, type DrillAlertEvent } from './drillAlertEvent';
import { checkEventMatchesKey, type DrillAlertEventBus, type SequencedDrillAlertEvent } from './eventBus';

export const DRILL_ALERT_EVENT_FILE_SUFFIX = 'revocation-dead-letter-replay-rollback-governance-recovery-drill-alert-event.jsonl';

export const drillAlertEventFileName = (worldId: string, nodeId: string): string =>
  `${worldId}.${nodeId}.${DRILL_ALERT_EVENT_FILE_SUFFIX}`;

/** The profile is the one `files` was made with. */
export function createFileDrillAlertEventBus(files: StoreFiles, rootDir: string): DrillAlertEventBus {
  const hardened = files.profile === 'hardened';
  const mutex = new KeyedMutex();
  // Hardened: how many lines of each file were acknowledged (appended and fsynced) or found on
  // first read. A line being written is invisible, so a reader never sees an event a crash can undo.
  const visible = new Map<string, number>();
  const pathOf = (worldId: string, nodeId: string) => {
    const key = normalizeKey(worldId, nodeId);
    return { key, path: joinPath(rootDir, drillAlertEventFileName(key.worldId, key.nodeId)) };
  };

  const readSequenced = async (path: string): Promise<SequencedDrillAlertEvent[]> => {
    const lines = await files.readLines(path);
    if (!hardened) return lines.map((line, seq) => ({ seq, event: decodeDrillAlertEvent(line, path) }));
    const shown = visible.get(path) ?? lines.length;
    visible.set(path, shown);
    const out: SequencedDrillAlertEvent[] = [];
    lines.slice(0, shown).forEach((line, seq) => {
      try {
        out.push({ seq, event: decodeDrillAlertEvent(line, path) });
      } catch {
        // Bit rot inside an acknowledged line: the event is unreadable, its slot stays reserved.
      }
    });
    return out;
  };

  const listSequenced = async (worldId: string, nodeId: string): Promise<SequencedDrillAlertEvent[]> => {
    const { key, path } = pathOf(worldId, nodeId);
    if (!hardened) return readSequenced(path);
    return mutex.run(pairKey(key), () => readSequenced(path));
  };

  return {
    async publish(worldId: string, nodeId: string, event: DrillAlertEvent): Promise<void> {
      const { key, path } = pathOf(worldId, nodeId);
      checkEventMatchesKey(key, event, files.profile);
      const line = encodeDrillAlertEvent(event);
      if (!hardened) return files.appendLine(path, line);
      await mutex.run(pairKey(key), async () => {
        const lines = await files.readLines(path);
        const acked = visible.get(path) ?? lines.length;
        visible.set(path, acked);
        // A failed earlier append may have left a whole but unacknowledged line: drop it, so the
        // slot it took is given to this event and no sequence number is ever reused or shifted.
        if (lines.length > acked) await files.writeDocument(path, lines.slice(0, acked).map((l) => `${l}\n`).join(''));
        await files.appendLine(path, line);
        visible.set(path, acked + 1);
      });
    },
    list: async (worldId, nodeId) => (await listSequenced(worldId, nodeId)).map((s) => s.event),
    listSequenced,
  };
}

/** `FileDrillAlertEventBus(rootDir)`; the directory is created by the first publish. */
export class FileDrillAlertEventBus implements DrillAlertEventBus {
  private readonly bus: DrillAlertEventBus;
  constructor(files: StoreFiles, rootDir: string) {
    this.bus = createFileDrillAlertEventBus(files, rootDir);
  }
  publish(worldId: string, nodeId: string, event: DrillAlertEvent): Promise<void> {
    return this.bus.publish(worldId, nodeId, event);
  }
  list(worldId: string, nodeId: string): Promise<DrillAlertEvent[]> {
    return this.bus.list(worldId, nodeId);
  }
  listSequenced(worldId: string, nodeId: string): Promise<SequencedDrillAlertEvent[]> {
    return this.bus.listSequenced(worldId, nodeId);
  }
}

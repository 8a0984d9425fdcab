// P3.34 drill alert state and its stores (spec C §2.5). The file is pretty JSON (2-space indent,
// `{}` when empty). A missing file is the default; an empty or corrupt one is a SerdeError naming
// the file. `original` overwrites in place; `hardened` writes temp + fsync + rename (StoreFiles).
import { normalizeKey, pairKey, type ScheduleKey } from '../../common/ids';
import { joinPath } from '../../common/paths';
import { parseJson, type StoreFiles } from '../../common/storeFiles';
import { JsonReader } from '../common/json';

export interface DrillAlertState {
  readonly lastAlertAtMs: number | null;
}

export const defaultDrillAlertState = (): DrillAlertState => ({ lastAlertAtMs: null });

export interface DrillAlertStateStore {
  loadState(worldId: string, nodeId: string): Promise<DrillAlertState>;
  saveState(worldId: string, nodeId: string, state: DrillAlertState): Promise<void>;
}

export const DRILL_ALERT_STATE_FILE_SUFFIX = 'revocation-dead-letter-replay-rollback-governance-recovery-drill-alert-state.json';

export function encodeDrillAlertState(state: DrillAlertState): string {
  return JSON.stringify(state.lastAlertAtMs === null ? {} : { last_alert_at_ms: state.lastAlertAtMs }, null, 2);
}

export function decodeDrillAlertState(text: string, file: string): DrillAlertState {
  const r = new JsonReader(file, 'drill alert state');
  return { lastAlertAtMs: r.optionalI64(r.object(parseJson(text, file)), 'last_alert_at_ms') };
}

export class InMemoryDrillAlertStateStore implements DrillAlertStateStore {
  private readonly states = new Map<string, DrillAlertState>();

  async loadState(worldId: string, nodeId: string): Promise<DrillAlertState> {
    return { ...(this.states.get(pairKey(normalizeKey(worldId, nodeId))) ?? defaultDrillAlertState()) };
  }

  async saveState(worldId: string, nodeId: string, state: DrillAlertState): Promise<void> {
    this.states.set(pairKey(normalizeKey(worldId, nodeId)), { ...state });
  }
}

export class FileDrillAlertStateStore implements DrillAlertStateStore {
  constructor(
    private readonly files: StoreFiles,
    private readonly rootDir: string,
  ) {}

  private pathOf(key: ScheduleKey): string {
    return joinPath(this.rootDir, `${key.worldId}.${key.nodeId}.${DRILL_ALERT_STATE_FILE_SUFFIX}`);
  }

  async loadState(worldId: string, nodeId: string): Promise<DrillAlertState> {
    const path = this.pathOf(normalizeKey(worldId, nodeId));
    const text = await this.files.readText(path);
    return text === null ? defaultDrillAlertState() : decodeDrillAlertState(text, path);
  }

  async saveState(worldId: string, nodeId: string, state: DrillAlertState): Promise<void> {
    await this.files.writeDocument(this.pathOf(normalizeKey(worldId, nodeId)), encodeDrillAlertState(state));
  }
}

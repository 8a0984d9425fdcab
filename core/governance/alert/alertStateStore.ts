// P3.31 persisted rollback-alert state (spec B §3.1), so the alert cooldown survives restarts.
// File: `<w>.<n>.revocation-dead-letter-replay-rollback-alert-state.json`; the default is `{}`.
import type { StoreFiles } from '../../common/storeFiles';
import { createFileDocumentStore, createMemoryDocumentStore, type DocumentStore } from '../stores/documentStore';
import { FILE_SUFFIX } from '../stores/storePath';
import { alertStateFromJson, alertStateJson, defaultRollbackAlertState, type RollbackAlertState } from './rollbackAlert';

export interface RollbackAlertStateStore {
  loadAlertState(worldId: string, nodeId: string): Promise<RollbackAlertState>;
  saveAlertState(worldId: string, nodeId: string, state: RollbackAlertState): Promise<void>;
}

class DocumentBackedAlertStateStore implements RollbackAlertStateStore {
  constructor(private readonly docs: DocumentStore<RollbackAlertState>) {}
  loadAlertState(worldId: string, nodeId: string): Promise<RollbackAlertState> {
    return this.docs.load(worldId, nodeId);
  }
  saveAlertState(worldId: string, nodeId: string, state: RollbackAlertState): Promise<void> {
    return this.docs.save(worldId, nodeId, state);
  }
}

export class InMemoryRollbackAlertStateStore extends DocumentBackedAlertStateStore {
  constructor() {
    super(createMemoryDocumentStore(defaultRollbackAlertState));
  }
}

export class FileRollbackAlertStateStore extends DocumentBackedAlertStateStore {
  constructor(files: StoreFiles, rootDir: string) {
    super(
      createFileDocumentStore(files, rootDir, {
        suffix: FILE_SUFFIX.alertState,
        fallback: defaultRollbackAlertState,
        encode: alertStateJson,
        decode: alertStateFromJson,
      }),
    );
  }
}

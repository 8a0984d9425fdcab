// P3.31 governance state store (spec B §3.4): the rollback streak and the last level per key.
// File: `<w>.<n>.revocation-dead-letter-replay-rollback-governance-state.json`.
import type { StoreFiles } from '../../common/storeFiles';
import { createFileDocumentStore, createMemoryDocumentStore, type DocumentStore } from '../stores/documentStore';
import { FILE_SUFFIX } from '../stores/storePath';
import {
  defaultGovernanceState,
  governanceStateFromJson,
  governanceStateJson,
  type GovernanceState,
} from './governanceLevel';

export interface GovernanceStateStore {
  loadGovernanceState(worldId: string, nodeId: string): Promise<GovernanceState>;
  saveGovernanceState(worldId: string, nodeId: string, state: GovernanceState): Promise<void>;
}

class DocumentBackedGovernanceStateStore implements GovernanceStateStore {
  constructor(private readonly docs: DocumentStore<GovernanceState>) {}
  loadGovernanceState(worldId: string, nodeId: string): Promise<GovernanceState> {
    return this.docs.load(worldId, nodeId);
  }
  saveGovernanceState(worldId: string, nodeId: string, state: GovernanceState): Promise<void> {
    return this.docs.save(worldId, nodeId, state);
  }
}

export class InMemoryGovernanceStateStore extends DocumentBackedGovernanceStateStore {
  constructor() {
    super(createMemoryDocumentStore(defaultGovernanceState));
  }
}

export class FileGovernanceStateStore extends DocumentBackedGovernanceStateStore {
  constructor(files: StoreFiles, rootDir: string) {
    super(
      createFileDocumentStore(files, rootDir, {
        suffix: FILE_SUFFIX.governanceState,
        fallback: defaultGovernanceState,
        encode: governanceStateJson,
        decode: governanceStateFromJson,
      }),
    );
  }
}

// P3.29 policy store (spec B §1.3): one policy state per (world, node). Nothing stored reads as the
// default, virgin state. File: `<w>.<n>.revocation-dead-letter-replay-policy-state.json`.
import type { StoreFiles } from '../../common/storeFiles';
import { createFileDocumentStore, createMemoryDocumentStore, type DocumentStore } from '../stores/documentStore';
import { FILE_SUFFIX } from '../stores/storePath';
import { defaultReplayPolicyState, policyStateFromJson, policyStateJson, type ReplayPolicyState } from './policyState';

export interface ReplayPolicyStore {
  loadPolicyState(worldId: string, nodeId: string): Promise<ReplayPolicyState>;
  savePolicyState(worldId: string, nodeId: string, state: ReplayPolicyState): Promise<void>;
}

class DocumentBackedPolicyStore implements ReplayPolicyStore {
  constructor(private readonly docs: DocumentStore<ReplayPolicyState>) {}
  loadPolicyState(worldId: string, nodeId: string): Promise<ReplayPolicyState> {
    return this.docs.load(worldId, nodeId);
  }
  savePolicyState(worldId: string, nodeId: string, state: ReplayPolicyState): Promise<void> {
    return this.docs.save(worldId, nodeId, state);
  }
}

export class InMemoryReplayPolicyStore extends DocumentBackedPolicyStore {
  constructor() {
    super(createMemoryDocumentStore(defaultReplayPolicyState));
  }
}

export class FileReplayPolicyStore extends DocumentBackedPolicyStore {
  constructor(files: StoreFiles, rootDir: string) {
    super(
      createFileDocumentStore(files, rootDir, {
        suffix: FILE_SUFFIX.policyState,
        fallback: defaultReplayPolicyState,
        encode: policyStateJson,
        decode: policyStateFromJson,
      }),
    );
  }
}

// The store sets the profile-independent spec examples run on: in memory, file-backed as the spec
// wrote it (`original`), and file-backed `hardened` storage (crash-safe files + journaled moves;
// fencing is covered by its own tests, so these views carry no fence and the storage checks none).
import { createStoreFiles } from '../../../../core/common/storeFiles';
import { FileDeadLetterStore } from '../../../../core/replay/stores/fileDeadLetters';
import { FileRecoveryStore } from '../../../../core/replay/stores/fileRecovery';
import { FileReplayStateStore } from '../../../../core/replay/stores/fileState';
import {
  InMemoryDeadLetterStore,
  InMemoryRecoveryStore,
  InMemoryReplayStateStore,
} from '../../../../core/replay/stores/memory';
import { FileIntentStore } from '../../../../core/replay/hardened/intent';
import { KeyedMutex } from '../../../../core/replay/hardened/mutex';
import { HardenedReplayStorage } from '../../../../core/replay/hardened/storage';
import { bindHardenedStores } from '../../../../core/replay/hardened/worker';
import type { DeadLetterStore, RecoveryStore, ReplayStateStore } from '../../../../core/replay/types';
import { directPipelineWriter, type PipelineWriter } from '../../../../core/replay/writer';
import { MemoryFs } from './memoryFs';

export interface StoreSet {
  readonly recoveryStore: RecoveryStore;
  readonly deadLetterStore: DeadLetterStore;
  readonly stateStore: ReplayStateStore;
  readonly writer: PipelineWriter;
}

export type StoreSetKind = 'memory' | 'file-original' | 'file-hardened';
export const STORE_SET_KINDS: readonly StoreSetKind[] = ['memory', 'file-original', 'file-hardened'];

export async function makeStoreSet(kind: StoreSetKind, fs: MemoryFs = new MemoryFs(), root = '/data'): Promise<StoreSet> {
  if (kind === 'memory') {
    const recoveryStore = new InMemoryRecoveryStore();
    const deadLetterStore = new InMemoryDeadLetterStore();
    const stateStore = new InMemoryReplayStateStore();
    return { recoveryStore, deadLetterStore, stateStore, writer: directPipelineWriter(recoveryStore, deadLetterStore, stateStore) };
  }
  const files = createStoreFiles(fs, kind === 'file-original' ? 'original' : 'hardened');
  const raw = {
    recoveryStore: await FileRecoveryStore.open(files, root),
    deadLetterStore: await FileDeadLetterStore.open(files, root),
    stateStore: await FileReplayStateStore.open(files, root),
  };
  if (kind === 'file-original') return { ...raw, writer: directPipelineWriter(raw.recoveryStore, raw.deadLetterStore, raw.stateStore) };
  const storage = new HardenedReplayStorage({ ...raw, intents: new FileIntentStore(files, root), mutex: new KeyedMutex(), leases: null });
  return bindHardenedStores(storage, () => null);
}

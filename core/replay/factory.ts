// One place that assembles part A's stores for a profile, so a simulator scenario selects the
// behaviour by name:
// - `original`: the spec's stores (file-backed over StoreFiles 'original', or in memory), the
//   store-backed coordinator (load then save, no fencing, caller's `now`), the direct writer.
//   Every worker shares the same objects.
// - `hardened`: the same stores underneath (file-backed over StoreFiles 'hardened': crash-safe
//   rewrites and appends), wrapped by HardenedReplayStorage (journaled moves, fenced writes) and a
//   FencedLeaseService on `clock`. Each worker gets its own FencedCoordinatorClient and store views
//   that carry that worker's fence. For remote workers, serve `hardened.storage` and
//   `hardened.leases` over a transport and call `bindHardenedWorker` on the worker side.
import { ValidationError } from '../common/errors';
import { createStoreFiles } from '../common/storeFiles';
import type { Clock, FileSystem, Profile } from '../ports';
import { StoreBackedScheduleCoordinator } from './leases/coordinators';
import { FileDeadLetterStore } from './stores/fileDeadLetters';
import { FileRecoveryStore } from './stores/fileRecovery';
import { FileLeaseStore, FileReplayStateStore } from './stores/fileState';
import { InMemoryDeadLetterStore, InMemoryLeaseStore, InMemoryRecoveryStore, InMemoryReplayStateStore } from './stores/memory';
import type { DeadLetterStore, LeaseStore, RecoveryStore, ReplayStateStore, ScheduleCoordinator } from './types';
import { directPipelineWriter, type PipelineWriter } from './writer';
import { FencedLeaseService, FileFencedLeaseRecordStore, InMemoryFencedLeaseRecordStore, type FencedLeasePort } from './hardened/fencedLease';
import { FileIntentStore, InMemoryIntentStore } from './hardened/intent';
import { KeyedMutex } from './hardened/mutex';
import { HardenedReplayStorage, type HardenedStoragePort } from './hardened/storage';
import { bindHardenedStores, FencedCoordinatorClient } from './hardened/worker';

export interface ReplayStoresOptions {
  readonly profile: Profile;
  /** File-backed stores over this FileSystem; omitted → in-memory stores. */
  readonly fs?: FileSystem;
  /** Root directory of the store files (required with `fs`). */
  readonly root?: string;
  /** The clock of the node owning the stores; required by `hardened` (lease time). */
  readonly clock?: Clock;
}

/** What one worker uses to run the orchestrations. */
export interface WorkerReplayStores {
  readonly recoveryStore: RecoveryStore;
  readonly deadLetterStore: DeadLetterStore;
  readonly stateStore: ReplayStateStore;
  readonly coordinator: ScheduleCoordinator;
  readonly writer: PipelineWriter;
}

export interface ReplayStores {
  readonly profile: Profile;
  /** The stores and coordinator a worker uses (`original`: shared objects; `hardened`: its own fence). */
  forWorker(): WorkerReplayStores;
  /** The plain stores underneath (no fencing, no journal): for inspection by tests and the TUI. */
  readonly raw: { recoveryStore: RecoveryStore; deadLetterStore: DeadLetterStore; stateStore: ReplayStateStore; leaseStore: LeaseStore };
  /** Hardened only: what a storage node serves to remote workers. */
  /** `mutex` is the one lease grants and fenced writes share: other parts' fenced stores take it too. */
  readonly hardened: { storage: HardenedStoragePort; leases: FencedLeaseService; mutex: KeyedMutex } | null;
}

/** A worker's view of hardened storage served elsewhere (e.g. through an RPC proxy). */
export function bindHardenedWorker(storage: HardenedStoragePort, leases: FencedLeasePort): WorkerReplayStores {
  const coordinator = new FencedCoordinatorClient(leases);
  return { ...bindHardenedStores(storage, (w) => coordinator.fenceFor(w)), coordinator };
}

export async function createReplayStores(options: ReplayStoresOptions): Promise<ReplayStores> {
  const { profile, fs } = options;
  let raw: ReplayStores['raw'];
  const files = fs ? createStoreFiles(fs, profile) : null;
  if (files) {
    if (!options.root) throw new ValidationError('replay stores root must be given with fs');
    const root = options.root;
    raw = {
      recoveryStore: await FileRecoveryStore.open(files, root),
      deadLetterStore: await FileDeadLetterStore.open(files, root),
      stateStore: await FileReplayStateStore.open(files, root),
      leaseStore: await FileLeaseStore.open(files, root),
    };
  } else {
    raw = {
      recoveryStore: new InMemoryRecoveryStore(),
      deadLetterStore: new InMemoryDeadLetterStore(),
      stateStore: new InMemoryReplayStateStore(),
      leaseStore: new InMemoryLeaseStore(),
    };
  }
  if (profile === 'original') {
    const shared: WorkerReplayStores = {
      recoveryStore: raw.recoveryStore,
      deadLetterStore: raw.deadLetterStore,
      stateStore: raw.stateStore,
      coordinator: new StoreBackedScheduleCoordinator(raw.leaseStore),
      writer: directPipelineWriter(raw.recoveryStore, raw.deadLetterStore, raw.stateStore),
    };
    return { profile, forWorker: () => shared, raw, hardened: null };
  }
  if (!options.clock) throw new ValidationError('replay stores clock is required by the hardened profile');
  const mutex = new KeyedMutex();
  const leaseRecords = files ? new FileFencedLeaseRecordStore(files, options.root as string) : new InMemoryFencedLeaseRecordStore();
  const leases = new FencedLeaseService(leaseRecords, options.clock, mutex);
  const intents = files ? new FileIntentStore(files, options.root as string) : new InMemoryIntentStore();
  const storage = new HardenedReplayStorage({ ...raw, intents, mutex, leases });
  return { profile, forWorker: () => bindHardenedWorker(storage, leases), raw, hardened: { storage, leases, mutex } };
}

// One place that builds part C's stores for a node, memory or file-backed, for a profile. File
// stores share one StoreFiles, so the profile's write strategy is applied uniformly. The hot and
// cold tiers get separate directories (a shared one would alias their files, W-F6).
import { joinPath } from '../common/paths';
import { createStoreFiles } from '../common/storeFiles';
import {
  FileGovernanceAuditRetentionStore,
  InMemoryGovernanceAuditRetentionStore,
  type GovernanceAuditRetentionStore,
} from '../governance/archive/governanceAudit';
import type { FileSystem, Profile } from '../ports';
import { FileDrillAlertStateStore, InMemoryDrillAlertStateStore, type DrillAlertStateStore } from './alerts/drillAlertStateStore';
import { InMemoryDrillAlertEventBus, type DrillAlertEventBus } from './bus/eventBus';
import { FileDrillAlertEventBus } from './bus/fileEventBus';
import { KeyedMutex } from '../replay/hardened/mutex';
import {
  FileSequenceCursorStateStore,
  InMemorySequenceCursorStateStore,
  type SequenceCursorStateStore,
} from './cursors/sequenceCursorStateStore';
import {
  createFileNodeSequenceCursorStore,
  InMemoryNodeSequenceCursorStore,
  type NodeSequenceCursorStore,
} from './hardened/nodeSequenceCursorStore';
import type { HardenedTiering } from './tiering/hardenedOffload';
import { FileOffloadIntentStore, InMemoryOffloadIntentStore } from './tiering/offloadIntent';

export interface EventStores {
  readonly profile: Profile;
  readonly hotStore: GovernanceAuditRetentionStore;
  readonly coldStore: GovernanceAuditRetentionStore;
  /** Offload intents and the per-key lock of this node's tiers (used by 'hardened'). */
  readonly tiering: HardenedTiering;
  readonly drillAlertStateStore: DrillAlertStateStore;
  readonly eventBus: DrillAlertEventBus;
  readonly sequenceCursorStateStore: SequenceCursorStateStore;
  readonly nodeSequenceCursorStore: NodeSequenceCursorStore;
  /** Serialises each consumer's pull → deliver → commit on this node (hardened). */
  readonly consumerMutex: KeyedMutex;
}

export interface EventStoresOptions {
  readonly fs: FileSystem;
  readonly root: string;
  readonly profile: Profile;
}

/** Layout under `root`: `hot/`, `cold/`, `tiering/`, `alerts/`, `events/`, `cursors/`. */
export function createEventStores(options: EventStoresOptions): EventStores {
  const files = createStoreFiles(options.fs, options.profile);
  const dir = (name: string) => joinPath(options.root, name);
  return {
    profile: options.profile,
    hotStore: new FileGovernanceAuditRetentionStore(files, dir('hot')),
    coldStore: new FileGovernanceAuditRetentionStore(files, dir('cold')),
    tiering: { intents: new FileOffloadIntentStore(files, dir('tiering')), mutex: new KeyedMutex() },
    drillAlertStateStore: new FileDrillAlertStateStore(files, dir('alerts')),
    eventBus: new FileDrillAlertEventBus(files, dir('events')),
    sequenceCursorStateStore: new FileSequenceCursorStateStore(files, dir('cursors')),
    nodeSequenceCursorStore: createFileNodeSequenceCursorStore(options.fs, dir('cursors')),
    consumerMutex: new KeyedMutex(),
  };
}

export function createInMemoryEventStores(profile: Profile = 'original'): EventStores {
  return {
    profile,
    hotStore: new InMemoryGovernanceAuditRetentionStore(),
    coldStore: new InMemoryGovernanceAuditRetentionStore(),
    tiering: { intents: new InMemoryOffloadIntentStore(), mutex: new KeyedMutex() },
    drillAlertStateStore: new InMemoryDrillAlertStateStore(),
    eventBus: new InMemoryDrillAlertEventBus(profile),
    sequenceCursorStateStore: new InMemorySequenceCursorStateStore(),
    nodeSequenceCursorStore: new InMemoryNodeSequenceCursorStore(),
    consumerMutex: new KeyedMutex(),
  };
}

// One place that assembles part B's stores for a profile, so a simulator scenario picks the
// behaviour by name (mirrors part A's `createReplayStores`):
// - `original`: the spec's stores, file-backed over StoreFiles 'original' (in-place rewrites,
//   two-write appends) or in memory; every worker shares them; no commit port.
// - `hardened`: the same stores over StoreFiles 'hardened' (crash-safe writes, escaped file names),
//   behind HardenedGovernanceStorage (journaled commits, roll-forward on every access, fenced
//   writes when part A's lease service is given). Each worker gets views carrying its fence.
import { ValidationError } from '../../common/errors';
import { createStoreFiles } from '../../common/storeFiles';
import type { FileSystem, Profile } from '../../ports';
import type { FencedLeaseService, Fence } from '../../replay/hardened/fencedLease';
import { KeyedMutex } from '../../replay/hardened/mutex';
import { FencedCoordinatorClient } from '../../replay/hardened/worker';
import type { ScheduleCoordinator } from '../../replay/types';
import { FileRollbackAlertStateStore, InMemoryRollbackAlertStateStore } from '../alert/alertStateStore';
import { FileGovernanceAuditRetentionStore, InMemoryGovernanceAuditRetentionStore } from '../archive/governanceAudit';
import { FilePolicyAuditStore, InMemoryPolicyAuditStore } from '../audit/adoptionAudit';
import { FileGovernanceIntentStore, InMemoryGovernanceIntentStore, type GovernanceIntentStore } from '../hardened/commitIntent';
import { HardenedGovernanceStorage, type GovernanceStorageParts } from '../hardened/storage';
import { bindHardenedGovernanceStores, type GovernanceWorkerStores } from '../hardened/worker';
import { FileGovernanceStateStore, InMemoryGovernanceStateStore } from '../level/governanceStateStore';
import { FileReplayPolicyStore, InMemoryReplayPolicyStore } from '../policy/policyStore';
import { FileDrillScheduleStateStore, InMemoryDrillScheduleStateStore } from '../schedule/drillSchedule';

export interface GovernanceStoresOptions {
  readonly profile: Profile;
  /** File-backed stores over this FileSystem; omitted → in-memory stores. */
  readonly fs?: FileSystem;
  /** Root directory of the store files (required with `fs`). */
  readonly root?: string;
  /**
   * Hardened: part A's lease service and the mutex it runs under, so B's writes are fenced by the
   * same grants and "fence is current" plus the write is one step. Omitted: journal only.
   */
  readonly lease?: { readonly service: FencedLeaseService; readonly mutex: KeyedMutex };
}

export type RawGovernanceStores = Omit<GovernanceStorageParts, 'intents' | 'mutex' | 'leases'>;

export interface GovernanceStores {
  readonly profile: Profile;
  /** The plain stores underneath (no journal, no fencing): for inspection by tests and the TUI. */
  readonly raw: RawGovernanceStores & { readonly intents: GovernanceIntentStore | null };
  /** What one worker passes to the entry points; `fenceFor` gives its current lease fence. */
  forWorker(fenceFor?: (worldId: string) => Fence | null): GovernanceWorkerStores;
  /** Hardened only: what a storage node serves to remote workers. */
  readonly hardened: { readonly storage: HardenedGovernanceStorage } | null;
}

/** The fence source of a worker's coordinator: part A's fenced client, or none. */
export const fenceSourceOf = (coordinator: ScheduleCoordinator): ((worldId: string) => Fence | null) =>
  coordinator instanceof FencedCoordinatorClient ? (w) => coordinator.fenceFor(w) : () => null;

function rawStores(options: GovernanceStoresOptions): RawGovernanceStores & { intents: GovernanceIntentStore } {
  if (!options.fs) {
    return {
      replayPolicyStore: new InMemoryReplayPolicyStore(),
      policyAuditStore: new InMemoryPolicyAuditStore(),
      alertStateStore: new InMemoryRollbackAlertStateStore(),
      governanceStateStore: new InMemoryGovernanceStateStore(),
      governanceAuditStore: new InMemoryGovernanceAuditRetentionStore(),
      scheduleStateStore: new InMemoryDrillScheduleStateStore(),
      intents: new InMemoryGovernanceIntentStore(),
    };
  }
  if (!options.root) throw new ValidationError('governance stores root must be given with fs');
  const files = createStoreFiles(options.fs, options.profile);
  const root = options.root;
  return {
    replayPolicyStore: new FileReplayPolicyStore(files, root),
    policyAuditStore: new FilePolicyAuditStore(files, root),
    alertStateStore: new FileRollbackAlertStateStore(files, root),
    governanceStateStore: new FileGovernanceStateStore(files, root),
    governanceAuditStore: new FileGovernanceAuditRetentionStore(files, root),
    scheduleStateStore: new FileDrillScheduleStateStore(files, root),
    intents: new FileGovernanceIntentStore(files, root),
  };
}

export async function createGovernanceStores(options: GovernanceStoresOptions): Promise<GovernanceStores> {
  const { intents, ...raw } = rawStores(options);
  if (options.fs && options.root) await createStoreFiles(options.fs, options.profile).ensureDir(options.root);
  if (options.profile === 'original') {
    const shared: GovernanceWorkerStores = { ...raw, retentionStore: raw.governanceAuditStore, commitPort: null };
    return { profile: 'original', raw: { ...raw, intents: null }, forWorker: () => shared, hardened: null };
  }
  const storage = new HardenedGovernanceStorage({
    ...raw,
    intents,
    mutex: options.lease?.mutex ?? new KeyedMutex(),
    leases: options.lease?.service ?? null,
  });
  return {
    profile: 'hardened',
    raw: { ...raw, intents },
    forWorker: (fenceFor = () => null) => bindHardenedGovernanceStores(storage, fenceFor),
    hardened: { storage },
  };
}

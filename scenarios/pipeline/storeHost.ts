// The store host's software: at every boot it opens the targets' shared stores from its disk
// through the core factory (`createReplayStores`, so the profile picks the shell) and serves
// them over RPC. `original` serves the plain stores and the lease store (workers run the
// store-backed coordinator themselves, so acquire is a remote load then a remote save);
// `hardened` serves the fenced storage and the fenced lease service. Every alert-data write the
// host completes goes into the ledger with the calling node.
import { normalizeWorldId } from '../../core/common/ids';
import { createStoreFiles, type StoreFiles } from '../../core/common/storeFiles';
import { createReplayStores, type ReplayStores } from '../../core/exports-replay';
import type { NodeContext } from '../../sim/index';
import { alertIdsIn } from './alertIds';
import { serveObserved, type ServedCall } from './rpcServe';
import { dataWriteKey } from './storeCalls';
import type { PipelineRuntime } from './runtime';

/** Service names on the store host, by profile. */
export const ORIGINAL_SERVICES = { recovery: 'recovery', deadLetters: 'dead-letters', state: 'replay-state', leases: 'lease-store' } as const;
export const HARDENED_SERVICES = { storage: 'hardened-storage', leases: 'hardened-leases' } as const;

/** What the store host's current incarnation built; extensions add their own services from it. */
export interface HostContext {
  readonly ctx: NodeContext;
  readonly stores: ReplayStores;
  readonly files: StoreFiles;
  readonly runtime: PipelineRuntime;
}

/** A lease the store host granted: original `lease-store.save`, hardened `hardened-leases.acquire`. */
function grantOf(service: string, call: ServedCall): { key: string; holder: string } | null {
  if (service === ORIGINAL_SERVICES.leases && call.method === 'save') {
    const state = call.args[1] as { holderNodeId?: unknown } | null;
    return typeof call.args[0] === 'string' && typeof state?.holderNodeId === 'string' ? { key: call.args[0], holder: state.holderNodeId } : null;
  }
  if (service === HARDENED_SERVICES.leases && call.method === 'acquire') {
    const grant = call.result as { scope?: unknown; holderNodeId?: unknown } | null | undefined;
    return typeof grant?.scope === 'string' && typeof grant.holderNodeId === 'string' ? { key: grant.scope, holder: grant.holderNodeId } : null;
  }
  return null;
}

/** Records a completed store call (served or in-process): alert-data writes and lease grants. */
export function observeCall(runtime: PipelineRuntime, service: string, call: ServedCall): void {
  if (call.error !== null) return;
  const { sim, ledger } = runtime;
  const grant = grantOf(service, call);
  if (grant !== null) {
    const holderIncarnation = sim.node(grant.holder).incarnation;
    ledger.recordGrant({ step: sim.steps, timeMs: sim.nowMs, key: normalizeWorldId(grant.key), holder: grant.holder, holderIncarnation });
    return;
  }
  const key = dataWriteKey(service, call.method, call.args);
  if (key === null) return;
  ledger.recordWrite({
    step: sim.steps,
    timeMs: sim.nowMs,
    from: call.from,
    fromIncarnation: sim.node(call.from).incarnation,
    service,
    method: call.method,
    worldId: key.worldId,
    nodeId: key.nodeId,
    alertIds: alertIdsIn(call.args),
  });
}

async function openStores(ctx: NodeContext, runtime: PipelineRuntime): Promise<ReplayStores> {
  for (;;) {
    try {
      return await createReplayStores({ profile: runtime.profile, fs: ctx.fs, root: runtime.options.storeRoot, clock: ctx.clock });
    } catch (e) {
      ctx.record('pipeline.host', { op: 'open-failed', error: e instanceof Error ? e.message : String(e) });
      await ctx.sleep(10); // an injected EIO at boot: try again
    }
  }
}

/** The objects the host serves, by service name. */
export function servedObjects(stores: ReplayStores): Record<string, object> {
  if (stores.hardened !== null) {
    return { [HARDENED_SERVICES.storage]: stores.hardened.storage, [HARDENED_SERVICES.leases]: stores.hardened.leases };
  }
  return {
    [ORIGINAL_SERVICES.recovery]: stores.raw.recoveryStore,
    [ORIGINAL_SERVICES.deadLetters]: stores.raw.deadLetterStore,
    [ORIGINAL_SERVICES.state]: stores.raw.stateStore,
    [ORIGINAL_SERVICES.leases]: stores.raw.leaseStore,
  };
}

/** Boots the store host part of a node: open, register for same-node workers, serve. */
export async function runStoreHost(ctx: NodeContext, runtime: PipelineRuntime): Promise<void> {
  const stores = await openStores(ctx, runtime);
  const files = createStoreFiles(ctx.fs, runtime.profile);
  const objects: Record<string, object> = { ...servedObjects(stores) };
  const extra = runtime.extensions.hostServices;
  if (extra !== undefined) Object.assign(objects, await extra({ ctx, stores, files, runtime }));
  runtime.hostIncarnation = { incarnation: ctx.incarnation, stores, objects };
  for (const name of Object.keys(objects).sort()) {
    serveObserved(ctx, name, objects[name], (call) => observeCall(runtime, name, call));
  }
  ctx.record('pipeline.host', { op: 'serving', services: Object.keys(objects).sort() });
}

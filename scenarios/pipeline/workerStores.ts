// A worker's view of the shared stores, by profile, exactly as the core's factory intends:
// - `original`: the plain stores and the lease store behind RPC proxies, the store-backed
//   coordinator running on the worker (so acquire is a remote load then a remote save, spec
//   §14.1) and the direct writer (one remote call per write, in the spec's order);
// - `hardened`: `bindHardenedWorker` over proxies of the fenced storage and lease service.
// A worker on the store host itself uses the host's objects in-process; its writes are recorded
// in the ledger as if served.
import {
  bindHardenedWorker,
  directPipelineWriter,
  StoreBackedScheduleCoordinator,
  type DeadLetterStore,
  type FencedLeasePort,
  type HardenedStoragePort,
  type LeaseStore,
  type RecoveryStore,
  type ReplayStateStore,
  type WorkerReplayStores,
} from '../../core/exports-replay';
import { remoteObject, type NodeContext } from '../../sim/index';
import type { PipelineRuntime } from './runtime';
import { HARDENED_SERVICES, observeCall, ORIGINAL_SERVICES } from './storeHost';

/** An in-process object whose completed calls are observed like served ones. */
function observedLocal<T extends object>(obj: T, service: string, from: string, runtime: PipelineRuntime): T {
  return new Proxy(obj, {
    get(target, prop, receiver) {
      const v = Reflect.get(target, prop, receiver) as unknown;
      if (typeof prop !== 'string' || typeof v !== 'function') return v;
      return async (...args: unknown[]) => {
        try {
          const result = (await (v as (...a: unknown[]) => unknown).apply(target, args)) as unknown;
          observeCall(runtime, service, { from, method: prop, args, error: null, result });
          return result;
        } catch (error) {
          observeCall(runtime, service, { from, method: prop, args, error });
          throw error;
        }
      };
    },
  });
}

/** The store-host object `service` for this worker: in-process if co-located, else a proxy. */
export function serviceFor<T extends object>(ctx: NodeContext, runtime: PipelineRuntime, service: string): T {
  const host = runtime.options.storeHost;
  const local = ctx.id === host ? runtime.hostIncarnation?.objects[service] : undefined;
  if (local !== undefined) return observedLocal(local as T, service, ctx.id, runtime);
  return remoteObject<T>(ctx.transport, host, service) as unknown as T;
}

export function baseWorkerStores(ctx: NodeContext, runtime: PipelineRuntime): WorkerReplayStores {
  if (runtime.profile === 'hardened') {
    const storage = serviceFor<HardenedStoragePort>(ctx, runtime, HARDENED_SERVICES.storage);
    const leases = serviceFor<FencedLeasePort>(ctx, runtime, HARDENED_SERVICES.leases);
    return bindHardenedWorker(storage, leases);
  }
  const recoveryStore = serviceFor<RecoveryStore>(ctx, runtime, ORIGINAL_SERVICES.recovery);
  const deadLetterStore = serviceFor<DeadLetterStore>(ctx, runtime, ORIGINAL_SERVICES.deadLetters);
  const stateStore = serviceFor<ReplayStateStore>(ctx, runtime, ORIGINAL_SERVICES.state);
  const leaseStore = serviceFor<LeaseStore>(ctx, runtime, ORIGINAL_SERVICES.leases);
  return {
    recoveryStore,
    deadLetterStore,
    stateStore,
    coordinator: new StoreBackedScheduleCoordinator(leaseStore),
    writer: directPipelineWriter(recoveryStore, deadLetterStore, stateStore),
  };
}

// The shared replay-pipeline world (workers n1..n3, a store host serving the targets' shared
// stores and leases over RPC, an alert sink with outage windows, a ledger for the checkers).
// Scenarios build on it with `pipelineFromBuild(ctx, options, extensions)`.
export * from './alertIds';
export * from './ledger';
export * from './options';
export * from './runtime';
export * from './storeHost';
export * from './sink';
export * from './view';
export * from './world';
export * from './plan';
export * from './invariants';
export * from './planArbitrary';
export * from './findingTypes';
export { WorkerRecorder, newRunContext, type RunContext, type RunReads } from './recording';
export { baseWorkerStores, serviceFor } from './workerStores';
export { storeFileKind, decodeStoreFile, tryDecode, type StoreFileKind } from './fileDecode';

// Part A (spec A-replay.md): alerts, delivery, dead letters, leases, priority and fair replay,
// adaptive policy and guard, plus the hardened profile's shell pieces. Everything other parts use
// is exported from here by name.
export * from './replay/types';
export * from './replay/validation';
export * from './replay/writer';
export * from './replay/factory';
// codecs (snake_case on disk)
export { FieldReader, expectArray } from './replay/codec/fields';
export * from './replay/codec/records';
// alerts
export * from './replay/alerts/evaluate';
export * from './replay/alerts/sinks';
// delivery
export * from './replay/delivery/metrics';
export * from './replay/delivery/pending';
export * from './replay/delivery/emit';
// stores
export * from './replay/stores/memory';
export * from './replay/stores/fileNames';
export * from './replay/stores/fileRecovery';
export * from './replay/stores/fileDeadLetters';
export * from './replay/stores/fileState';
// leases and coordinated runs
export * from './replay/leases/decide';
export * from './replay/leases/coordinators';
export * from './replay/leases/withLease';
export * from './replay/coordinated/reconcile';
export * from './replay/coordinated/replay';
// replay, fairness, adaptive policy, guard
export * from './replay/deadletters/priority';
export * from './replay/deadletters/due';
export * from './replay/deadletters/plan';
export * from './replay/deadletters/replay';
export * from './replay/fair/selectFair';
export * from './replay/fair/replayFair';
export * from './replay/adaptive/recommend';
export * from './replay/adaptive/runs';
export * from './replay/guard/guard';
// hardened profile
export * from './replay/hardened/errors';
export * from './replay/hardened/mutex';
export * from './replay/hardened/fencedLease';
export * from './replay/hardened/intent';
export * from './replay/hardened/storage';
export * from './replay/hardened/worker';

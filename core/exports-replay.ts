// Part A (spec A-replay.md): alerts, delivery, dead letters, leases, priority and fair replay,
// adaptive policy and guard. Everything other parts use is exported from here by name.
export * from './replay/types';
export * from './replay/validation';
export * from './replay/delivery/metrics';

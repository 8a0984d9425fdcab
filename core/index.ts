// The core's public surface: pure decisions, stores and orchestrations, by name.
// Each part of the spec has its own barrel so the parts can grow independently.
export * from './ports';
export * from './common/index';
export * from './exports-replay';
export * from './exports-governance';
export * from './exports-events';

// Part C (spec C-events.md): tiered offload, drill alerts, drill-alert event bus, aggregate and
// incremental pulls, cursors, cursor state store and monotonic guard, plus the hardened shell.
export * from './events/common/order';
export * from './events/common/nodeList';
// tiering
export * from './events/tiering/offloadPolicy';
export * from './events/tiering/offloadPlan';
export * from './events/tiering/offloadReport';
export * from './events/tiering/offloadTiered';
export * from './events/tiering/offloadIntent';
export * from './events/tiering/hardenedOffload';
export * from './events/tiering/aggregateQuery';
// drill alerts
export * from './events/alerts/drillAlertPolicy';
export * from './events/alerts/drillAlertStateStore';
export * from './events/alerts/emitDrillAlert';
export * from './events/alerts/orchestration';
export * from './events/alerts/hardenedRun';
// event bus
export * from './events/bus/drillAlertEvent';
export * from './events/bus/eventBus';
export * from './events/bus/fileEventBus';
export * from './events/bus/remoteEventReader';
// queries and cursors
export * from './events/query/collection';
export * from './events/query/pagination';
export * from './events/query/watermark';
export * from './events/query/cursorNode';
export * from './events/query/nodeCursor';
export * from './events/query/sequenceCursor';
export * from './events/cursors/sequenceCursorState';
export * from './events/cursors/stateJournal';
export * from './events/cursors/sequenceCursorStateStore';
export * from './events/cursors/statefulQuery';
// hardened incremental consumption
export * from './events/hardened/nodeSequenceCursor';
export * from './events/hardened/nodeSequenceCursorStore';
export * from './events/hardened/sequencedConsumer';
// factory
export * from './events/createEventStores';

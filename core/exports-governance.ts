// Part B (spec B-governance.md): policy persistence and rollback guard, adoption audit and rollback
// alert, governance levels, governance archive and recovery drill, retention and drill schedule.
export * from './governance/policy/policyState';
export * from './governance/policy/rollbackGuard';
export * from './governance/policy/persistedDecision';
export * from './governance/policy/policyStore';
export * from './governance/audit/adoptionAudit';
export * from './governance/alert/rollbackAlert';
export * from './governance/alert/alertStateStore';
export * from './governance/level/governanceLevel';
export * from './governance/level/governanceStateStore';
export * from './governance/archive/governanceAudit';
export * from './governance/drill/recoveryDrill';
export * from './governance/retention/auditRetention';
export * from './governance/retention/pruneArchive';
export * from './governance/schedule/drillSchedule';
export * from './governance/schedule/scheduledDrill';
export { SnapshotConflictError } from './governance/stores/logStore';
export { FILE_SUFFIX as GOVERNANCE_FILE_SUFFIX } from './governance/stores/storePath';

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
// orchestrations (spec B §1.5-§1.6, §2.6-§2.7, §3.6, §4.2), by profile
export * from './governance/run/options';
export { recommendPolicyPersisted, readBacklogAndMetrics } from './governance/run/recommendPersisted';
export { emitRollbackAlertIfNeeded } from './governance/run/auditAndAlert';
export * from './governance/run/entryPoints';
// hardened profile shell
export * from './governance/hardened/commitIntent';
export * from './governance/hardened/commitPort';
export * from './governance/hardened/storage';
export * from './governance/hardened/worker';
export { anchorAtOrBefore } from './governance/hardened/clockAnchor';
// store assembly by profile
export * from './governance/stores/createGovernanceStores';

// Part B's governed entry points, by profile. `original` (the default) is the spec exactly;
// `hardened` is the same decisions in a crash-safe, lease-first, clock-safe shell
// (`hardened/governedRun.ts`).
import { runGovernedHardened } from '../hardened/governedRun';
import { runPersistedGuardedReplayOriginal, runReplayWithAuditAndAlertOriginal } from './auditAndAlert';
import { runReplayWithGovernanceArchiveOriginal, runReplayWithGovernanceOriginal } from './governanceRuns';
import type {
  AuditAndAlertOptions,
  AuditAndAlertResult,
  GovernanceArchiveRunOptions,
  GovernanceRunOptions,
  GovernanceRunResult,
  PersistedGuardedReplayOptions,
  PersistedGuardedReplayResult,
  RollbackAlertStateCell,
} from './options';

/** `run_..._coordinated_with_state_store_and_persisted_guarded_policy` (P3.29): W1-W6. */
export async function runPersistedGuardedReplay(opts: PersistedGuardedReplayOptions): Promise<PersistedGuardedReplayResult> {
  if (opts.profile !== 'hardened') return runPersistedGuardedReplayOriginal(opts);
  const o = await runGovernedHardened(opts, 'persisted', null);
  return { replayed: o.replayed, applied: o.applied, rolledBack: o.rolledBack };
}

/** `..._with_audit_and_alert` (P3.30): W1-W8; `alertState` is the caller's, updated in place. */
export async function runReplayWithAuditAndAlert(
  opts: AuditAndAlertOptions,
  alertState: RollbackAlertStateCell,
): Promise<AuditAndAlertResult> {
  if (opts.profile !== 'hardened') return runReplayWithAuditAndAlertOriginal(opts, alertState);
  // Stryker disable next-line StringLiteral: equivalent, the hardened shell tells the audit stage apart only as 'not persisted and not governing'
  const o = await runGovernedHardened(opts, 'audit', alertState);
  return { replayed: o.replayed, applied: o.applied, rolledBack: o.rolledBack, alertEmitted: o.alertEmitted };
}

const governanceResult = (o: Awaited<ReturnType<typeof runGovernedHardened>>): GovernanceRunResult => ({
  replayed: o.replayed,
  policy: o.governed,
  rolledBack: o.rolledBack,
  alertEmitted: o.alertEmitted,
  level: o.level,
});

/** `..._with_audit_alert_store_and_governance` (P3.31): W1-W11. */
export async function runReplayWithGovernance(opts: GovernanceRunOptions): Promise<GovernanceRunResult> {
  if (opts.profile !== 'hardened') return runReplayWithGovernanceOriginal(opts);
  return governanceResult(await runGovernedHardened(opts, 'governance', null));
}

/** `..._with_audit_alert_store_governance_and_archive` (P3.32): W1-W12. */
export async function runReplayWithGovernanceArchive(opts: GovernanceArchiveRunOptions): Promise<GovernanceRunResult> {
  if (opts.profile !== 'hardened') return runReplayWithGovernanceArchiveOriginal(opts);
  return governanceResult(await runGovernedHardened(opts, 'archive', null));
}

// The store host's governance part, built at every boot after part A's stores: part B's stores
// from the core factory (`createGovernanceStores`, so the profile picks the shell) over a file
// system that reports every write to the governance ledger. `original` serves the plain stores
// (each a service: every worker shares them, last writer wins); `hardened` serves the journaled
// storage whose writes are fenced by part A's lease service (same grants, same mutex).
import { createGovernanceStores, type GovernanceStores } from '../../core/exports-governance';
import type { NodeContext } from '../../sim/index';
import type { HostContext } from '../pipeline/index';
import type { GovernanceAddOn } from './governance';
import { serveGovernanceSink } from './govSink';
import { observedFs } from './observedFs';

/** Service names of part B's stores on the store host. */
export const GOVERNANCE_SERVICES = {
  storage: 'gov-storage',
  policy: 'gov-policy',
  policyAudit: 'gov-policy-audit',
  alertState: 'gov-alert-state',
  governanceState: 'gov-governance-state',
  archive: 'gov-archive',
  schedule: 'gov-schedule',
} as const;

async function openGovernance(addOn: GovernanceAddOn, host: HostContext): Promise<GovernanceStores> {
  const { ctx, stores } = host;
  const fs = observedFs(ctx.fs, (paths) => addOn.noteFiles(paths, 'write'));
  const lease = stores.hardened === null ? undefined : { service: stores.hardened.leases, mutex: stores.hardened.mutex };
  for (;;) {
    try {
      return await createGovernanceStores({ profile: addOn.input.profile, fs, root: addOn.root, lease });
    } catch (e) {
      ctx.record('governance.host', { op: 'open-failed', error: e instanceof Error ? e.message : String(e) });
      await ctx.sleep(10); // an injected EIO at boot: try again
    }
  }
}

export function servedGovernance(gov: GovernanceStores): Record<string, object> {
  if (gov.hardened !== null) return { [GOVERNANCE_SERVICES.storage]: gov.hardened.storage };
  const raw = gov.raw;
  return {
    [GOVERNANCE_SERVICES.policy]: raw.replayPolicyStore,
    [GOVERNANCE_SERVICES.policyAudit]: raw.policyAuditStore,
    [GOVERNANCE_SERVICES.alertState]: raw.alertStateStore,
    [GOVERNANCE_SERVICES.governanceState]: raw.governanceStateStore,
    [GOVERNANCE_SERVICES.archive]: raw.governanceAuditStore,
    [GOVERNANCE_SERVICES.schedule]: raw.scheduleStateStore,
  };
}

/** The `hostServices` hook: part B's stores (served by the pipeline) and the alert sink. */
export async function governanceHostServices(addOn: GovernanceAddOn, host: HostContext): Promise<Record<string, object>> {
  const ctx: NodeContext = host.ctx;
  addOn.noteBoot();
  const gov = await openGovernance(addOn, host);
  serveGovernanceSink(ctx, host.runtime, addOn.ledger);
  ctx.record('governance.host', { op: 'serving', profile: gov.profile });
  return servedGovernance(gov);
}

// Crash injection for the governed runs: a sequence of archive runs over part A's and part B's
// stores, where the k-th mutating store call (or the sink's emit) "crashes" the worker. The stores
// underneath persist (they model the storage node); the next run is a restarted worker. After
// every completed run the invariants of spec B / design.md are checked on the durable state.
import {
  HardenedGovernanceStorage,
  InMemoryGovernanceAuditRetentionStore,
  InMemoryGovernanceIntentStore,
  InMemoryGovernanceStateStore,
  InMemoryDrillScheduleStateStore,
  InMemoryPolicyAuditStore,
  InMemoryReplayPolicyStore,
  InMemoryRollbackAlertStateStore,
  bindHardenedGovernanceStores,
  runReplayWithGovernanceArchive,
  type GovernanceArchiveRunOptions,
  type RawGovernanceStores,
} from '../../../../core/exports-governance';
import { KeyedMutex } from '../../../../core/replay/hardened/mutex';
import { StoreBackedScheduleCoordinator } from '../../../../core/replay/leases/coordinators';
import { InMemoryDeadLetterStore, InMemoryLeaseStore, InMemoryRecoveryStore, InMemoryReplayStateStore } from '../../../../core/replay/stores/memory';
import type { AlertSink, RevocationAlert } from '../../../../core/replay/types';
import type { Profile } from '../../../../core/ports';
import { UNHEALTHY, policy } from './fixtures';
import { TARGET, W, deadLetter, makeWorld } from './harness';
import { CrashError } from './memoryFs';

const MUTATING = /^(save|append|replace|clear|emit)/;

export interface CrashPlan {
  count: number;
  at: number | null;
  dead: boolean;
}

export function crashable<T extends object>(target: T, plan: CrashPlan): T {
  return new Proxy(target, {
    get(t, prop, receiver) {
      const value: unknown = Reflect.get(t, prop, receiver);
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        if (plan.dead) throw new CrashError();
        if (MUTATING.test(String(prop))) {
          plan.count += 1;
          if (plan.at !== null && plan.count === plan.at) {
            plan.dead = true;
            throw new CrashError();
          }
        }
        return (value as (...a: unknown[]) => unknown).apply(t, args);
      };
    },
  });
}

export interface CrashRunResult {
  /** Invariant violations seen after completed runs (empty = all held). */
  readonly violations: string[];
  readonly crashed: boolean;
  readonly mutations: number;
}

/** Runs `runs` governed archive runs, crashing at mutation `crashAt` (null: never). */
export async function runWithCrash(profile: Profile, crashAt: number | null, runs = 6): Promise<CrashRunResult> {
  const plan: CrashPlan = { count: 0, at: crashAt, dead: false };
  const raw = {
    replayPolicyStore: new InMemoryReplayPolicyStore(),
    policyAuditStore: new InMemoryPolicyAuditStore(),
    alertStateStore: new InMemoryRollbackAlertStateStore(),
    governanceStateStore: new InMemoryGovernanceStateStore(),
    governanceAuditStore: new InMemoryGovernanceAuditRetentionStore(),
    scheduleStateStore: new InMemoryDrillScheduleStateStore(),
  };
  const a = { stateStore: new InMemoryReplayStateStore(), recoveryStore: new InMemoryRecoveryStore(), deadLetterStore: new InMemoryDeadLetterStore(), leaseStore: new InMemoryLeaseStore() };
  const intents = new InMemoryGovernanceIntentStore();
  const emitted: RevocationAlert[] = [];
  const sink: AlertSink = { emit: async (alert) => void emitted.push(alert) };
  const wrap = <T extends object>(x: T): T => crashable(x, plan);
  const b = {
    replayPolicyStore: wrap(raw.replayPolicyStore),
    policyAuditStore: wrap(raw.policyAuditStore),
    alertStateStore: wrap(raw.alertStateStore),
    governanceStateStore: wrap(raw.governanceStateStore),
    governanceAuditStore: wrap(raw.governanceAuditStore),
    scheduleStateStore: wrap(raw.scheduleStateStore),
  };
  const worker =
    profile === 'hardened'
      ? bindHardenedGovernanceStores(new HardenedGovernanceStorage({ ...b, intents: wrap(intents), mutex: new KeyedMutex(), leases: null }), () => null)
      : { ...b, retentionStore: b.governanceAuditStore, commitPort: null };
  const base = (await makeWorld(profile)).options();
  const violations: string[] = [];
  let crashed = false;
  await raw.replayPolicyStore.savePolicyState(W, TARGET, {
    activePolicy: policy(8, 1), lastStablePolicy: policy(4, 2), lastPolicyUpdateAtMs: 900, lastStableAtMs: 900, lastRollbackAtMs: null,
  });
  for (let i = 0; i < runs; i += 1) {
    const now = 1000 + 200 * i;
    await a.deadLetterStore.append(deadLetter(now));
    await a.deadLetterStore.appendDeliveryMetrics(W, TARGET, now, UNHEALTHY);
    if (i % 2 === 1) {
      // Drift the active policy away from stable again, as spec B's tests re-seed it.
      const s = await raw.replayPolicyStore.loadPolicyState(W, TARGET);
      await raw.replayPolicyStore.savePolicyState(W, TARGET, { ...s, activePolicy: policy(8, 1) });
    }
    const opts: GovernanceArchiveRunOptions = {
      ...base,
      nowMs: now,
      stateStore: wrap(a.stateStore),
      recoveryStore: wrap(a.recoveryStore),
      deadLetterStore: wrap(a.deadLetterStore),
      coordinator: new StoreBackedScheduleCoordinator(wrap(a.leaseStore)),
      alertSink: wrap(sink),
      ...worker,
      commitPort: worker.commitPort ?? undefined,
      rollbackAlertPolicy: { rollbackWindowMs: 5000, maxRollbacksPerWindow: 2, minAttempted: 4, alertCooldownMs: 300 },
      governancePolicy: { levelOneRollbackStreak: 1, levelTwoRollbackStreak: 2, levelTwoEmergencyPolicy: policy(1, 1) },
      profile,
    };
    try {
      await runReplayWithGovernanceArchive(opts);
    } catch (e) {
      if (!(e instanceof CrashError)) throw e;
    }
    if (plan.dead) {
      // The worker crashed (a crash in the final lease release is swallowed by the run itself);
      // it restarts, and the stores keep what was written.
      crashed = true;
      plan.dead = false;
      continue;
    }
    violations.push(...(await checkInvariants(raw, emitted)).map((v) => `after run at ${now}: ${v}`));
  }
  return { violations, crashed, mutations: plan.count };
}

type RawStores = Pick<RawGovernanceStores, 'replayPolicyStore' | 'policyAuditStore' | 'alertStateStore' | 'governanceStateStore' | 'governanceAuditStore'>;

/** Every decision has exactly one audit record of each kind; alerts and audits agree; states match the last record. */
export async function checkInvariants(raw: RawStores, emitted: readonly RevocationAlert[]): Promise<string[]> {
  const out: string[] = [];
  const adoption = await raw.policyAuditStore.list(W, TARGET);
  const archive = await raw.governanceAuditStore.list(W, TARGET);
  const times = (xs: { auditedAtMs: number }[]) => xs.map((x) => x.auditedAtMs).join(',');
  if (times(adoption) !== times(archive)) out.push(`adoption audits at [${times(adoption)}] but governance audits at [${times(archive)}]`);
  if (new Set(archive.map((r) => r.auditedAtMs)).size !== archive.length) out.push('a run has two governance audit records');
  for (const r of archive) {
    const a = adoption.find((x) => x.auditedAtMs === r.auditedAtMs);
    if (a && a.rollbackTriggered !== r.rolledBack) out.push(`audits at ${r.auditedAtMs} disagree on the rollback`);
    const alerts = emitted.filter((x) => x.detectedAtMs === r.auditedAtMs).length;
    if (r.alertEmitted && alerts === 0) out.push(`audit at ${r.auditedAtMs} claims an alert that was not emitted`);
  }
  for (const alert of emitted) {
    if (!archive.some((r) => r.auditedAtMs === alert.detectedAtMs && r.alertEmitted)) out.push(`alert at ${alert.detectedAtMs} has no audit record`);
  }
  const last = archive[archive.length - 1];
  if (last) {
    const gov = await raw.governanceStateStore.loadGovernanceState(W, TARGET);
    if (gov.rollbackStreak !== last.rollbackStreak || gov.lastLevel !== last.governanceLevel) {
      out.push(`governance state ${gov.rollbackStreak}/${gov.lastLevel} but last audit ${last.rollbackStreak}/${last.governanceLevel}`);
    }
    const state = await raw.replayPolicyStore.loadPolicyState(W, TARGET);
    if (JSON.stringify(state.activePolicy) !== JSON.stringify(last.appliedPolicy)) out.push(`active policy differs from the last audited policy`);
    if (state.lastRollbackAtMs !== null && !adoption.some((x) => x.rollbackTriggered && x.auditedAtMs === state.lastRollbackAtMs)) {
      out.push(`rollback at ${state.lastRollbackAtMs} has no audit record`);
    }
    const alertState = await raw.alertStateStore.loadAlertState(W, TARGET);
    const lastAlert = [...archive].reverse().find((r) => r.alertEmitted)?.auditedAtMs ?? null;
    if (alertState.lastAlertAtMs !== lastAlert) out.push(`alert state ${alertState.lastAlertAtMs} but last audited alert ${lastAlert}`);
  }
  return out;
}

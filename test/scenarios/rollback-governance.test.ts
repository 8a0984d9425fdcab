// rollback-governance end to end: the governed runs really run (decisions, audits, rollbacks,
// alerts and levels on the store host's files), the checkers see every version of those files,
// the default seed holds every invariant in hardened, and a run is a pure function of its seed.
import { describe, expect, it } from 'vitest';
import { defineScenario } from '../../scenarios/registry';
import { buildRollbackGovernance, rollbackGovernance, rollbackGovernancePlan, type GovernedState } from '../../scenarios/rollback-governance/index';
import { targetView } from '../../scenarios/checkers/governance-view';
import { findScenario } from '../../scenarios/index';
import type { Profile } from '../../core/ports';
import { GOVERNANCE_FILE_SUFFIX } from '../../core/exports-governance';
import { storeFilePath } from '../../core/governance/stores/storePath';
import type { Sim } from '../../sim/index';
import { GOVERNANCE_ROOT } from '../../scenarios/rollback-governance/config';

const KINDS = {
  policyState: GOVERNANCE_FILE_SUFFIX.policyState,
  policyAudit: GOVERNANCE_FILE_SUFFIX.policyAudit,
  alertState: GOVERNANCE_FILE_SUFFIX.alertState,
  governanceState: GOVERNANCE_FILE_SUFFIX.governanceState,
  governanceAudit: GOVERNANCE_FILE_SUFFIX.governanceAudit,
} as const;

async function runKeepingState(seed: string, profile: Profile) {
  let state: GovernedState | null = null;
  let sim: Sim | null = null;
  const scenario = defineScenario<GovernedState>({
    name: 'rollback-governance-inspected',
    description: 'rollback-governance with its state kept for inspection',
    defaultSeed: '1',
    limits: rollbackGovernance.limits,
    plan: (_s, rng) => rollbackGovernancePlan(rng),
    build: (ctx) => {
      const built = buildRollbackGovernance(ctx);
      state = built.state;
      sim = ctx.sim;
      return built;
    },
  });
  const report = await scenario.run(seed, { profile, trace: { mode: 'off' }, plan: { version: 1, steps: [] } });
  return { report, state: state as unknown as GovernedState, sim: sim as unknown as Sim };
}

describe('rollback-governance (default seed 1)', () => {
  it('is registered and lists its governance invariants', () => {
    expect(findScenario('rollback-governance')).toBe(rollbackGovernance);
  });

  it('passes in hardened with the same trace hash every time', async () => {
    const a = await rollbackGovernance.run('1');
    const b = await rollbackGovernance.run('1');
    expect(a.status).toBe('pass');
    expect(a.invariants.map((i) => i.name)).toEqual(['rollback-guard', 'governance-transitions', 'decision-audit', 'alert-dedup', 'rollback-clock', 'governance-progress', 'processes-do-not-throw']);
    expect(b.traceHash).toBe(a.traceHash);
  });

  it('without faults, every target gets governed decisions with one audit each, and some roll back', async () => {
    const { report, state } = await runKeepingState('1', 'hardened');
    expect(report.status).toBe('pass');
    const world = state.governance;
    let rollbacks = 0;
    for (const t of world.targets) {
      const view = targetView(world, t);
      expect(view.adoption.records.length).toBeGreaterThan(3);
      expect(view.archive.records.length).toBe(view.adoption.records.length);
      expect(view.adoption.unreadable).toEqual([]);
      rollbacks += view.adoption.records.filter((r) => r.record.rollbackTriggered).length;
    }
    expect(rollbacks).toBeGreaterThan(0);
    expect(world.ledger.deliveries.length).toBeGreaterThan(0);
  });

  it('the ledger\'s newest version of each followed file is what the store host\'s disk holds', async () => {
    const { state, report, sim } = await runKeepingState('2', 'original');
    expect(report.errors).toEqual([]);
    const model = sim.node('storage').disk.model;
    let followed = 0;
    for (const t of state.governance.targets) {
      for (const [kind, suffix] of Object.entries(KINDS)) {
        const versions = state.governance.ledger.versionsOf(kind as keyof typeof KINDS, t);
        const disk = model.currentText(storeFilePath(GOVERNANCE_ROOT, 'original', 'w1', t, suffix));
        expect(versions[versions.length - 1]?.text ?? null, `${kind} of ${t}`).toBe(disk);
        followed += versions.length;
      }
    }
    expect(followed).toBeGreaterThan(20);
  });
});

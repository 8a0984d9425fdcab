// The governance checkers on hand-made histories: each names what it must catch (a rollback
// without its audit, a rollback inside the cooldown, a streak that skips, a second alert inside
// the cooldown, an oscillation that never escalates) and lets pass what the hardened design does
// (re-anchoring a future-dated rollback time, re-emitting the identical alert, a run in flight).
import { describe, expect, it } from 'vitest';
import {
  adoptionAuditJson,
  governanceAuditJson,
  governanceStateJson,
  policyStateJson,
  type GovernanceAuditRecord,
  type GovernanceLevel,
  type PolicyAdoptionAuditRecord,
  type ReplayPolicyState,
} from '../../core/exports-governance';
import type { RevocationAlert } from '../../core/exports-replay';
import { createSim, type Sim } from '../../sim/index';
import { checkAlertDedup } from '../../scenarios/checkers/alert-dedup';
import { checkDecisionAudit } from '../../scenarios/checkers/decision-audit';
import { GovernanceLedger, type GovernanceConfig, type GovernanceWorld } from '../../scenarios/checkers/governance-ledger';
import { checkGovernanceEscalation } from '../../scenarios/checkers/governance-escalation';
import { checkGovernanceTransitions } from '../../scenarios/checkers/governance-transitions';
import { checkRollbackGuard } from '../../scenarios/checkers/rollback-guard';
import { checkRollbackClock } from '../../scenarios/checkers/governance-clock';

const T = 'n1';
const p = (maxReplayPerRun: number, maxRetryLimitExceededStreak: number) => ({ maxReplayPerRun, maxRetryLimitExceededStreak });
const CONFIG: GovernanceConfig = {
  fallbackPolicy: p(2, 2),
  rollbackGuard: { minAttempted: 3, failureRatioPerMille: 400, deadLetterRatioPerMille: 250, rollbackCooldownMs: 100 },
  alertPolicy: { rollbackWindowMs: 2000, maxRollbacksPerWindow: 1, minAttempted: 3, alertCooldownMs: 500 },
  governancePolicy: { levelOneRollbackStreak: 1, levelTwoRollbackStreak: 2, levelTwoEmergencyPolicy: p(1, 1) },
  bounds: { metricsLookback: 6, minReplayPerRun: 1, maxReplayPerRun: 6, maxRetryLimitExceededStreak: 4 },
  guard: { policyCooldownMs: 100, maxReplayStepChange: 2, maxRetryStreakStepChange: 1 },
};

class History {
  readonly ledger = new GovernanceLedger();
  readonly sim: Sim = createSim({ seed: '1', trace: { mode: 'off' } });
  private step = 0;
  constructor(readonly config: GovernanceConfig = CONFIG) {
    for (const n of ['n1', 'n2', 'n3']) {
      this.sim.addNode(n, { startUp: false });
      this.sim.start(n);
    }
  }
  get world(): GovernanceWorld {
    return { ledger: this.ledger, config: this.config, worldId: 'w1', targets: [T], storeHost: 'storage', intentPath: () => '/intent' };
  }
  private file(kind: Parameters<GovernanceLedger['recordFile']>[0], text: string | null): this {
    this.ledger.recordFile(kind, T, { step: ++this.step, timeMs: this.step, text, cause: 'write' });
    return this;
  }
  policy(s: Partial<ReplayPolicyState>): this {
    const full: ReplayPolicyState = { activePolicy: p(2, 2), lastStablePolicy: p(2, 2), lastPolicyUpdateAtMs: null, lastStableAtMs: null, lastRollbackAtMs: null, ...s };
    return this.file('policyState', policyStateJson(full));
  }
  private lines: string[] = [];
  private archive: string[] = [];
  adoption(t: number, rolledBack: boolean, copies = 1): this {
    const r: PolicyAdoptionAuditRecord = {
      worldId: 'w1', nodeId: T, auditedAtMs: t, decision: rolledBack ? 'rolled_back_to_stable' : 'adopted', recommendedPolicy: p(2, 2), appliedPolicy: p(2, 2),
      stablePolicy: p(2, 2), backlogDeadLetters: 0, backlogPending: 0,
      metrics: { attempted: 4, succeeded: 0, failed: 4, deferred: 0, buffered: 0, droppedCapacity: 0, droppedRetryLimit: 0, deadLettered: 0 }, rollbackTriggered: rolledBack,
    };
    for (let i = 0; i < copies; i++) this.lines.push(adoptionAuditJson(r));
    return this.file('policyAudit', `${this.lines.join('\n')}\n`);
  }
  governance(t: number, streak: number, level: GovernanceLevel): this {
    return this.file('governanceState', governanceStateJson({ rollbackStreak: streak, lastLevel: level, lastLevelUpdatedAtMs: t }));
  }
  archived(t: number, streak: number, level: GovernanceLevel, rolledBack: boolean, alertEmitted = false, applied = p(2, 2)): this {
    const r: GovernanceAuditRecord = { worldId: 'w1', nodeId: T, auditedAtMs: t, governanceLevel: level, rollbackStreak: streak, rolledBack, appliedPolicy: applied, alertEmitted };
    this.archive.push(governanceAuditJson(r));
    return this.file('governanceAudit', `${this.archive.join('\n')}\n`);
  }
  run(t: number, worker = 'n2', outcome: 'ok' | 'running' = 'ok', startMs = t): this {
    const run = this.ledger.startRun({ worker, incarnation: 1, target: T, startStep: this.step, startMs, nowMs: t, offsetMs: 0 });
    if (outcome === 'ok') this.ledger.endRun(run, this.step, null, null);
    return this;
  }
  alert(t: number, acknowledged: boolean, variant = 0): this {
    const alert: RevocationAlert = { worldId: 'w1', nodeId: T, detectedAtMs: t, severity: 'critical', code: 'dead_letter_replay_policy_rollback_anomaly', message: `m${variant}`, drained: 0, diverged: 1, rejected: 0 };
    this.ledger.recordDelivery({ step: ++this.step, timeMs: t, from: 'n2', alert });
    this.ledger.recordAnswer({ worker: 'n2', incarnation: 1, step: this.step, timeMs: t, alert, acknowledged });
    return this;
  }
}

const unstable = { activePolicy: p(4, 2), lastStablePolicy: p(2, 2), lastPolicyUpdateAtMs: 900, lastStableAtMs: 800 };

describe('decision-audit', () => {
  it('flags a persisted rollback whose run ended without an adoption audit record', () => {
    const h = new History().run(1000).policy({ ...unstable, activePolicy: p(2, 2), lastPolicyUpdateAtMs: 1000, lastRollbackAtMs: 1000 });
    expect(checkDecisionAudit(h.sim, h.world, false)?.message).toMatch(/the rollback decided at 1000 was persisted .* no adoption audit record/);
  });

  it('does not judge a decision while its run is still between its writes', () => {
    const h = new History().run(1000, 'n2', 'running').policy({ ...unstable, lastPolicyUpdateAtMs: 1000 });
    expect(checkDecisionAudit(h.sim, h.world, false)).toBeNull();
    expect(checkDecisionAudit(h.sim, h.world, true)?.message).toMatch(/no adoption audit record/);
  });

  it('accepts a decision with exactly one matching record, and flags two copies of it', () => {
    const ok = new History().run(1000).policy({ ...unstable, lastPolicyUpdateAtMs: 1000 }).adoption(1000, false);
    expect(checkDecisionAudit(ok.sim, ok.world, false)).toBeNull();
    const twice = new History().run(1000).policy({ ...unstable, lastPolicyUpdateAtMs: 1000 }).adoption(1000, false, 2);
    expect(checkDecisionAudit(twice.sim, twice.world, false)?.message).toMatch(/has 2 adoption audit records/);
  });

  it('flags an audit record for a decision that was never persisted', () => {
    const h = new History().run(1000).adoption(1000, false);
    expect(checkDecisionAudit(h.sim, h.world, false)?.message).toMatch(/has no persisted policy decision/);
  });

  it('flags a level change without a governance audit record, and an audit claiming an alert never delivered', () => {
    const h = new History().run(1000).governance(1000, 1, 'stable');
    expect(checkDecisionAudit(h.sim, h.world, false)?.message).toMatch(/level changed to stable at 1000 .* without a governance audit record/);
    const claim = new History().run(1000).governance(1000, 0, 'normal').archived(1000, 0, 'normal', false, true);
    expect(checkDecisionAudit(claim.sim, claim.world, false)?.message).toMatch(/claims a rollback alert the sink never received/);
  });
});

describe('rollback-guard', () => {
  it('flags a rollback to a policy other than the last stable one, and one inside the cooldown', () => {
    const wrong = new History().policy({ ...unstable, lastRollbackAtMs: 500 }).policy({ ...unstable, activePolicy: p(3, 2), lastPolicyUpdateAtMs: 1000, lastRollbackAtMs: 1000 });
    expect(checkRollbackGuard(wrong.sim, wrong.world, false)?.message).toMatch(/not to the last stable policy \{2,2\}/);
    const soon = new History().policy({ ...unstable, lastRollbackAtMs: 950 }).policy({ ...unstable, activePolicy: p(2, 2), lastPolicyUpdateAtMs: 1000, lastRollbackAtMs: 1000 });
    expect(checkRollbackGuard(soon.sim, soon.world, false)?.message).toMatch(/rolled back 50 ms after the rollback at 950, inside the 100 ms cooldown/);
  });

  it('accepts the emergency policy over a rollback, and a hardened re-anchoring of a future rollback time', () => {
    const emergency = new History().policy(unstable).policy({ ...unstable, activePolicy: p(1, 1), lastPolicyUpdateAtMs: 1000, lastRollbackAtMs: 1000 });
    expect(checkRollbackGuard(emergency.sim, emergency.world, false)).toBeNull();
    const anchored = new History().policy({ ...unstable, lastRollbackAtMs: 9000 }).policy({ ...unstable, lastPolicyUpdateAtMs: 1000, lastRollbackAtMs: 1000 });
    expect(checkRollbackGuard(anchored.sim, anchored.world, false)).toBeNull();
  });

  it('flags an adoption beyond the step limits, a policy out of bounds and an erased rollback', () => {
    const jump = new History().policy(unstable).policy({ ...unstable, activePolicy: p(5, 4), lastPolicyUpdateAtMs: 1000 });
    expect(checkRollbackGuard(jump.sim, jump.world, false)?.message).toMatch(/beyond the step limits/);
    const out = new History().policy({ ...unstable, activePolicy: p(9, 2), lastPolicyUpdateAtMs: 1000 });
    expect(checkRollbackGuard(out.sim, out.world, false)?.message).toMatch(/max_replay_per_run outside \[1, 6\]/);
    const erased = new History().policy({ ...unstable, lastRollbackAtMs: 700 }).policy({ ...unstable, lastPolicyUpdateAtMs: 1000, lastRollbackAtMs: null });
    expect(checkRollbackGuard(erased.sim, erased.world, false)?.message).toMatch(/erased the rollback at 700/);
  });
});

describe('rollback-clock', () => {
  it('flags a run that keeps a rollback time from its future (B 8.5), and accepts a re-anchored one', () => {
    const kept = new History().policy({ ...unstable, lastRollbackAtMs: 2500 }).policy({ ...unstable, lastPolicyUpdateAtMs: 1000, lastRollbackAtMs: 2500 });
    expect(checkRollbackClock(kept.sim, kept.world, false)?.message).toMatch(/the run at 1000 kept last_rollback_at_ms 2500, 1500 ms in its future/);
    const anchored = new History().policy({ ...unstable, lastRollbackAtMs: 2500 }).policy({ ...unstable, lastPolicyUpdateAtMs: 1000, lastRollbackAtMs: 1000 });
    expect(checkRollbackClock(anchored.sim, anchored.world, false)).toBeNull();
  });
});

describe('governance-transitions', () => {
  it('flags a streak that skips, and a level the policy does not give to the streak', () => {
    const skip = new History().policy({ ...unstable, lastPolicyUpdateAtMs: 1000, lastRollbackAtMs: 1000 }).governance(1000, 2, 'emergency');
    expect(checkGovernanceTransitions(skip.sim, skip.world, false)?.message).toMatch(/streak went from 0 to 2/);
    const level = new History().policy({ ...unstable, lastPolicyUpdateAtMs: 1000, lastRollbackAtMs: 1000 }).governance(1000, 1, 'normal');
    expect(checkGovernanceTransitions(level.sim, level.world, false)?.message).toMatch(/level normal with streak 1 \(the policy gives stable\)/);
  });

  it('flags an archive record pairing a level with another run\'s streak (W12 re-reads the state, B 8.6)', () => {
    const h = new History().archived(1000, 2, 'stable', true);
    expect(checkGovernanceTransitions(h.sim, h.world, false)?.message).toMatch(/level stable next to streak 2 \(the policy gives emergency\)/);
  });
});

describe('alert-dedup', () => {
  it('flags a second distinct alert inside the cooldown once the first was acknowledged', () => {
    const h = new History().run(1000).run(1200).alert(1000, true).alert(1200, true);
    expect(checkAlertDedup(h.sim, h.world, false)?.message).toMatch(/runs at 1000 and 1200 reached the sink 200 ms apart .* inside the 500 ms alert cooldown/);
  });

  it('accepts the identical alert twice (at-least-once), and a retry after an unacknowledged emit', () => {
    const again = new History().run(1000).alert(1000, true).alert(1000, true);
    expect(checkAlertDedup(again.sim, again.world, false)).toBeNull();
    const retried = new History().run(1000).run(1200).alert(1000, false).alert(1200, true);
    expect(checkAlertDedup(retried.sim, retried.world, false)).toBeNull();
  });

  it('measures on global time, less the spread between the runs\' clocks', () => {
    const h = new History().run(1000, 'n2', 'ok', 1000).run(1700, 'n3', 'ok', 1300).alert(1000, true).alert(1700, true);
    expect(checkAlertDedup(h.sim, h.world, false)?.message).toMatch(/300 ms apart \(global\)/);
  });
});

describe('governance-escalation (design liveness)', () => {
  const spec: GovernanceConfig = { ...CONFIG, governancePolicy: { levelOneRollbackStreak: 2, levelTwoRollbackStreak: 4, levelTwoEmergencyPolicy: p(1, 1) } };

  it('flags an adopt/rollback oscillation that never leaves normal (streak 1,0,1,0,...)', () => {
    const h = new History(spec);
    for (let i = 0; i < 4; i++) h.archived(1000 + 200 * i, 1, 'normal', true).archived(1100 + 200 * i, 0, 'normal', false);
    expect(checkGovernanceEscalation(h.world)?.message).toMatch(/rolled back 4 times .* governance never left normal: streaks 1,0,1,0/);
  });

  it('holds once some run reached the stable level', () => {
    const h = new History(spec);
    for (let i = 0; i < 4; i++) h.archived(1000 + 200 * i, i === 3 ? 2 : 1, i === 3 ? 'stable' : 'normal', true);
    expect(checkGovernanceEscalation(h.world)).toBeNull();
  });
});

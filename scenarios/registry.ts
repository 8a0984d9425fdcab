// The scenario framework. A scenario is a named function of a seed: it builds a sim (nodes and
// their programs), a workload, a fault plan (plain versioned JSON, hashable) and invariants, and
// runs under a profile. `start` gives a steppable run (the TUI steps it); `run` drives it to the
// end and returns a RunReport. Invariants are pure: they read the sim or the scenario's own
// state and return a finding or null; `step` ones run after every step, `end` ones once.
import type { Profile } from '../core/ports';
import {
  applyStepFaults,
  createSim,
  installPlan,
  planHash,
  type FaultPlan,
  type FaultStep,
  type ProcessError,
  type Rng,
  type Sim,
  type StepResult,
  type StopReason,
  type TraceOptions,
} from '../sim/index';

export type InvariantKind = 'safety' | 'liveness';

/** What a check returns when the invariant does not hold. */
export interface Finding {
  readonly message: string;
  readonly node?: string;
  readonly evidence?: unknown;
}

export interface Violation extends Finding {
  readonly invariant: string;
  readonly kind: InvariantKind;
  /** Step number (as in the trace) after which the check failed. */
  readonly step: number;
  readonly timeMs: number;
}

export interface InvariantContext<S> {
  readonly sim: Sim;
  readonly state: S;
  readonly profile: Profile;
  /** True only for the final check, after the run stopped. */
  readonly final: boolean;
}

export interface Invariant<S> {
  readonly name: string;
  readonly kind: InvariantKind;
  /** `step`: after every step and at the end; `end`: once, when the run ends. */
  readonly when: 'step' | 'end';
  /** Pure: never throws, never mutates. */
  check(ctx: InvariantContext<S>): Finding | null;
}

export interface BuildContext {
  readonly sim: Sim;
  readonly seed: string;
  readonly profile: Profile;
  readonly plan: FaultPlan;
  /** The workload's own stream (`<seed>/workload`). */
  readonly rng: Rng;
}

export interface Built<S> {
  readonly state: S;
  readonly invariants: readonly Invariant<S>[];
  /** The run ends early (reason `done`) once this is true, checked after each step. */
  readonly isDone?: () => boolean;
}

export interface RunLimitsSpec {
  readonly maxSteps: number;
  readonly untilMs: number;
}

export interface ScenarioSpec<S> {
  readonly name: string;
  /** One line, shown by `sim list`. */
  readonly description: string;
  readonly defaultSeed: string;
  /** The run's budget unless the caller gives limits. */
  readonly limits: RunLimitsSpec;
  /** The fault plan of a seed (drawn from `rng`, the `<seed>/plan` stream). */
  plan(seed: string, rng: Rng): FaultPlan;
  /** Adds nodes and workload to the sim, returns state and invariants. Must not start stepping. */
  build(ctx: BuildContext): Built<S>;
  /** Process errors are safety violations unless this is true. Default false. */
  readonly allowProcessErrors?: boolean;
}

export interface RunOptions {
  /** Default `hardened`. */
  readonly profile?: Profile;
  readonly maxSteps?: number;
  readonly untilMs?: number;
  /** Replaces the seed's plan (replays of shrunk or edited plans). */
  readonly plan?: FaultPlan;
  readonly trace?: TraceOptions;
  /** Stop at the first safety violation. Default true. */
  readonly stopOnViolation?: boolean;
}

export type RunStatus = 'pass' | 'safety' | 'liveness';
export type EndReason = StopReason | 'done' | 'violation';

export interface InvariantResult {
  readonly name: string;
  readonly kind: InvariantKind;
  readonly when: 'step' | 'end';
  /** `skipped`: a liveness check on a run cut short by the caller's limits or stopped at a violation. */
  readonly result: 'held' | 'violated' | 'skipped';
}

export interface RunReport {
  readonly scenario: string;
  readonly seed: string;
  readonly profile: Profile;
  readonly status: RunStatus;
  readonly violations: readonly Violation[];
  readonly invariants: readonly InvariantResult[];
  readonly steps: number;
  readonly timeMs: number;
  readonly endReason: EndReason;
  readonly traceHash: string;
  readonly plan: FaultPlan;
  readonly planHash: string;
  readonly limits: RunLimitsSpec;
  readonly errors: readonly ProcessError[];
}

/** A run in progress, steppable one event at a time. */
export interface ScenarioRun {
  readonly scenario: string;
  readonly seed: string;
  readonly profile: Profile;
  readonly sim: Sim;
  readonly plan: FaultPlan;
  readonly planHash: string;
  readonly limits: RunLimitsSpec;
  /** Violations found so far. */
  readonly violations: readonly Violation[];
  /** True once a limit, quiescence, `done` or a stopping violation ended the run. */
  readonly ended: boolean;
  /** One step (applying due step-faults first) and the step invariants after it. */
  step(): Promise<StepResult>;
  /** Steps to the end and returns the report (idempotent). */
  finish(): Promise<RunReport>;
}

export interface Scenario {
  readonly name: string;
  readonly description: string;
  readonly defaultSeed: string;
  readonly limits: RunLimitsSpec;
  planFor(seed: string): FaultPlan;
  start(seed: string, options?: RunOptions): ScenarioRun;
  run(seed: string, options?: RunOptions): Promise<RunReport>;
}

export function defineScenario<S>(spec: ScenarioSpec<S>): Scenario {
  const planFor = (seed: string): FaultPlan => spec.plan(seed, createSim({ seed, trace: { mode: 'off' } }).rng.fork('plan'));
  const start = (seed: string, options: RunOptions = {}): ScenarioRun => startRun(spec, seed, options, planFor);
  return {
    name: spec.name,
    description: spec.description,
    defaultSeed: spec.defaultSeed,
    limits: spec.limits,
    planFor,
    start,
    run: (seed, options) => start(seed, options).finish(),
  };
}

const processErrorsInvariant: Invariant<unknown> = {
  name: 'processes-do-not-throw',
  kind: 'safety',
  when: 'step',
  check: ({ sim }) => (sim.errors.length === 0 ? null : { message: `process ${sim.errors[0].process} on ${sim.errors[0].node} threw: ${sim.errors[0].error}`, node: sim.errors[0].node, evidence: sim.errors[0] }),
};

function startRun<S>(spec: ScenarioSpec<S>, seed: string, options: RunOptions, planFor: (seed: string) => FaultPlan): ScenarioRun {
  return new RunInProgress(spec, seed, options, options.plan ?? planFor(seed));
}

const ENDED: StepResult = { ran: false, index: 0, timeMs: 0, node: null, kind: 'ended', data: undefined };

class RunInProgress<S> implements ScenarioRun {
  readonly scenario: string;
  readonly profile: Profile;
  readonly sim: Sim;
  readonly planHash: string;
  readonly limits: RunLimitsSpec;
  readonly violations: Violation[] = [];
  private readonly cutShort: boolean;
  private readonly stopOnViolation: boolean;
  private readonly built: Built<S>;
  private readonly pending: FaultStep[];
  private readonly invariants: Invariant<S>[];
  private readonly perStep: Invariant<S>[];
  private readonly violated = new Set<string>();
  private endReason: EndReason | null = null;
  private report: RunReport | null = null;

  constructor(spec: ScenarioSpec<S>, readonly seed: string, options: RunOptions, readonly plan: FaultPlan) {
    this.scenario = spec.name;
    this.profile = options.profile ?? 'hardened';
    this.limits = { maxSteps: options.maxSteps ?? spec.limits.maxSteps, untilMs: options.untilMs ?? spec.limits.untilMs };
    this.cutShort = (options.maxSteps ?? Infinity) < spec.limits.maxSteps || (options.untilMs ?? Infinity) < spec.limits.untilMs;
    this.stopOnViolation = options.stopOnViolation ?? true;
    this.planHash = planHash(plan);
    const runOptions = { maxSteps: this.limits.maxSteps, untilMs: this.limits.untilMs, stopOnViolation: this.stopOnViolation };
    this.sim = createSim({ seed, trace: options.trace, header: { scenario: spec.name, profile: this.profile, options: runOptions, planHash: this.planHash, plan } });
    this.built = spec.build({ sim: this.sim, seed, profile: this.profile, plan, rng: this.sim.rng.fork('workload') });
    this.pending = installPlan(this.sim, plan);
    this.invariants = [...this.built.invariants, ...(spec.allowProcessErrors === true ? [] : [processErrorsInvariant as Invariant<S>])];
    this.perStep = this.invariants.filter((i) => i.when === 'step');
    applyStepFaults(this.sim, this.pending, 1);
  }

  get ended(): boolean {
    return this.endReason !== null;
  }

  private check(list: readonly Invariant<S>[], final: boolean): void {
    const sim = this.sim;
    for (const inv of list) {
      if (this.violated.has(inv.name)) continue;
      const f = inv.check({ sim, state: this.built.state, profile: this.profile, final });
      if (f === null) continue;
      this.violated.add(inv.name);
      this.violations.push({ ...f, invariant: inv.name, kind: inv.kind, step: sim.steps, timeMs: sim.nowMs });
      sim.record(f.node ?? null, 'check', { invariant: inv.name, ok: false, kind: inv.kind, message: f.message });
    }
  }

  /** After a step: invariants, then whether the run ends now; otherwise due step-faults. */
  private readonly afterStep = (): boolean => {
    this.check(this.perStep, false);
    if (this.stopOnViolation && this.violations.some((v) => v.kind === 'safety')) this.endReason = 'violation';
    else if (this.built.isDone?.() === true) this.endReason = 'done';
    if (this.endReason === null) applyStepFaults(this.sim, this.pending, this.sim.steps + 1);
    return this.endReason !== null;
  };

  async step(): Promise<StepResult> {
    const sim = this.sim;
    if (this.endReason === null) {
      const next = sim.scheduler.peek();
      if (sim.steps >= this.limits.maxSteps) this.endReason = 'step-limit';
      else if (next === undefined) this.endReason = 'quiescent';
      else if (next.t > this.limits.untilMs) this.endReason = 'time-limit';
    }
    if (this.endReason !== null) return { ...ENDED, index: sim.steps, timeMs: sim.nowMs };
    const r = await sim.step();
    this.afterStep();
    return r;
  }

  async finish(): Promise<RunReport> {
    if (this.report !== null) return this.report;
    if (this.endReason === null) {
      const r = await this.sim.run(this.limits, this.afterStep);
      this.endReason ??= r.reason; // afterStep already set 'violation' or 'done' if it stopped the run
    }
    this.report = this.close(this.endReason ?? 'stopped');
    return this.report;
  }

  /** Final checks, `check` lines, the trace's end line, and the report. */
  private close(endReason: EndReason): RunReport {
    const sim = this.sim;
    // Liveness is judged only on runs allowed to go on: not cut short by the caller's own
    // limits, not stopped at a safety violation.
    const skipLiveness = endReason === 'violation' || (this.cutShort && (endReason === 'step-limit' || endReason === 'time-limit'));
    this.check(this.invariants.filter((i) => !(skipLiveness && i.kind === 'liveness')), true);
    const invariants: InvariantResult[] = this.invariants.map((i) => ({
      name: i.name,
      kind: i.kind,
      when: i.when,
      result: this.violated.has(i.name) ? 'violated' : skipLiveness && i.kind === 'liveness' ? 'skipped' : 'held',
    }));
    for (const r of invariants) sim.record(null, 'check', { invariant: r.name, kind: r.kind, result: r.result, final: true });
    const violations = this.violations;
    const status: RunStatus = violations.some((v) => v.kind === 'safety') ? 'safety' : violations.length > 0 ? 'liveness' : 'pass';
    const traceHash = sim.finish({ status, steps: sim.steps, timeMs: sim.nowMs, endReason, violations: violations.length });
    const { scenario, seed, profile, plan, planHash: hash, limits } = this;
    return { scenario, seed, profile, status, violations, invariants, steps: sim.steps, timeMs: sim.nowMs, endReason, traceHash, plan, planHash: hash, limits, errors: sim.errors.slice() };
  }
}

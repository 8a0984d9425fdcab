// A fault plan: plain, versioned, hashable JSON saying how the network and disks misbehave and
// which faults happen when. Two phases: `chaos` until `healAtMs`, then `heal` (network healed,
// disk and message faults off, crashed nodes restarted) so liveness can be required afterwards.
import { hashJson } from './canonicalJson';
import type { ClockSkew } from './clock';
import { validateSkew } from './clock';
import { applyFault, validateFaultAction, type FaultAction, type NetPatch } from './faults';
import type { DiskFaults } from './fs/simFs';
import { validateDiskFaults } from './fs/simFs';
import { validateNetOptions } from './net/network';
import type { Sim } from './sim';

/** A fault at a virtual time (ms) or just before a step number (1-based). */
export type FaultStep = FaultAction & ({ readonly atMs: number; readonly atStep?: undefined } | { readonly atStep: number; readonly atMs?: undefined });

export interface FaultPlan {
  readonly version: 1;
  /** Network behaviour from the start (loss, duplication, latency, timeout). */
  readonly net?: NetPatch;
  /** Disk faults for every node from the start. */
  readonly disk?: Partial<DiskFaults>;
  /** Initial clock skew per node. */
  readonly clocks?: Readonly<Record<string, ClockSkew>>;
  /** Sorted by time; `atStep` steps are applied by the runner between steps. */
  readonly steps: readonly FaultStep[];
  /** Start of the heal phase, or null for none. */
  readonly healAtMs?: number | null;
}

export const EMPTY_PLAN: FaultPlan = { version: 1, steps: [] };

/** Short, stable id of a plan: the first 16 hex digits of the SHA-256 of its canonical JSON. */
export function planHash(plan: FaultPlan): string {
  return hashJson(plan).slice(0, 16);
}

/** Throws a RangeError naming the bad field (e.g. `plan.steps[3].node`). */
export function validatePlan(plan: FaultPlan, nodes: readonly string[]): void {
  if (plan === null || typeof plan !== 'object') throw new RangeError('plan must be an object');
  if (plan.version !== 1) throw new RangeError(`plan.version must be 1, got ${JSON.stringify(plan.version)}`);
  if (!Array.isArray(plan.steps)) throw new RangeError('plan.steps must be an array');
  if (plan.net !== undefined) validateNetOptions(plan.net, 'plan.net');
  if (plan.disk !== undefined) validateDiskFaults(plan.disk, 'plan.disk');
  for (const [node, skew] of Object.entries(plan.clocks ?? {})) {
    if (!nodes.includes(node)) throw new RangeError(`plan.clocks names unknown node '${node}'`);
    validateSkew(skew, `plan.clocks.${node}`);
  }
  plan.steps.forEach((s, i) => {
    const where = `plan.steps[${i}]`;
    const at = s.atMs ?? s.atStep;
    if (!(Number.isInteger(at) && (at as number) >= 0) || (s.atMs !== undefined && s.atStep !== undefined)) {
      throw new RangeError(`${where} needs exactly one of atMs/atStep as a non-negative integer`);
    }
    validateFaultAction(s, nodes, where);
  });
  const heal = plan.healAtMs;
  if (heal !== undefined && heal !== null && !(Number.isInteger(heal) && heal >= 0)) {
    throw new RangeError(`plan.healAtMs must be a non-negative integer or null, got ${heal}`);
  }
}

function actionOf(step: FaultStep): FaultAction {
  const { atMs: _atMs, atStep: _atStep, ...action } = step;
  return action as FaultAction;
}

/** Ends the chaos phase: network healed, message and disk faults off, down nodes restarted. */
export function heal(sim: Sim): void {
  sim.record(null, 'phase', { phase: 'heal' });
  sim.healNetwork();
  sim.configureNet({ lossRatio: [0, 1], duplicateRatio: [0, 1] });
  for (const id of sim.nodeIds()) {
    sim.node(id).crashPoints.clear();
    sim.setDiskFaults(id, { eioRatio: [0, 1], quotaBytes: null });
    if (!sim.node(id).up) sim.restart(id);
  }
}

/**
 * Installs a plan on a sim whose nodes exist: initial settings now, timed faults as `fault`
 * steps, the heal phase at `healAtMs`. Returns the `atStep` faults, for the runner to apply
 * with `applyStepFaults` between steps.
 */
export function installPlan(sim: Sim, plan: FaultPlan): FaultStep[] {
  validatePlan(plan, sim.nodeIds());
  if (plan.net !== undefined) sim.configureNet(plan.net);
  for (const id of sim.nodeIds()) {
    if (plan.disk !== undefined) sim.setDiskFaults(id, plan.disk);
    const skew = plan.clocks?.[id];
    if (skew !== undefined) sim.setSkew(id, skew);
  }
  const byStep: FaultStep[] = [];
  for (const s of plan.steps) {
    if (s.atStep !== undefined) {
      byStep.push(s);
      continue;
    }
    const action = actionOf(s);
    sim.at(s.atMs ?? 0, 'fault', () => applyFault(sim, action), { op: action.op });
  }
  if (plan.healAtMs !== undefined && plan.healAtMs !== null) sim.at(plan.healAtMs, 'phase', () => heal(sim), { phase: 'heal' });
  return byStep.sort((a, b) => (a.atStep ?? 0) - (b.atStep ?? 0));
}

/** Applies (and removes from the front of `pending`) every step fault due before step `nextStep`. */
export function applyStepFaults(sim: Sim, pending: FaultStep[], nextStep: number): void {
  while (pending.length > 0 && (pending[0].atStep ?? 0) <= nextStep) {
    applyFault(sim, actionOf(pending.shift() as FaultStep));
  }
}

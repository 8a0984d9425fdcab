// Helpers the pipeline checkers share: where each alert id sits in the shared stores right now,
// and whether a run that may still be moving a target's records is in progress.
import { normalizeWorldId, replayLeaseKey } from '../../core/common/ids';
import type { Sim } from '../../sim/index';
import { alertIdOf } from '../pipeline/alertIds';
import type { LeaseHold, PipelineLedger } from '../pipeline/ledger';
import type { TargetView } from '../pipeline/view';

/** One place an alert id occupies: a dead-letter record or a queue item. */
export interface Place {
  readonly store: 'dead-letters' | 'pending';
  readonly index: number;
  readonly reason: string | null;
  readonly attempt: number;
  /** The queued item's (or the dead letter's pending alert's) `next_retry_at_ms`. */
  readonly nextRetryAtMs: number;
}

/** Alert id → its places in the target's stores (empty map when a file cannot be read). */
export function placesOf(t: TargetView): Map<string, Place[]> {
  const out = new Map<string, Place[]>();
  const add = (id: string, p: Place): void => {
    const list = out.get(id);
    if (list === undefined) out.set(id, [p]);
    else list.push(p);
  };
  (t.deadLetters ?? []).forEach((d, index) => add(alertIdOf(d.pendingAlert.alert), { store: 'dead-letters', index, reason: d.reason, attempt: d.pendingAlert.attempt, nextRetryAtMs: d.pendingAlert.nextRetryAtMs }));
  (t.pending ?? []).forEach((p, index) => add(alertIdOf(p.alert), { store: 'pending', index, reason: null, attempt: p.attempt, nextRetryAtMs: p.nextRetryAtMs }));
  return out;
}

export const readable = (t: TargetView): boolean => t.deadLetters !== null && t.pending !== null;

/** A hold whose holder is still the live incarnation and has not released it. */
export function holdIsLive(sim: Sim, h: LeaseHold): boolean {
  if (h.endStep !== null) return false;
  const n = sim.node(h.worker);
  return n.up && n.incarnation === h.incarnation;
}

/**
 * True while a run that writes `target`'s records may be between its writes: a live replay lease
 * for the target, or the target's own emit lease (the world key). The spec's write sequences are
 * not atomic, so a record may sit in two stores for a moment while such a run is in flight.
 */
export function targetBusy(sim: Sim, ledger: PipelineLedger, worldId: string, target: string): boolean {
  const replayKey = replayLeaseKey(worldId, target);
  const emitKey = normalizeWorldId(worldId);
  for (let i = ledger.holds.length - 1; i >= 0; i--) {
    const h = ledger.holds[i];
    if (h.endStep !== null) continue;
    if ((h.key === replayKey || (h.key === emitKey && h.worker === target)) && holdIsLive(sim, h)) return true;
  }
  return false;
}

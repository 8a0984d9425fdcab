// Invariant `conservation` (design.md): every alert that entered the shared stores (a dead letter
// or a queued alert, as the store host accepted the write) is, whenever the stores are read, in
// exactly one of {dead-letter store, recovery queue, delivered}:
//  - lost: in neither store and never delivered (spec §14.5 replay `replace` erasing an emit's
//    append or a concurrent queue save, §14.2 a stale holder's overwrite);
//  - duplicated: in both stores, or twice in one, once no run that could still be between its
//    writes holds the target's lease (spec §14.6 crash between save_pending and replace, §14.7).
// Delivered and still queued, or delivered and dead-lettered, is the spec's at-least-once
// delivery (a lost ACK, a crash before the queue save) and is allowed.
// Liveness at the end of a run: scenarios/checkers/dead-letters-delivered.ts.
import type { Finding, Invariant } from '../registry';
import type { AcceptedWrite } from '../pipeline/ledger';
import type { PipelineState, PipelineWorld } from '../pipeline/world';
import type { Sim } from '../../sim/index';
import { placesOf, readable, targetBusy } from './pipeline-locate';

export const CONSERVATION = 'conservation';

function duplicateFinding(sim: Sim, w: PipelineWorld): Finding | null {
  for (const t of w.view().targets) {
    if (!readable(t)) continue;
    for (const [id, places] of placesOf(t)) {
      if (places.length < 2 || targetBusy(sim, w.ledger, w.options.worldId, t.target)) continue;
      const where = places.map((p) => `${p.store}[${p.index}]`).join(' and ');
      return {
        node: w.options.storeHost,
        message: `alert ${id} of ${t.target} is in ${where} with no run in progress: it will be replayed or delivered twice`,
        evidence: { alert: id, target: t.target, places, delivered: w.ledger.delivered.get(id) ?? 0, entered: w.ledger.entered.get(id) },
      };
    }
  }
  return null;
}

const STORE_OF: Readonly<Record<string, 'pending' | 'dead-letters'>> = {
  savePending: 'pending',
  append: 'dead-letters',
  appendDeadLetter: 'dead-letters',
  replace: 'dead-letters',
  replaceDeadLetters: 'dead-letters',
};
const WHOLE = new Set(['savePending', 'replace', 'replaceDeadLetters', 'commitMove', 'commitEmit']);

/** The last accepted write that put `id` into a store, and the first whole-content write of that store after it without `id`. */
export function erasureOf(writes: readonly AcceptedWrite[], id: string, target: string): { lastWith: AcceptedWrite | null; erasedBy: AcceptedWrite | null } {
  const mine = writes.filter((x) => x.nodeId === target);
  let at = -1;
  for (let i = mine.length - 1; i >= 0 && at < 0; i--) if (mine[i].alertIds.includes(id)) at = i;
  if (at < 0) return { lastWith: null, erasedBy: null };
  const lastWith = mine[at];
  const store = STORE_OF[lastWith.method];
  const erasedBy = mine.slice(at + 1).find((x) => WHOLE.has(x.method) && (store === undefined || STORE_OF[x.method] === store || STORE_OF[x.method] === undefined) && !x.alertIds.includes(id)) ?? null;
  return { lastWith, erasedBy };
}

function lostFinding(w: PipelineWorld): Finding | null {
  const view = w.view();
  const placesByTarget = new Map(view.targets.filter(readable).map((t) => [t.target, placesOf(t)]));
  for (const [id, entered] of w.ledger.entered) {
    if (w.ledger.delivered.has(id) || entered.nodeId === null) continue;
    const places = placesByTarget.get(entered.nodeId);
    if (places === undefined || places.has(id)) continue;
    const { lastWith, erasedBy } = erasureOf(w.ledger.writes, id, entered.nodeId);
    const how = lastWith === null ? '' : `; last written by ${lastWith.from}'s ${lastWith.method} at step ${lastWith.step}${erasedBy ? `, overwritten by ${erasedBy.from}'s ${erasedBy.method} at step ${erasedBy.step}` : ', then the store lost it'}`;
    return {
      node: w.options.storeHost,
      message: `alert ${id} of ${entered.nodeId} was lost: in neither the dead letters nor the queue, never delivered${how}`,
      evidence: { alert: id, target: entered.nodeId, entered, lastWith, erasedBy },
    };
  }
  return null;
}

export function checkConservation(sim: Sim, w: PipelineWorld): Finding | null {
  return lostFinding(w) ?? duplicateFinding(sim, w);
}

export const conservation: Invariant<PipelineState> = {
  name: CONSERVATION,
  kind: 'safety',
  when: 'step',
  check: ({ sim, state }) => checkConservation(sim, state.pipeline),
};

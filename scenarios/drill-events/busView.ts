// What each publisher's bus holds now, decoded the way the profile's readers decode it: `original`
// fails the whole list on any bad line (W-D4); `hardened` drops a torn tail and skips a bad line.
// Read straight from the node's disk (no I/O, no trace), for the skip checker's evidence.
import { decodeDrillAlertEvent } from '../../core/events/bus/drillAlertEvent';
import { drillAlertEventFileName } from '../../core/events/bus/fileEventBus';
import { jsonLines } from '../../core/common/storeFiles';
import { joinPath } from '../../core/common/paths';
import type { Profile } from '../../core/ports';
import type { Sim } from '../../sim/index';
import type { BusView } from '../checkers/events-ledger';
import { eventIdOf } from './eventIds';
import { DATA_ROOT, PUBLISHERS, WORLD } from './topology';

export const busPath = (node: string): string => joinPath(joinPath(DATA_ROOT, 'events'), drillAlertEventFileName(WORLD, node));

function decodeBus(node: string, path: string, text: string | null, profile: Profile): BusView {
  if (text === null) return { node, ids: [] };
  const ids: string[] = [];
  for (const line of jsonLines(text, profile)) {
    try {
      ids.push(eventIdOf(decodeDrillAlertEvent(line, path)));
    } catch (e) {
      if (profile === 'original') return { node, ids: null, error: e instanceof Error ? e.message : String(e) };
    }
  }
  return { node, ids };
}

/** Last decoded view per sim and node, reused while the file's text is the same string. */
const cache = new WeakMap<Sim, Map<string, { text: string | null; view: BusView }>>();

export function busView(sim: Sim, node: string, profile: Profile): BusView {
  const path = busPath(node);
  const text = sim.node(node).disk.model.currentText(path);
  const mine = cache.get(sim) ?? new Map<string, { text: string | null; view: BusView }>();
  cache.set(sim, mine);
  const hit = mine.get(node);
  if (hit !== undefined && hit.text === text) return hit.view;
  const view = decodeBus(node, path, text, profile);
  mine.set(node, { text, view });
  return view;
}

export const busViews = (sim: Sim, profile: Profile): BusView[] => PUBLISHERS.map((n) => busView(sim, n, profile));

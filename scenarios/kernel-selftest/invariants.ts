// The kernel self-test's invariants. Safety ones run after every step and only read state.
import type { Invariant } from '../registry';
import type { SelftestState } from './state';

/** No node's clock ever reads further than this from global virtual time (the plan respects it). */
export const SKEW_MS_MAX = 500;

export const counterNeverGoesBackwards: Invariant<SelftestState> = {
  name: 'counter-never-goes-backwards',
  kind: 'safety',
  when: 'step',
  check: ({ state }) => {
    const bad = state.serverRecoveries.find((r) => r.corrupt || r.value < r.maxAckedBefore);
    if (bad === undefined) return null;
    return {
      node: 's1',
      message: bad.corrupt
        ? `counter file unreadable after restart (incarnation ${bad.incarnation}), ${bad.maxAckedBefore} had been acknowledged`
        : `counter recovered as ${bad.value} after restart (incarnation ${bad.incarnation}), but ${bad.maxAckedBefore} had been acknowledged`,
      evidence: bad,
    };
  },
};

export const acknowledgedJournalLinesSurvive: Invariant<SelftestState> = {
  name: 'acknowledged-journal-lines-survive',
  kind: 'safety',
  when: 'step',
  check: ({ state }) => {
    const bad = state.journalRecoveries.find((r) => r.lines < r.confirmedBefore);
    return bad === undefined
      ? null
      : { node: bad.worker, message: `${bad.worker} recovered ${bad.lines} journal lines after restart, ${bad.confirmedBefore} appends had completed`, evidence: bad };
  },
};

export const journalLinesIntact: Invariant<SelftestState> = {
  name: 'journal-lines-intact',
  kind: 'safety',
  when: 'step',
  check: ({ state }) => {
    const bad = state.journalRecoveries.find((r) => r.corruptLines > 0);
    return bad === undefined ? null : { node: bad.worker, message: `${bad.worker} read ${bad.corruptLines} torn journal line(s) after restart`, evidence: bad };
  },
};

export const messagesAccountedFor: Invariant<SelftestState> = {
  name: 'messages-accounted-for',
  kind: 'safety',
  when: 'step',
  check: ({ sim }) => {
    const s = sim.net.stats;
    const inFlight = sim.net.inFlightCount;
    if (s.sent + s.duplicated === s.delivered + s.dropped + inFlight) return null;
    return { message: `sent ${s.sent} + duplicated ${s.duplicated} != delivered ${s.delivered} + dropped ${s.dropped} + in flight ${inFlight}`, evidence: { ...s, inFlight } };
  },
};

export const clockSkewBounded: Invariant<SelftestState> = {
  name: 'clock-skew-bounded',
  kind: 'safety',
  when: 'step',
  check: ({ sim }) => {
    for (const id of sim.nodeIds()) {
      const skew = sim.node(id).clock.nowMs() - sim.clockEpochMs - sim.nowMs;
      if (Math.abs(skew) > SKEW_MS_MAX) return { node: id, message: `${id} clock is ${skew} ms off global time (bound ${SKEW_MS_MAX})`, evidence: { skew } };
    }
    return null;
  },
};

export const workersFinish: Invariant<SelftestState> = {
  name: 'workers-finish',
  kind: 'liveness',
  when: 'end',
  check: ({ state }) => {
    const late = state.workers.filter((w) => !state.finished[w]);
    return late.length === 0 ? null : { node: late[0], message: `workers ${late.join(', ')} did not finish ${state.opsPerWorker} increments within the budget`, evidence: { late } };
  },
};

export const SELFTEST_INVARIANTS: readonly Invariant<SelftestState>[] = [
  counterNeverGoesBackwards,
  acknowledgedJournalLinesSurvive,
  journalLinesIntact,
  messagesAccountedFor,
  clockSkewBounded,
  workersFinish,
];

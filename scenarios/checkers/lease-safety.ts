// Invariant `lease-safety` (design.md): at most one worker replays one (world, target) at a time,
// and where TTL leases cannot promise that (expiry mid-run, skewed clocks), fencing must stop the
// stale holder. Judged on what matters: a write of the target's alert data that the store host
// accepted from a worker running a replay under the target's lease, after the host had granted
// that lease to someone else. "Granted" is the host's own lease write (`original`: the lease
// record a store-backed acquire saved; `hardened`: the fenced service's grant, whose scope is the
// world), so a grant whose reply arrives late is not mistaken for a newer one. The message names
// the mechanism: interleaved acquire (spec §14.1), TTL expiry mid-run with no fencing (§14.2), or
// a clock ahead stealing a valid lease (§14.3). Pure: reads the append-only ledger and remembers,
// per ledger, how far it has read (a write is judged once; every grant before it is recorded).
import { leaseScopeOf } from '../../core/exports-replay';
import { replayLeaseKey } from '../../core/common/ids';
import type { Profile } from '../../core/ports';
import type { Finding, Invariant } from '../registry';
import type { AcceptedWrite, LeaseGrantRecord, LeaseHold, PipelineLedger } from '../pipeline/ledger';
import type { PipelineState, PipelineWorld } from '../pipeline/world';

export const LEASE_SAFETY = 'lease-safety';

export type LeaseConflict = 'interleaved-acquire' | 'ttl-expired' | 'clock-skew';

interface Progress {
  writes: number;
  finding: Finding | null;
}

const progressOf = new WeakMap<PipelineLedger, Progress>();

/** The writer's replay hold (its own incarnation, same key) in force when `w` was accepted. */
function holdOf(ledger: PipelineLedger, w: AcceptedWrite, key: string): LeaseHold | undefined {
  for (let i = ledger.holds.length - 1; i >= 0; i--) {
    const h = ledger.holds[i];
    if (h.key !== key || h.worker !== w.from || h.incarnation !== w.fromIncarnation || h.startStep > w.step) continue;
    return h.endStep === null || h.endStep >= w.step ? h : undefined;
  }
  return undefined;
}

/** The host's last grant of `key` to the hold's worker before the hold began. */
function grantOf(ledger: PipelineLedger, hold: LeaseHold, key: string): LeaseGrantRecord | undefined {
  for (let i = ledger.grants.length - 1; i >= 0; i--) {
    const g = ledger.grants[i];
    if (g.key === key && g.holder === hold.worker && g.holderIncarnation === hold.incarnation && g.step <= hold.startStep) return g;
  }
  return undefined;
}

export function classifyConflict(stale: LeaseHold, staleGrant: LeaseGrantRecord, newer: LeaseGrantRecord, newerHold: LeaseHold | undefined, ttlMs: number): LeaseConflict {
  if (newer.timeMs >= staleGrant.timeMs + ttlMs) return 'ttl-expired';
  if (newerHold !== undefined && newerHold.clockMs >= stale.clockMs + ttlMs) return 'clock-skew';
  return 'interleaved-acquire';
}

function judge(w: PipelineWorld, profile: Profile, write: AcceptedWrite): Finding | null {
  if (write.worldId === null || write.nodeId === null) return null;
  const ledger = w.ledger;
  const key = replayLeaseKey(write.worldId, write.nodeId);
  const mine = holdOf(ledger, write, key);
  if (mine === undefined) return null;
  const grantKey = profile === 'hardened' ? leaseScopeOf(key) : key;
  const myGrant = grantOf(ledger, mine, grantKey);
  if (myGrant === undefined) return null;
  const newer = ledger.grants.find(
    (g) => g.key === grantKey && g.step > myGrant.step && g.step <= write.step && (g.holder !== write.from || g.holderIncarnation !== write.fromIncarnation),
  );
  if (newer === undefined) return null;
  const newerHold = ledger.holds.find((h) => h.worker === newer.holder && h.incarnation === newer.holderIncarnation && h.key === key && h.startStep >= newer.step);
  const mechanism = classifyConflict(mine, myGrant, newer, newerHold, w.options.leaseTtlMs);
  return {
    node: write.from,
    message:
      `two replay lease holders for ${write.worldId}/${write.nodeId} (${mechanism}): ${write.from} was granted the lease at step ${myGrant.step} (its clock ${mine.clockMs}), ` +
      `${newer.holder} was granted it at step ${newer.step}${newerHold ? ` (its clock ${newerHold.clockMs})` : ''}, ` +
      `and ${write.from}'s ${write.method} was still accepted at step ${write.step}: nothing fenced the stale holder`,
    evidence: { key, mechanism, write, staleHold: mine, staleGrant: myGrant, newerGrant: newer, newerHold },
  };
}

export function checkLeaseSafety(w: PipelineWorld, profile: Profile): Finding | null {
  const ledger = w.ledger;
  let p = progressOf.get(ledger);
  if (p === undefined) progressOf.set(ledger, (p = { writes: 0, finding: null }));
  while (p.finding === null && p.writes < ledger.writes.length) {
    p.finding = judge(w, profile, ledger.writes[p.writes]);
    p.writes += 1;
  }
  return p.finding;
}

export const leaseSafety: Invariant<PipelineState> = {
  name: LEASE_SAFETY,
  kind: 'safety',
  when: 'step',
  check: ({ state, profile }) => checkLeaseSafety(state.pipeline, profile),
};

// What lease-contention finds, as data (see scenarios/pipeline/findingTypes.ts). Found by sweeping
// seeds with these plans; test/findings/lease-contention.test.ts re-checks each.
import type { FaultPlan } from '../../sim/index';
import { LEASE_SAFETY } from '../checkers/lease-safety';
import { QUIET_PLAN, type FixedHardenedGap, type PipelineFinding } from '../pipeline/findingTypes';
import { DEAD_LETTERS_DELIVERED } from '../checkers/dead-letters-delivered';

const SCENARIO = 'lease-contention';

/** Latency spikes longer than the 250 ms TTL in the chaos phase, ordinary latency in the heal phase. */
const SPIKY: FaultPlan = {
  ...QUIET_PLAN,
  net: { requestTimeoutMs: 800, latency: { kind: 'spiky', minMs: 1, maxMs: 4, spikeRatio: [1, 25], spikeMs: 339 } },
  steps: [{ atMs: 2600, op: 'net', net: { latency: { kind: 'uniform', minMs: 1, maxMs: 4 } } }],
};

export const FINDINGS: readonly PipelineFinding[] = [
  {
    id: 'fast-clock-steals-valid-lease',
    scenario: SCENARIO,
    invariant: LEASE_SAFETY,
    weakPoint: 'A §14.3 (expiry judged on the acquirer\'s clock)',
    seed: '1',
    plan: { ...QUIET_PLAN, clocks: { n2: { kind: 'fixed', offsetMs: 337 } } },
    description:
      'n2\'s clock runs 337 ms ahead (more than the 250 ms TTL). n1 holds n1\'s replay lease, written with its own clock; n2 reads the record, judges it expired by its clock, saves itself as holder and replays too, while n1 is still writing: n1\'s save_pending is accepted after n2\'s grant.',
    hardenedBehaviour: 'The fenced lease service judges expiry on the storage node\'s clock and ignores the caller\'s; n2 gets no grant while n1\'s lease runs.',
    expectMessage: 'two replay lease holders for w1/n1 \\(clock-skew\\)',
  },
  {
    id: 'ttl-expires-mid-run-without-fencing',
    scenario: SCENARIO,
    invariant: LEASE_SAFETY,
    weakPoint: 'A §14.2 (a run outlives its TTL; nothing rejects the stale writer)',
    seed: '3',
    plan: SPIKY,
    description:
      'A reply to n1 takes 339 ms (one message in 25 is that slow), so n1\'s replay run outlives its 250 ms lease; n2 finds the lease expired and takes over, and n1, resuming, still has its save_state accepted: two replayers of n1\'s data at once.',
    hardenedBehaviour: 'n2\'s grant raises the fencing token; n1\'s late write carries the old token and the storage rejects it (FenceRejectedError).',
    expectMessage: 'two replay lease holders for w1/n1 \\(ttl-expired\\)',
  },
];

export const FIXED_HARDENED_GAPS: readonly FixedHardenedGap[] = [
  {
    id: 'storage-clock-jump-extends-unreleased-lease',
    scenario: SCENARIO,
    invariant: DEAD_LETTERS_DELIVERED,
    seed: '2',
    plan: {
      ...QUIET_PLAN,
      steps: [
        { atMs: 900, op: 'partition-oneway', from: ['n1', 'n2', 'n3'], to: ['storage'] },
        { atMs: 950, op: 'skew', node: 'storage', skew: { kind: 'fixed', offsetMs: -3100 } },
      ],
    },
    description:
      'Requests from the workers to the storage node are cut at 900 ms, so the release of the world lease granted at 894 ms never arrives; at 950 ms the storage node\'s clock steps back 3.1 s. The fenced lease service judges expiry on that wall clock, so the unreleased 250 ms lease now runs until about 4250 ms of global time: after the heal at 2600 ms no emit or replay of world w1 can start before the run ends, and n1\'s queued alert a7d is never delivered.',
    suggestedFix: 'Judge lease expiry on a monotonic clock of the lease service (or treat a lease whose expiry lies more than the TTL ahead of now as expired).',
    expectMessage: 'alert a7d of n1 is still waiting at the end',
    fixedBy: 'core/replay hardened f2bbb88: monotonic lease time; a backward step of the service clock ends earlier grants',
  },
];

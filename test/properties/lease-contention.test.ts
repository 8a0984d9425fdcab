// lease-contention properties over fast-check-drawn fault plans: loss, duplication, latency spikes
// past the 250 ms TTL, partitions, isolation, crashes of any node or of the store host at any
// write, torn writes, EIO and ENOSPC windows, disk latency, skew up to 3 s (offsets, drift and
// jumps); heal at 2600 ms (see the shared helper).
import { leaseContention, LEASE_CONTENTION_DEFAULTS, LEASE_CONTENTION_HEAL_AT_MS } from '../../scenarios/lease-contention/index';
import { pipelineInvariants, resolvePipelineOptions } from '../../scenarios/pipeline/index';
import { describePipelineProperties } from '../support/pipelineProperties';

describePipelineProperties({
  file: 'test/properties/lease-contention.test.ts',
  scenario: leaseContention,
  options: resolvePipelineOptions(LEASE_CONTENTION_DEFAULTS),
  healAtMs: LEASE_CONTENTION_HEAL_AT_MS,
  skewMsMax: 3000,
  invariants: pipelineInvariants().map((i) => i.name),
});

// fair-replay properties over fast-check-drawn fault plans: loss, duplication, latency spikes,
// partitions, isolation, crashes of any node or of the store host at any write, torn writes, EIO
// and ENOSPC windows, disk latency, skew up to 2 s; heal at 2600 ms (see the shared helper).
import { fairReplay, FAIR_REPLAY_HEAL_AT_MS } from '../../scenarios/fair-replay/index';
import { pipelineInvariants, resolvePipelineOptions } from '../../scenarios/pipeline/index';
import { describePipelineProperties } from '../support/pipelineProperties';

describePipelineProperties({
  file: 'test/properties/fair-replay.test.ts',
  scenario: fairReplay,
  options: resolvePipelineOptions(),
  healAtMs: FAIR_REPLAY_HEAL_AT_MS,
  skewMsMax: 2000,
  invariants: pipelineInvariants().map((i) => i.name),
});

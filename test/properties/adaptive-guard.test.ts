// adaptive-guard properties over fast-check-drawn fault plans (see the shared helper): hardened
// holds every invariant, policy bounds, steps and cooldown included; skew up to 2 s.
import { ADAPTIVE_GUARD_DEFAULTS, adaptiveGuard, ADAPTIVE_GUARD_HEAL_AT_MS } from '../../scenarios/adaptive-guard/index';
import { pipelineInvariants, resolvePipelineOptions } from '../../scenarios/pipeline/index';
import { describePipelineProperties } from '../support/pipelineProperties';

describePipelineProperties({
  file: 'test/properties/adaptive-guard.test.ts',
  scenario: adaptiveGuard,
  options: resolvePipelineOptions(ADAPTIVE_GUARD_DEFAULTS),
  healAtMs: ADAPTIVE_GUARD_HEAL_AT_MS,
  skewMsMax: 2000,
  invariants: pipelineInvariants({ policy: true }).map((i) => i.name),
  hardenedClaim: ', policy bounds, steps and cooldown included',
});

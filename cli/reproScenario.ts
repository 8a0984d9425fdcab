// Which scenario a repro (or a finding) runs: the registered one, or — with `scenarioOptions` —
// the same scenario built by its own options builder (`make<Name>(options)`,
// `createArchiveTieringScenario(deployment)`). Design findings need such variants (e.g. the
// P3.25 priority entry, a frozen-guard cooldown, the spec's governance thresholds). Options are
// plain JSON; unknown keys are refused so a typo cannot silently run the default scenario.
import { makeAdaptiveGuard, type AdaptiveGuardOptions } from '../scenarios/adaptive-guard/index';
import { createArchiveTieringScenario } from '../scenarios/archive-tiering/index';
import type { ArchiveDeployment } from '../scenarios/archive-tiering/storage';
import { makeFairReplay } from '../scenarios/fair-replay/index';
import { makeFullStack, type FullStackOptions } from '../scenarios/full-stack/index';
import { findScenario, scenarioNames, type Scenario } from '../scenarios/index';
import { makeLeaseContention } from '../scenarios/lease-contention/index';
import { DEFAULT_PIPELINE_OPTIONS, type PipelineOptionsInput } from '../scenarios/pipeline/options';
import { makeRollbackGovernance, ROLLBACK_GOVERNANCE_OSCILLATION, ROLLBACK_GOVERNANCE_OSCILLATION_OPTIONS, type RollbackGovernanceOptions } from '../scenarios/rollback-governance/index';

/** A scenario's build options as JSON (what `make<Name>(options)` takes). */
export type ScenarioOptions = Readonly<Record<string, unknown>>;

/** Bad scenario options; `field` is the path inside them (`scenarioOptions.workers`). */
export class ScenarioOptionsError extends RangeError {}

interface OptionsBuilder {
  readonly keys: readonly string[];
  build(options: ScenarioOptions): Scenario;
}

const PIPELINE_KEYS = Object.keys(DEFAULT_PIPELINE_OPTIONS);
const DEPLOYMENT_PRUNES: readonly ArchiveDeployment['prune'][] = ['tiered', 'retention-only'];

function archiveDeployment(v: unknown): ArchiveDeployment {
  const prune = (v as { prune?: unknown } | null)?.prune;
  if (typeof v !== 'object' || v === null || !DEPLOYMENT_PRUNES.includes(prune as ArchiveDeployment['prune'])) {
    throw new ScenarioOptionsError(`scenarioOptions.deployment must be {prune: ${DEPLOYMENT_PRUNES.map((p) => `'${p}'`).join(' | ')}}, got ${JSON.stringify(v)}`);
  }
  return { prune: prune as ArchiveDeployment['prune'] };
}

/** The scenarios that take options, by registered name. The built scenario keeps that name. */
const BUILDERS: Readonly<Record<string, OptionsBuilder>> = {
  'fair-replay': { keys: PIPELINE_KEYS, build: (o) => makeFairReplay(o as PipelineOptionsInput) },
  'lease-contention': { keys: PIPELINE_KEYS, build: (o) => makeLeaseContention(o as PipelineOptionsInput) },
  'adaptive-guard': { keys: [...PIPELINE_KEYS, 'policyFreezeAfterMs'], build: (o) => makeAdaptiveGuard(o as AdaptiveGuardOptions) },
  'rollback-governance': { keys: ['pipeline', 'governance', 'escalation'], build: (o) => makeRollbackGovernance(o as RollbackGovernanceOptions) },
  'full-stack': { keys: ['pipeline'], build: (o) => makeFullStack(o as FullStackOptions) },
  'archive-tiering': { keys: ['deployment'], build: (o) => createArchiveTieringScenario(o.deployment === undefined ? undefined : archiveDeployment(o.deployment)) },
};

/** Names under which findings data refers to an exported variant: its scenario and options (without `name`). */
const NAMED_VARIANTS: Readonly<Record<string, { readonly scenario: string; readonly options: ScenarioOptions }>> = {
  [ROLLBACK_GOVERNANCE_OSCILLATION]: { scenario: 'rollback-governance', options: withoutName(ROLLBACK_GOVERNANCE_OSCILLATION_OPTIONS) },
};

function withoutName(o: object): ScenarioOptions {
  const { name: _name, ...rest } = o as Record<string, unknown>;
  return rest;
}

/** The options of a named variant of `scenario`, or undefined if `variant` names none of its variants. */
export function namedVariantOptions(scenario: string, variant: string): ScenarioOptions | undefined {
  const v = NAMED_VARIANTS[variant];
  return v !== undefined && v.scenario === scenario ? v.options : undefined;
}

/** Scenarios that accept `scenarioOptions`. */
export function optionScenarioNames(): string[] {
  return Object.keys(BUILDERS).sort();
}

/**
 * The registered scenario `name`, or (with options) the same scenario built from them.
 * Throws ScenarioOptionsError naming the field for an unknown scenario or bad options.
 */
export function scenarioWithOptions(name: string, options?: ScenarioOptions): Scenario {
  const registered = findScenario(name);
  if (registered === undefined) throw new ScenarioOptionsError(`scenario: unknown scenario '${name}' (valid: ${scenarioNames().join(', ')})`);
  if (options === undefined) return registered;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) throw new ScenarioOptionsError('scenarioOptions must be an object');
  const builder = BUILDERS[name];
  if (builder === undefined) throw new ScenarioOptionsError(`scenarioOptions: scenario ${name} takes no options (scenarios with options: ${optionScenarioNames().join(', ')})`);
  for (const key of Object.keys(options)) {
    if (!builder.keys.includes(key)) throw new ScenarioOptionsError(`scenarioOptions.${key} is not an option of ${name} (options: ${builder.keys.join(', ')})`);
  }
  try {
    return builder.build(options);
  } catch (e) {
    if (e instanceof ScenarioOptionsError) throw e;
    throw new ScenarioOptionsError(`scenarioOptions: ${(e as Error).message}`);
  }
}

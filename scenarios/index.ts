// Every scenario, by name. The CLI, the TUI and the property tests find scenarios here.
import { adaptiveGuard } from './adaptive-guard/index';
import { archiveTiering } from './archive-tiering/index';
import { drillEvents } from './drill-events/index';
import { fairReplay } from './fair-replay/index';
import { fullStack } from './full-stack/index';
import { kernelSelftest } from './kernel-selftest/index';
import { leaseContention } from './lease-contention/index';
import { rollbackGovernance } from './rollback-governance/index';
import type { Scenario } from './registry';

export * from './registry';

/** What `npm run sim` runs with no arguments. */
export const DEFAULT_SCENARIO_NAME = 'fair-replay';

/** All scenarios, sorted by name. Add new ones here. */
export const SCENARIOS: readonly Scenario[] = [kernelSelftest, drillEvents, archiveTiering, fairReplay, leaseContention, adaptiveGuard, rollbackGovernance, fullStack].sort((a, b) => (a.name < b.name ? -1 : 1));

export function findScenario(name: string): Scenario | undefined {
  return SCENARIOS.find((s) => s.name === name);
}

export function scenarioNames(): string[] {
  return SCENARIOS.map((s) => s.name);
}

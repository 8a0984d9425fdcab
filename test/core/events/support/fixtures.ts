// Spec C §12 fixtures: `rec(world, node, t, level, streak)` and `ev(w, n, t, outcome)`, plus the
// two backends every file store is proven against (the fake fs and a real temp dir).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { createNodeFileSystem } from '../../../../adapters/nodeFileSystem';
import type { GovernanceAuditRecord } from '../../../../core/governance/archive/governanceAudit';
import type { GovernanceLevel } from '../../../../core/governance/level/governanceLevel';
import type { DrillScheduledRunReport } from '../../../../core/governance/schedule/drillSchedule';
import type { FileSystem } from '../../../../core/ports';
import type { DrillAlertEvent, DrillAlertEventOutcome } from '../../../../core/events/bus/drillAlertEvent';
import { createMemoryFs } from './memoryFs';

export const W = 'w1';
export const A = 'node-a';
export const B = 'node-b';

export const rec = (worldId: string, nodeId: string, t: number, level: GovernanceLevel = 'normal', streak = 0): GovernanceAuditRecord => ({
  worldId,
  nodeId,
  auditedAtMs: t,
  governanceLevel: level,
  rollbackStreak: streak,
  rolledBack: streak > 0,
  appliedPolicy: { maxReplayPerRun: 4, maxRetryLimitExceededStreak: 2 },
  alertEmitted: false,
});

export const ev = (worldId: string, nodeId: string, t: number, outcome: DrillAlertEventOutcome): DrillAlertEvent => ({
  worldId,
  nodeId,
  eventAtMs: t,
  outcome,
  reasons: ['rollback_streak_exceeded'],
  severity: 'warn',
});

/** A scheduled run of W/A at 1000 that executed `drillReport` (next due at 1100). */
export const scheduledDrillRun = (drillReport: DrillScheduledRunReport['drillReport'], over: Partial<DrillScheduledRunReport> = {}): DrillScheduledRunReport => ({
  worldId: W,
  nodeId: A,
  scheduledAtMs: 1000,
  drillDue: true,
  drillExecuted: true,
  nextDueAtMs: 1100,
  drillReport,
  ...over,
});

export const times = (events: readonly DrillAlertEvent[]): string[] => events.map((e) => `${e.nodeId}@${e.eventAtMs}:${e.outcome}`);

export interface Backend {
  readonly name: string;
  make(): { fs: FileSystem; root: string };
}

const tempDirs: string[] = [];
afterAll(() => {
  for (const d of tempDirs) rmSync(d, { recursive: true, force: true });
});

export const BACKENDS: readonly Backend[] = [
  { name: 'fake fs', make: () => ({ fs: createMemoryFs(), root: '/data/events' }) },
  {
    name: 'real temp dir',
    make: () => {
      const dir = mkdtempSync(join(tmpdir(), 'awsim-events-'));
      tempDirs.push(dir);
      return { fs: createNodeFileSystem(), root: join(dir, 'events') };
    },
  },
];

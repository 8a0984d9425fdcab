// Spec C W-G2/W-G3: a failure inside the offload + drill + alert + event pipeline. `original`
// saves the drill schedule before the alert and publishes the event last; `hardened` commits the
// schedule last and publishes `emitted` right after the sink acknowledged.
import { describe, expect, it } from 'vitest';
import type { Profile } from '../../../core/ports';
import type { RevocationAlert } from '../../../core/replay/types';
import { runTieredOffloadWithDrillAlertAndEventBus } from '../../../core/events/alerts/orchestration';
import { A, rec, W } from './support/fixtures';
import { example5World } from './support/world';

const emergency = { rollbackStreak: 3, lastLevel: 'emergency' as const, lastLevelUpdatedAtMs: null };

describe('W-G2 the drill schedule is saved before the alert', () => {
  it.each<[Profile, number]>([
    ['original', 0],
    ['hardened', 1],
  ])('a sink failure at the first run: %s sends %i alert at the retry inside the interval', async (profile, alerts) => {
    const w = await example5World([rec(W, A, 900, 'emergency', 3)], emergency, profile);
    let failOnce = true;
    const sink = {
      emit: async (alert: RevocationAlert) => {
        if (failOnce) {
          failOnce = false;
          throw new Error('sink down');
        }
        await w.alertSink.emit(alert);
      },
    };
    const opts = { ...w.options, alertSink: sink, eventBus: w.eventBus };
    await expect(runTieredOffloadWithDrillAlertAndEventBus(opts)).rejects.toThrow('sink down');
    const retry = await runTieredOffloadWithDrillAlertAndEventBus({ ...opts, scheduledAtMs: 1050 });
    expect(retry.runReport.drillRunReport.drillExecuted).toBe(profile === 'hardened');
    expect(w.alertSink.list()).toHaveLength(alerts);
  });
});

describe('W-G3 the event is published last', () => {
  it.each<[Profile, string[]]>([
    ['original', []],
    ['hardened', ['emitted']],
  ])('a failure after the alert was sent: %s history is %j', async (profile, outcomes) => {
    const w = await example5World([rec(W, A, 900, 'emergency', 3)], emergency, profile);
    const failing = Object.assign(Object.create(w.options.drillAlertStateStore) as typeof w.options.drillAlertStateStore, {
      saveState: async () => {
        throw new Error('state disk full');
      },
    });
    const run = runTieredOffloadWithDrillAlertAndEventBus({ ...w.options, drillAlertStateStore: failing, eventBus: w.eventBus });
    await expect(run).rejects.toThrow('state disk full');
    expect(w.alertSink.list()).toHaveLength(1);
    expect((await w.eventBus.list(W, A)).map((e) => e.outcome)).toEqual(outcomes);
  });
});

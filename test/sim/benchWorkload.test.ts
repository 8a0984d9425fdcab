import { describe, expect, it } from 'vitest';
import { runAwsim, runBareHeap, runFakeTimers } from '../../bench/kernelWorkload';

describe('kernel benchmark workload', () => {
  it('all three drivers run the same events to the same virtual time', async () => {
    const w = { processes: 7, iterations: 30 };
    const a = await runAwsim(w);
    const b = await runFakeTimers(w);
    const c = runBareHeap(w);
    expect(a.events).toBe(2 * 7 * 30);
    expect([b.events, c.events]).toEqual([a.events, a.events]);
    expect([b.virtualMs, c.virtualMs]).toEqual([a.virtualMs, a.virtualMs]);
    expect((await runAwsim(w, true)).virtualMs).toBe(a.virtualMs);
  });
});

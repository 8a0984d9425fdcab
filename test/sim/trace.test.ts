import { describe, expect, it } from 'vitest';
import { createTrace } from '../../sim/trace';

describe('trace', () => {
  it('is sealed by its end line: a late record after the run ended is not written', () => {
    const written: string[] = [];
    const trace = createTrace({ mode: 'full', onLine: (l) => written.push(l) });
    trace.record(1, 0, null, 'step', { a: 1 });
    const hash = trace.end(1, 0, { status: 'pass' });
    trace.record(2, 5, 'n1', 'late', { b: 2 });
    expect(written).toHaveLength(2);
    expect(JSON.parse(written[1]).kind).toBe('end');
    expect(trace.hash()).toBe(hash);
  });
});

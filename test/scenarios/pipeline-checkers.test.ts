// The pipeline checkers on hand-made ledgers and files: each catches what it claims (with the
// records involved) and stays quiet on the legitimate cases next to it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { selectByPriority, selectFair, type DeadLetterRecord } from '../../core/exports-replay';
import { erasureOf } from '../../scenarios/checkers/conservation';
import { checkFairness } from '../../scenarios/checkers/fairness';
import { checkLeaseSafety } from '../../scenarios/checkers/lease-safety';
import { decisionProblem } from '../../scenarios/checkers/policy-bounds';
import { expectedFair, expectedPriority } from '../../scenarios/checkers/replay-order';
import { checkPriorityOrder } from '../../scenarios/checkers/priority-order';
import { DEFAULT_ADAPTIVE, decodeStoreFile, PipelineLedger, resolvePipelineOptions, storeFileKind, type AcceptedWrite, type ListedRecord, type PipelineWorld, type ReplayBatch } from '../../scenarios/pipeline/index';

const R = 'retry_limit_exceeded' as const;
const C = 'capacity_evicted' as const;

const listedArb = fc.array(
  fc.record({ reason: fc.constantFrom(R, C), attempt: fc.integer({ min: 0, max: 4 }), droppedAtMs: fc.integer({ min: 0, max: 5 }) }),
  { maxLength: 9 },
).map((rs) => rs.map((r, i): ListedRecord => ({ id: `a${i}d`, ...r })));

const asRecords = (listed: readonly ListedRecord[]): DeadLetterRecord[] =>
  listed.map((l) => ({ worldId: 'w1', nodeId: 'n1', droppedAtMs: l.droppedAtMs, reason: l.reason, pendingAlert: { attempt: l.attempt, nextRetryAtMs: 0, lastError: null, alert: { worldId: 'w1', nodeId: 'n1', detectedAtMs: 0, severity: 'warn', code: 'reconcile_diverged', message: '', drained: 0, diverged: 1, rejected: 0 } } }));

describe('replay-order oracle (written from the spec text)', () => {
  it('agrees with the core\'s priority and fair selections on any listed records', () => {
    fc.assert(
      fc.property(listedArb, fc.integer({ min: 1, max: 10 }), fc.integer({ min: 1, max: 4 }), fc.boolean(), (listed, m, s, prefer) => {
        const count = Math.min(listed.length, m);
        expect(expectedPriority(listed, count)).toEqual(selectByPriority(asRecords(listed), count));
        expect(expectedFair(listed, count, s, prefer)).toEqual(selectFair(asRecords(listed), count, s, prefer).selected);
      }),
      { numRuns: 300, seed: 42 },
    );
  });
});

function batch(over: Partial<ReplayBatch> & Pick<ReplayBatch, 'listed' | 'selected'>): ReplayBatch {
  return { worker: 'n1', incarnation: 1, target: 'n1', entry: 'fair', step: 1, timeMs: 1, policy: { maxReplayPerRun: 2, maxRetryLimitExceededStreak: 2 }, prefer: false, outcome: 'ok', ...over };
}
const r = (id: string): ListedRecord => ({ id, reason: R, attempt: 2, droppedAtMs: 0 });
const c = (id: string): ListedRecord => ({ id, reason: C, attempt: 0, droppedAtMs: 0 });

describe('fairness and priority-order on recorded batches', () => {
  it('two completed runs in a row that skip a waiting capacity record are a violation', () => {
    const l = new PipelineLedger();
    l.recordBatch(batch({ step: 10, listed: [r('a1r'), r('a2r'), c('a3d')], selected: ['a1r', 'a2r'] }));
    expect(checkFairness(l)).toBeNull();
    l.recordBatch(batch({ step: 20, listed: [r('a1r'), r('a2r'), c('a3d')], selected: ['a1r', 'a2r'] }));
    expect(checkFairness(l)?.message).toMatch(/two consecutive replay runs of n1 \(step 10 .*step 20.*\[a3d\] waited/);
  });

  it('a run whose outcome is unknown in between resets the chain', () => {
    const l = new PipelineLedger();
    l.recordBatch(batch({ step: 10, listed: [r('a1r'), r('a2r'), c('a3d')], selected: ['a1r', 'a2r'] }));
    l.recordBatch(batch({ step: 15, listed: [r('a1r'), r('a2r'), c('a3d')], selected: ['a3d', 'a1r'], outcome: 'failed' }));
    l.recordBatch(batch({ step: 20, listed: [r('a1r'), r('a2r'), c('a3d')], selected: ['a1r', 'a2r'] }));
    expect(checkFairness(l)).toBeNull();
  });

  it('more retry-limit records in a row than the streak while a capacity record waits is a violation', () => {
    const l = new PipelineLedger();
    l.recordBatch(batch({ policy: { maxReplayPerRun: 3, maxRetryLimitExceededStreak: 1 }, listed: [r('a1r'), r('a2r'), c('a3d')], selected: ['a1r', 'a2r', 'a3d'] }));
    expect(checkFairness(l)?.message).toMatch(/replayed 2 retry-limit records in a row while 1 capacity-evicted/);
  });

  it('priority-order flags a batch that is not the spec\'s selection, and accepts the P3.25 order', () => {
    const ok = new PipelineLedger();
    ok.recordBatch(batch({ entry: 'priority', listed: [c('a1d'), r('a2r'), r('a3r')], selected: ['a2r', 'a3r'] }));
    expect(checkPriorityOrder(ok)).toBeNull();
    const bad = new PipelineLedger();
    bad.recordBatch(batch({ entry: 'priority', listed: [c('a1d'), r('a2r'), r('a3r')], selected: ['a1d', 'a2r'] }));
    expect(checkPriorityOrder(bad)?.message).toMatch(/selected \[a1d, a2r\], the spec's rule selects \[a2r, a3r\]/);
  });
});

const world = (ledger: PipelineLedger): PipelineWorld => ({ ledger, options: resolvePipelineOptions(), profile: 'original' }) as unknown as PipelineWorld;
const KEY = 'w1::revocation-dead-letter-replay::n1';
const write = (from: string, step: number, method = 'savePending'): AcceptedWrite =>
  ({ step, timeMs: step, from, fromIncarnation: 1, service: 'recovery', method, worldId: 'w1', nodeId: 'n1', alertIds: [] });

describe('lease-safety on grants, holds and accepted writes', () => {
  it('a write by a holder after another worker was granted the same lease is a violation, named by mechanism', () => {
    const l = new PipelineLedger();
    l.recordGrant({ step: 10, timeMs: 10, key: KEY, holder: 'n2', holderIncarnation: 1 });
    l.recordHold({ worker: 'n2', incarnation: 1, key: KEY, startStep: 11, startMs: 11, clockMs: 1000 });
    l.recordGrant({ step: 12, timeMs: 12, key: KEY, holder: 'n3', holderIncarnation: 1 });
    l.recordHold({ worker: 'n3', incarnation: 1, key: KEY, startStep: 13, startMs: 13, clockMs: 1002 });
    l.recordWrite(write('n3', 14));
    expect(checkLeaseSafety(world(l), 'original')).toBeNull();
    l.recordWrite(write('n2', 15, 'replace'));
    const f = checkLeaseSafety(world(l), 'original');
    expect(f?.message).toMatch(/two replay lease holders for w1\/n1 \(interleaved-acquire\): n2 .* n3 .* n2's replace was still accepted at step 15/);
    expect((f?.evidence as { mechanism: string }).mechanism).toBe('interleaved-acquire');
  });

  it('a grant whose reply arrives late is not a newer holder', () => {
    const l = new PipelineLedger();
    l.recordGrant({ step: 10, timeMs: 10, key: KEY, holder: 'n3', holderIncarnation: 1 });
    l.recordGrant({ step: 12, timeMs: 12, key: KEY, holder: 'n2', holderIncarnation: 1 });
    l.recordHold({ worker: 'n2', incarnation: 1, key: KEY, startStep: 13, startMs: 13, clockMs: 1000 });
    l.recordHold({ worker: 'n3', incarnation: 1, key: KEY, startStep: 40, startMs: 40, clockMs: 1000 });
    l.recordWrite(write('n2', 41));
    expect(checkLeaseSafety(world(l), 'original')).toBeNull();
  });
});

describe('policy-bounds decisions', () => {
  const d = (current: [number, number], adopted: [number, number], lastReplayAtMs: number | null = null) => ({
    worker: 'n1', incarnation: 1, target: 'n1', step: 1, timeMs: 1, clockMs: 1000, recommended: null, lastReplayAtMs,
    current: { maxReplayPerRun: current[0], maxRetryLimitExceededStreak: current[1] },
    adopted: { maxReplayPerRun: adopted[0], maxRetryLimitExceededStreak: adopted[1] },
  });
  it('names the out-of-bounds policy, the oversized step and the change inside the cooldown', () => {
    expect(decisionProblem(d([7, 3], [7, 3], 990), DEFAULT_ADAPTIVE, true)).toMatch(/outside \[1, 6\] \(the cooldown early return/);
    expect(decisionProblem(d([2, 2], [5, 2]), DEFAULT_ADAPTIVE, true)).toMatch(/more than the step limits/);
    expect(decisionProblem(d([2, 2], [3, 2], 950), DEFAULT_ADAPTIVE, true)).toMatch(/50 ms after the last replay, inside the 100 ms cooldown/);
    expect(decisionProblem(d([2, 2], [3, 2], 900), DEFAULT_ADAPTIVE, true)).toBeNull();
  });
});

describe('conservation and store-integrity helpers', () => {
  it('finds the write that last held an alert and the whole-store write that erased it', () => {
    const writes = [
      { ...write('n1', 1, 'append'), service: 'dead-letters', alertIds: ['a5d'] },
      { ...write('n2', 2, 'savePending'), alertIds: [] },
      { ...write('n2', 3, 'replace'), service: 'dead-letters', alertIds: ['a1d'] },
    ];
    const { lastWith, erasedBy } = erasureOf(writes, 'a5d', 'n1');
    expect(lastWith?.method).toBe('append');
    expect(erasedBy?.step).toBe(3);
  });

  it('a glued JSONL line fails to decode in original; a torn last line is dropped in hardened', () => {
    const path = '/data/replay/w1.n1.revocation-alert-delivery-metrics.jsonl';
    expect(storeFileKind(path)).toBe('metrics');
    const line = '{"exported_at_ms":1,"metrics":{"attempted":1,"succeeded":1,"failed":0,"deferred":0,"buffered":0,"dropped_capacity":0,"dropped_retry_limit":0,"dead_lettered":0}}';
    expect(() => decodeStoreFile('metrics', `${line}${line}\n`, path, 'original')).toThrow(/cannot decode/);
    expect(decodeStoreFile('metrics', `${line}\n${line.slice(0, 20)}`, path, 'hardened')).toHaveLength(1);
  });
});

// The archive checkers on hand-made states: a storage disk written directly and a ledger filled
// in by hand, so each claim of each checker is tested apart from any run.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyAuditRetention, governanceAuditJson, type AuditRetentionPolicy } from '../../core/index';
import type { Profile } from '../../core/ports';
import { archiveFiles } from '../../scenarios/archive-tiering/config';
import { auditRecord } from '../../scenarios/archive-tiering/records';
import { archiveDecodable } from '../../scenarios/checkers/archive-decodable';
import {
  closeOp,
  createArchiveLedger,
  noteAppendDone,
  noteAppendStarted,
  notePruneSnapshot,
  notePruneWrite,
  openOp,
  removedCopies,
  type ArchiveLedger,
} from '../../scenarios/checkers/archive-ledger';
import { archiveNoLoss } from '../../scenarios/checkers/archive-no-loss';
import { retentionDrops } from '../../scenarios/checkers/archive-oracle';
import { judgePruneFloor, retentionFloor } from '../../scenarios/checkers/archive-retention-floor';
import { archiveTiers, type HasArchiveLedger } from '../../scenarios/checkers/archive-tiers';
import { decodeArchiveText } from '../../scenarios/checkers/archive-view';
import { judgePruneWrite, retention } from '../../scenarios/checkers/retention';
import type { InvariantContext } from '../../scenarios/registry';
import { createSim, type Sim } from '../../sim/index';

const EPOCH = 1_700_000_000_000;
const POLICY: AuditRetentionPolicy = { maxRecords: 3, maxAgeMs: 100 };

interface World {
  readonly sim: Sim;
  readonly ledger: ArchiveLedger;
  ctx(final?: boolean): InvariantContext<HasArchiveLedger>;
  /** Writes a tier file (durable too unless `durable` is false). */
  put(tier: 'hot' | 'cold' | 'intent', text: string, durable?: boolean): void;
  appended(uid: number, done?: boolean): void;
}

const line = (uid: number, at = EPOCH): string => `${governanceAuditJson(auditRecord(uid, at))}\n`;
const lines = (...uids: number[]): string => uids.map((u) => line(u)).join('');

function world(profile: Profile = 'hardened'): World {
  const sim = createSim({ seed: '1', trace: { mode: 'off' } });
  for (const id of ['storage', 'n1']) sim.addNode(id, { startUp: false });
  sim.start('storage');
  sim.start('n1');
  const files = archiveFiles(profile);
  const ledger = createArchiveLedger('storage', profile, files);
  const model = sim.node('storage').disk.model;
  return {
    sim,
    ledger,
    ctx: (final = false) => ({ sim, state: { archive: ledger }, profile, final }),
    put(tier, text, durable = true) {
      const path = files[tier];
      model.mkdir(path.slice(0, path.lastIndexOf('/')), true, true);
      model.write(path, text, false);
      if (durable) {
        model.fsync(path.slice(0, path.lastIndexOf('/')));
        model.fsync(path);
      }
    },
    appended(uid, done = true) {
      noteAppendStarted(ledger, auditRecord(uid, EPOCH), 'n1', 1);
      if (done) noteAppendDone(ledger, auditRecord(uid, EPOCH));
    },
  };
}

const pruneOp = (id: string, node = 'n1', incarnation = 1) => ({ id, kind: 'prune' as const, node, incarnation, requestedBy: 'n1', atMs: EPOCH + 1000, startStep: 0 });

describe('archive-tiers: never in both tiers', () => {
  it('flags a record in both tiers', () => {
    const w = world();
    w.appended(1);
    w.put('hot', lines(1));
    w.put('cold', lines(1));
    expect(archiveTiers.check(w.ctx())?.message).toMatch(/record 1 is in both tiers/);
  });

  it('flags a record twice in cold that was appended once', () => {
    const w = world();
    w.appended(2);
    w.put('cold', lines(2, 2));
    expect(archiveTiers.check(w.ctx())?.message).toMatch(/duplicated in the cold tier/);
  });

  it('allows as many copies as appends the storage executed (a duplicated request)', () => {
    const w = world();
    w.appended(3);
    w.appended(3);
    w.put('hot', lines(3));
    w.put('cold', lines(3));
    expect(archiveTiers.check(w.ctx())).toBeNull();
  });

  it('flags a record no append ever produced', () => {
    const w = world();
    w.put('hot', lines(9));
    expect(archiveTiers.check(w.ctx())?.message).toMatch(/record 9 is in the archive though no append of it ran/);
  });

  it('does not judge while a prune or offload runs, or while an offload intent is pending', () => {
    const w = world();
    w.appended(1);
    w.put('hot', lines(1));
    w.put('cold', lines(1));
    openOp(w.ledger, pruneOp('p1'), { policy: POLICY });
    expect(archiveTiers.check(w.ctx())).toBeNull();
    closeOp(w.ledger, 'p1');
    w.put('intent', '{}');
    expect(archiveTiers.check(w.ctx())).toBeNull();
  });

  it('judges again once the running operation\'s node crashed (the operation is abandoned)', () => {
    const w = world();
    w.appended(1);
    w.put('hot', lines(1));
    w.put('cold', lines(1));
    openOp(w.ledger, pruneOp('p1'), { policy: POLICY });
    w.sim.crash('n1');
    expect(archiveTiers.check(w.ctx())?.message).toMatch(/both tiers/);
  });
});

describe('archive-no-loss: never in neither tier', () => {
  it('flags a completed append found in no tier', () => {
    const w = world();
    w.appended(1);
    w.appended(2);
    w.put('hot', lines(2));
    expect(archiveNoLoss.check(w.ctx())?.message).toMatch(/record 1 is in neither tier/);
  });

  it('does not flag an append that never completed', () => {
    const w = world();
    w.appended(1, false);
    expect(archiveNoLoss.check(w.ctx())).toBeNull();
  });

  it('excuses a record a prune\'s policy dropped from what it read, and one a prune write removed', () => {
    const w = world();
    w.appended(1);
    w.appended(2);
    openOp(w.ledger, pruneOp('p1'), { policy: POLICY });
    notePruneSnapshot(w.ledger, 'p1', [auditRecord(1, EPOCH)]); // 1000 ms old at the prune: dropped by age
    notePruneWrite(w.ledger, 'p1', { step: 0, method: 'replace', before: [2], after: [], failed: false });
    closeOp(w.ledger, 'p1');
    expect(archiveNoLoss.check(w.ctx())).toBeNull();
  });
});

describe('retention: a prune removes only what its policy drops from what it read', () => {
  const prune = (snapshots: number[][], atMs = EPOCH + 50) => ({
    opId: 'p',
    node: 'n1',
    requestedBy: 'n1',
    atMs,
    policy: POLICY,
    snapshots: snapshots.map((s) => s.map((uid) => ({ uid, auditedAtMs: EPOCH }))),
    writes: [],
  });
  const write = (before: number[], after: number[]) => ({ step: 1, method: 'replace' as const, before, after, failed: false });

  it('flags deleting a record appended after the prune read the archive', () => {
    expect(judgePruneWrite(prune([[1, 2]]), write([1, 2, 3], [1, 2]))?.message).toMatch(/deleted record 3, which was appended after the prune read/);
  });

  it('flags deleting a record the policy keeps', () => {
    expect(judgePruneWrite(prune([[1, 2]]), write([1, 2], [2]))?.message).toMatch(/deleted record 1, which its retention policy keeps/);
  });

  it('accepts dropping the oldest beyond max_records, and records older than max_age_ms', () => {
    expect(judgePruneWrite(prune([[1, 2, 3, 4]]), write([1, 2, 3, 4], [2, 3, 4]))).toBeNull();
    expect(judgePruneWrite(prune([[1, 2]], EPOCH + 101), write([1, 2], []))).toBeNull();
  });

  it('judges each write in the step it happened, and all of them at the end', () => {
    const w = world();
    openOp(w.ledger, pruneOp('p1'), { policy: POLICY });
    notePruneSnapshot(w.ledger, 'p1', [auditRecord(1, EPOCH + 1000)]);
    notePruneWrite(w.ledger, 'p1', { step: w.sim.steps - 1, method: 'replace', before: [1, 5], after: [1], failed: false });
    expect(retention.check(w.ctx())).toBeNull();
    expect(retention.check(w.ctx(true))?.message).toMatch(/deleted record 5/);
  });
});

describe('retention-floor: a prune never empties the archive', () => {
  const p = { opId: 'p', node: 'n1', requestedBy: 'n1', atMs: 0, policy: POLICY, snapshots: [], writes: [] };
  it('flags a write that leaves a non-empty archive empty, and nothing else', () => {
    expect(judgePruneFloor(p, { step: 1, method: 'replace', before: [1, 2], after: [], failed: false })?.message).toMatch(/emptied the archive \(2 record/);
    expect(judgePruneFloor(p, { step: 1, method: 'replace', before: [1, 2], after: [2], failed: false })).toBeNull();
    expect(judgePruneFloor(p, { step: 1, method: 'replace', before: [], after: [], failed: false })).toBeNull();
    expect(retentionFloor.name).toBe('retention-floor');
  });
});

describe('archive-decodable: the durable tiers decode', () => {
  it('original: a torn line (JSON without its newline, then the next record glued on) does not decode', () => {
    const w = world('original');
    w.put('hot', `${lines(1)}{"world_id":"w1","no`);
    expect(archiveDecodable.check(w.ctx())?.message).toMatch(/durable hot archive file no longer decodes/);
  });

  it('hardened: a torn tail without its newline is not a line yet, so the file decodes', () => {
    const w = world('hardened');
    w.put('hot', `${lines(1)}{"world_id":"w1","no`);
    expect(archiveDecodable.check(w.ctx())).toBeNull();
  });

  it('judges what a crash would leave, not the page cache', () => {
    const w = world('original');
    w.put('cold', lines(1));
    w.put('cold', `${lines(1)}garbage\n`, false);
    expect(archiveDecodable.check(w.ctx())).toBeNull();
  });
});

describe('archive checker helpers', () => {
  it('removedCopies is a multiset difference in `before` order', () => {
    expect(removedCopies([1, 2, 2, 3], [2, 3])).toEqual([1, 2]);
    expect(removedCopies([1], null)).toEqual([]);
  });

  it('decodeArchiveText reads an empty or missing file as an empty tier', () => {
    expect(decodeArchiveText(null, '/x', 'original')).toEqual({ ok: true, records: [], uids: [] });
    expect(decodeArchiveText('', '/x', 'hardened')).toEqual({ ok: true, records: [], uids: [] });
    expect(decodeArchiveText('[1]\n', '/x', 'hardened').ok).toBe(false);
  });

  it('the retention oracle agrees with the core\'s applyAuditRetention', () => {
    const snapshot = fc.array(fc.integer({ min: 0, max: 500 }), { maxLength: 12 }).map((ages) => ages.map((age, i) => ({ uid: i + 1, auditedAtMs: EPOCH - age })));
    const policy = fc.record({ maxRecords: fc.integer({ min: 1, max: 8 }), maxAgeMs: fc.integer({ min: 1, max: 400 }) });
    fc.assert(
      fc.property(snapshot, policy, (refs, p) => {
        const records = refs.map((r) => auditRecord(r.uid, r.auditedAtMs));
        const kept = new Set(applyAuditRetention(records, EPOCH, p).kept.map((r) => r.rollbackStreak));
        const dropped = refs.map((r) => r.uid).filter((u) => !kept.has(u));
        expect([...retentionDrops(refs, EPOCH, p)].sort((a, b) => a - b)).toEqual(dropped);
      }),
      { numRuns: 300 },
    );
  });
});

// What archive-tiering finds, as data: for each weak point of the spec, a seed and an explicit
// fault plan (faults at logical points: a time, the storage node's k-th write, a node) on which an
// invariant fails in `original` — as the first violation of the run — and holds in `hardened`.
// Found by sweeping seeds (see the test file). `HARDENED_GAPS` lists plans on which the hardened
// design itself still fails an invariant: real bugs, reported rather than hidden.
import type { FaultPlan } from '../../sim/index';
import { ARCHIVE_DECODABLE } from '../checkers/archive-decodable';
import { ARCHIVE_NO_LOSS } from '../checkers/archive-no-loss';
import { RETENTION_FLOOR } from '../checkers/archive-retention-floor';
import { ARCHIVE_TIERS } from '../checkers/archive-tiers';
import { RETENTION } from '../checkers/retention';

export interface ArchiveFinding {
  readonly id: string;
  readonly scenario: 'archive-tiering';
  readonly invariant: string;
  /** The spec's weak point (B = B-governance.md, C = C-events.md). */
  readonly weakPoint: string;
  readonly seed: string;
  readonly plan: FaultPlan;
  readonly description: string;
  readonly hardenedBehaviour: string;
  /** The first violation's message matches this (regular expression source). */
  readonly expectMessage: string;
}

const NET = { requestTimeoutMs: 150 } as const;
const NO_FAULTS: FaultPlan = { version: 1, steps: [], healAtMs: 1500, net: NET };

export const FINDINGS: readonly ArchiveFinding[] = [
  {
    id: 'archive-prune-deletes-concurrent-append',
    scenario: 'archive-tiering',
    invariant: RETENTION,
    weakPoint: 'B §8.6 (a prune racing an append) / C W-F3 (lost update)',
    seed: '1',
    plan: NO_FAULTS,
    description:
      'No fault at all: n1 prunes (lists the hot tier, then rewrites it with what retention keeps) while n1 itself appends record 1001002 between the list and the rewrite; the rewrite replaces the whole file with the snapshot, so the acknowledged record is deleted although the policy never saw it.',
    hardenedBehaviour: 'The prune runs under the tiers\' lock and rewrites only the prefix it read (replacePrefix, snapshot-checked): records appended meanwhile stay.',
    expectMessage: 'deleted record \\d+, which was appended after the prune read the archive',
  },
  {
    id: 'archive-offload-crash-leaves-both-tiers',
    scenario: 'archive-tiering',
    invariant: ARCHIVE_TIERS,
    weakPoint: 'C W-F1 (crash between the cold write and the hot write)',
    seed: '104',
    plan: { ...NO_FAULTS, clocks: { n2: { kind: 'fixed', offsetMs: 258 } }, steps: [{ atMs: 112, op: 'crash', node: 'n2', restartAfterMs: 60 }] },
    description:
      'n2 (clock 258 ms ahead, so the first records already look old enough) offloads: it rewrites the cold tier with the offloaded records, and crashes at 112 ms before the reply arrives, so the hot rewrite never happens; compensation only runs on a returned error, so the records stay in both tiers (and the next offload re-plans from the unchanged hot list).',
    hardenedBehaviour: 'The offload runs on the storage node under the tiers\' lock with a write-ahead intent; a worker crash cannot split it, and a storage crash is rolled forward from the intent.',
    expectMessage: 'is in both tiers',
  },
  {
    id: 'archive-prune-truncation-loses-archive',
    scenario: 'archive-tiering',
    invariant: ARCHIVE_NO_LOSS,
    weakPoint: 'B §8.1.3 (P1 is not atomic) / C W-F2 (non-atomic replace)',
    seed: '48',
    plan: { ...NO_FAULTS, disk: { tornWrites: true }, steps: [{ atMs: 0, op: 'crash-at-write', node: 'storage', k: 47, when: 'after', restartAfterMs: 40 }] },
    description:
      'n2\'s prune rewrites the six-record hot tier in place: the storage node crashes right after the truncate (its 47th write); the truncation is what survives, so every acknowledged record of the hot tier — including those the policy keeps — is gone, silently: the file reads as an empty archive.',
    hardenedBehaviour: 'Rewrites go to a temporary file, fsync, rename, directory fsync: a crash leaves the old or the new file, never a truncated one.',
    expectMessage: 'is in neither tier',
  },
  {
    id: 'archive-torn-jsonl-line',
    scenario: 'archive-tiering',
    invariant: ARCHIVE_DECODABLE,
    weakPoint: 'B §8.1.2 (torn JSONL line) / C §1 two-write append',
    seed: '38',
    plan: { ...NO_FAULTS, disk: { tornWrites: true }, steps: [{ atMs: 0, op: 'crash-at-write', node: 'storage', k: 5, when: 'after', restartAfterMs: 40 }] },
    description:
      'An append writes the record\'s JSON and its newline as two writes; the storage node crashes right after the JSON (its 5th write) and a torn prefix of it survives without a newline: the durable hot file no longer decodes, so every later list — prune, offload, drills, reads — fails for good.',
    hardenedBehaviour: 'One fsynced append of the line with its newline; a torn tail (no newline) is ignored by readers and cut before the next append.',
    expectMessage: 'no longer decodes',
  },
  {
    id: 'archive-offload-deletes-concurrent-append',
    scenario: 'archive-tiering',
    invariant: ARCHIVE_NO_LOSS,
    weakPoint: 'C W-F3 (offload: read, then whole-list replace with no lock)',
    seed: '10',
    plan: NO_FAULTS,
    description:
      'No fault at all: n2 offloads (lists hot, lists cold, rewrites cold, rewrites hot with the hot list minus the offloaded records) while n1 appends record 1001003 after n2\'s hot list; the hot rewrite drops it, and it never reached cold either.',
    hardenedBehaviour: 'The hot tier is trimmed with a snapshot-checked prefix rewrite under the tiers\' lock, keeping later appends.',
    expectMessage: 'is in neither tier',
  },
  {
    id: 'archive-clock-jump-empties-archive',
    scenario: 'archive-tiering',
    invariant: RETENTION_FLOOR,
    weakPoint: 'B §8.5 (a forward clock mass-deletes records) / C W-F4',
    seed: '37',
    plan: { ...NO_FAULTS, clocks: { n3: { kind: 'fixed', offsetMs: 5000 } } },
    description:
      'n3\'s clock runs 5 s ahead: its first prune sees every record older than max_age_ms and deletes the whole archive (the spec\'s retention has no floor).',
    hardenedBehaviour: 'Hardened retention never empties a non-empty archive: if age would drop everything, the newest record stays.',
    expectMessage: 'emptied the archive',
  },
];

/** Plans on which the hardened design still fails (see the report): a bug to fix in core, not here. */
export const HARDENED_GAPS: readonly (ArchiveFinding & { readonly fix: string })[] = [
  {
    id: 'hardened-offload-intent-lost-after-failed-dir-fsync',
    scenario: 'archive-tiering',
    invariant: ARCHIVE_TIERS,
    weakPoint: 'hardened StoreFiles/offload: a failed directory fsync is not retried, later steps trust the page cache',
    seed: '16',
    plan: {
      version: 1,
      healAtMs: 1500,
      steps: [
        { atMs: 100, op: 'disk', node: 'storage', faults: { eioRatio: [1, 3], eioOps: ['fsync'] } },
        { atMs: 300, op: 'crash', node: 'storage', restartAfterMs: 50 },
        { atMs: 301, op: 'disk', node: 'storage', faults: { eioRatio: [0, 1], eioOps: null } },
      ],
    },
    description:
      'An offload saves its intent (tmp, fsync, rename) but the directory fsync fails (EIO), so the offload fails with the renamed intent visible yet not durable. The next offload (same storage incarnation) finds that intent and rolls it forward: it copies the records to cold durably, then its own intent update hits EIO on the directory fsync again. The storage crashes at 300 ms: the intent, never durable, is gone; the cold copy stays; the hot trim never happened. After restart nothing says an offload was in flight, and the records are in both tiers (step 88).',
    hardenedBehaviour: 'Fails today (archive-tiers: record in both tiers).',
    expectMessage: 'is in both tiers',
    fix:
      'After a failed fsync the page cache must not be trusted: StoreFiles (hardened) should remember a directory (or file) whose fsync failed and fsync it again before any later read or write through it, failing that call if it still fails; recoverPendingOffload should re-persist (writeDocument) the intent it loaded before acting on it, and copyToCold should treat "already copied" as done only once the cold directory is known durable.',
  },
];

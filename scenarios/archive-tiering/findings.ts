// What archive-tiering finds, as data: for each weak point of the spec, a seed and an explicit
// fault plan (faults at logical points: a time, the storage node's k-th write, a node) on which an
// invariant fails in `original` — as the first violation of the run — and holds in `hardened`.
// Found by sweeping seeds (see the test file). `HARDENED_GAPS` lists plans on which the hardened
// design itself still fails an invariant: real bugs, reported rather than hidden (none open now);
// `FIXED_HARDENED_GAPS` keeps the ones core has fixed, as regression plans that must hold.
import type { FaultPlan } from '../../sim/index';
import type { ArchiveDeployment } from './storage';
import { ARCHIVE_DECODABLE } from '../checkers/archive-decodable';
import { ARCHIVE_NO_LOSS } from '../checkers/archive-no-loss';
import { RETENTION_FLOOR } from '../checkers/archive-retention-floor';
import { ARCHIVE_TIERS } from '../checkers/archive-tiers';
import { RETENTION } from '../checkers/retention';
import type { SeedFinding } from '../findingShape';

export interface ArchiveFinding extends SeedFinding {
  readonly scenario: 'archive-tiering';
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

/** EIO on one storage fsync in three from 100 ms, then a storage crash at `crashAtMs`. */
function fsyncEioThenCrash(crashAtMs: number): FaultPlan {
  return {
    version: 1,
    healAtMs: 1500,
    steps: [
      { atMs: 100, op: 'disk', node: 'storage', faults: { eioRatio: [1, 3], eioOps: ['fsync'] } },
      { atMs: crashAtMs, op: 'crash', node: 'storage', restartAfterMs: 50 },
      { atMs: crashAtMs + 1, op: 'disk', node: 'storage', faults: { eioRatio: [0, 1], eioOps: null } },
    ],
  };
}

const FSYNC_FIX =
  'After a failed fsync the page cache must not be trusted. StoreFiles (hardened) should remember a directory or file whose fsync failed and fsync it again before any later read or write through it, failing that call while it still fails (or treat a failed fsync as fatal and restart from disk); recoverPendingOffload should re-persist the intent it loaded before acting on it; copyToCold should count "already copied" only once the cold file and its directory entry are known durable.';

export interface HardenedGap extends ArchiveFinding {
  readonly fix: string;
  /** The storage node's deployment on which it shows (default: the registered scenario's). */
  readonly deployment?: ArchiveDeployment;
}

export interface FixedHardenedGap extends HardenedGap {
  /** What core changed; the plan now holds every invariant in `hardened`. */
  readonly fixedBy: string;
}

/** Plans on which the hardened design still fails: a bug to fix in core, not here. None open. */
export const HARDENED_GAPS: readonly HardenedGap[] = [];

const FSYNC_FIXED_BY =
  'core/common/storeFiles.ts: hardened StoreFiles remembers a failed fsync per path (shared by every StoreFiles over the same FileSystem) and redoes it before any later read or write through that path or below it, failing while it still fails; core/events/tiering/hardenedOffload.ts: recovery re-persists the intent it loaded and rewrites an "already copied" cold tier durably before trimming hot.';

/** Former hardened gaps, fixed in core: each plan must now hold every invariant in `hardened`. */
export const FIXED_HARDENED_GAPS: readonly FixedHardenedGap[] = [
  {
    id: 'hardened-offload-intent-lost-after-failed-dir-fsync',
    scenario: 'archive-tiering',
    invariant: ARCHIVE_TIERS,
    weakPoint: 'hardened StoreFiles/offload: a failed directory fsync is not retried; recovery trusts the page cache',
    seed: '3',
    plan: fsyncEioThenCrash(420),
    description:
      'Directory fsyncs on the storage node fail one time in three from 100 ms. At 407 ms an offload saves its "copy" intent: tmp written and fsynced, renamed, but the directory fsync fails, so the offload fails with the intent visible yet not durable. The next offload (415 ms, same storage incarnation) rolls that intent forward from the page cache: it copies record 2001002 to cold durably, and its own "trim" intent update again misses its directory fsync. The storage node crashes at 420 ms: the intent, never durable, is gone; the cold copy stays; the hot trim never happened. After the restart nothing says an offload was in flight: 2001002 is in both tiers (step 113).',
    hardenedBehaviour: 'Held since the fix: the next offload redoes the failed directory fsync before it reads the intent (or fails while it still fails), so nothing is rolled forward from the page cache.',
    expectMessage: 'is in both tiers',
    fix: FSYNC_FIX,
    fixedBy: FSYNC_FIXED_BY,
  },
  {
    id: 'hardened-offload-trims-hot-after-cold-copy-not-durable',
    scenario: 'archive-tiering',
    invariant: ARCHIVE_NO_LOSS,
    weakPoint: 'hardened StoreFiles/offload: a failed directory fsync is not retried; recovery trusts the page cache',
    seed: '20',
    plan: fsyncEioThenCrash(300),
    description:
      'The first offload writes the new cold file (tmp, fsync, rename) but the cold directory fsync fails (227 ms): the file\'s name is not durable and the offload fails with its "copy" intent durable. The next offload (286 ms) rolls it forward: copyToCold sees the records already in cold — in the page cache — and moves on; the hot trim is then made durable (293 ms). The storage node crashes at 300 ms: the cold file, never durably named, is gone, and hot no longer holds the records: 2001001 is in neither tier (step 87).',
    hardenedBehaviour: 'Held since the fix: recovery makes the cold copy and its name durable (the failed cold directory fsync is redone, and the tier rewritten) before it trims hot.',
    expectMessage: 'is in neither tier',
    fix: FSYNC_FIX,
    fixedBy: FSYNC_FIXED_BY,
  },
  {
    id: 'hardened-prune-under-pending-offload-breaks-recovery',
    scenario: 'archive-tiering',
    invariant: ARCHIVE_TIERS,
    weakPoint: 'hardened prune ignores a pending offload intent; trimHot takes an empty hot_after prefix as "already trimmed"',
    seed: '575220',
    deployment: { prune: 'retention-only' },
    plan: {
      version: 1,
      net: { lossRatio: [1, 8], duplicateRatio: [1, 10], requestTimeoutMs: 150 },
      disk: { tornWrites: false },
      clocks: { n1: { kind: 'step', offsetMs: -83, atMs: 0, jumpMs: 0 }, n2: { kind: 'fixed', offsetMs: 815 }, n3: { kind: 'step', offsetMs: 354, atMs: 0, jumpMs: 7 } },
      steps: [{ atMs: 545, op: 'disk', node: 'storage', faults: { eioRatio: [1, 10], eioOps: ['readFile', 'writeFile', 'appendFile', 'rename', 'unlink', 'mkdir', 'readdir', 'stat'] } }],
      healAtMs: 1500,
    },
    description:
      'No crash. An offload (t=1373 ms) copies record 1001019 to cold and saves its intent as "trim", then the hot trim fails (EIO on the hot directory). A prune (t=1422) then rewrites hot under the tiers\' lock without finishing that intent, dropping another record. The next offload (t=1458) rolls the intent forward: hot no longer starts with hot_before, and it "starts with" hot_after because hot_after is empty, so trimHot skips the trim and the intent is cleared with 1001019 still in hot — in both tiers; the offload after (t=1570) copies it to cold a second time (step 358: 0 hot + 2 cold copies).',
    hardenedBehaviour: 'Held since the fix, with B\'s prune alone (this deployment) as with the core\'s tiered prune (the registered one).',
    expectMessage: 'duplicated in the cold tier|in both tiers',
    fix:
      'In core: (1) the hardened prune of a tiered hot store must first roll forward a pending offload intent under the tiers\' lock (or the hot store must refuse rewrites while one is pending, as B\'s storage refuses archive rewrites while a governance intent awaits its alert) — B\'s prune knows nothing of C\'s intents today; (2) trimHot must not treat `startsWith(hot, hotAfter)` as proof of trimming (always true for an empty hot_after): decide by whether offloaded records are still in hot.',
    fixedBy:
      'core/events/tiering/hardenedOffload.ts: trimHot removes every offloaded record still in hot when hot is no longer the planned snapshot; `pruneTieredHotArchive` (the registered deployment\'s prune) finishes a pending offload under the tiers\' lock before pruning.',
  },
  {
    id: 'hardened-prune-under-pending-offload-after-enospc',
    scenario: 'archive-tiering',
    invariant: ARCHIVE_TIERS,
    weakPoint: 'hardened prune ignores a pending offload intent; trimHot takes an empty hot_after prefix as "already trimmed"',
    seed: '628438',
    deployment: { prune: 'retention-only' },
    plan: {
      version: 1,
      net: { lossRatio: [1, 8], duplicateRatio: [0, 1], requestTimeoutMs: 400 },
      disk: { tornWrites: false },
      clocks: { n1: { kind: 'linear', offsetMs: 0, driftPpm: 0 }, n3: { kind: 'step', offsetMs: 0, atMs: 0, jumpMs: 403 } },
      steps: [
        { atMs: 0, op: 'disk', node: 'storage', faults: { quotaBytes: 2000 } },
        { atMs: 472, op: 'partition', a: ['n2', 'n3'], b: ['storage', 'n3'] },
      ],
      healAtMs: 1500,
    },
    description:
      'Found by the property suite with B\'s prune alone (this deployment), once the failed-fsync fix had moved seed 575220 (which first showed this gap) off the bug. The storage disk is limited to 2000 bytes: at 870 ms an offload saves its intent, copies the due records to cold, and its intent update to phase "trim" fails (ENOSPC), so the intent stays (phase "copy") and hot is untouched. Once the quota heals, B\'s prune (1525 ms, under the tiers\' lock, unaware of the intent) rewrites hot; the next offload (1530 ms) rolls the intent forward: the copies are in cold, hot no longer starts with hot_before, and with an empty hot_after the old trim took hot as trimmed, so 1001002 stayed in hot and the same offload copied it to cold again (step 183: 0 hot + 2 cold copies).',
    hardenedBehaviour: 'Held since the fix: the trim removes the offloaded records still in hot.',
    expectMessage: 'duplicated in the cold tier|in both tiers',
    fix: 'trimHot must decide by whether the offloaded records are still in hot, not by `startsWith(hot, hotAfter)`.',
    fixedBy: 'core/events/tiering/hardenedOffload.ts: trimHot removes every offloaded record still in hot when hot is no longer the planned snapshot.',
  },
];

// Invariant `archive-decodable`: the durable hot and cold archive files — what a restart would
// read — always decode with the core's own reader for the profile (spec B §8.1.2: a torn JSONL
// line makes every later `list` fail, so prune, offload and drills stop for good).
import type { Invariant } from '../registry';
import type { HasArchiveLedger } from './archive-tiers';
import { decodeArchiveText, fileText } from './archive-view';

export const ARCHIVE_DECODABLE = 'archive-decodable';

export const archiveDecodable: Invariant<HasArchiveLedger> = {
  name: ARCHIVE_DECODABLE,
  kind: 'safety',
  when: 'step',
  check({ sim, state }) {
    const l = state.archive;
    for (const [tier, path] of [['hot', l.files.hot], ['cold', l.files.cold]] as const) {
      const text = fileText(sim, l.storageNode, path, 'durable');
      const decoded = decodeArchiveText(text, path, l.profile);
      if (decoded.ok) continue;
      const tail = text === null ? '' : text.slice(Math.max(0, text.length - 160));
      return { node: l.storageNode, message: `the durable ${tier} archive file no longer decodes: ${decoded.error}`, evidence: { tier, path, error: decoded.error, tail } };
    }
    return null;
  },
};

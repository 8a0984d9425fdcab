// archive-tiering's liveness checks, judged once at the end of a run that was allowed to finish:
// every worker completes its schedules, and the archive settles — no operation still running and
// no offload intent left behind (the hardened design finishes one on the next access, and every
// worker's last act is an aggregate read, which is such an access).
import { unsettledReason } from '../checkers/archive-tiers';
import type { Invariant } from '../registry';
import { WORKERS } from './config';
import type { ArchiveTieringState } from './state';

export const workersFinish: Invariant<ArchiveTieringState> = {
  name: 'workers-finish',
  kind: 'liveness',
  when: 'end',
  check: ({ state }) => {
    const late = WORKERS.filter((w) => !state.finished[w]);
    return late.length === 0 ? null : { node: late[0], message: `workers ${late.join(', ')} did not finish their schedules within the budget`, evidence: { late, counts: state.counts } };
  },
};

export const archiveSettles: Invariant<ArchiveTieringState> = {
  name: 'archive-settles',
  kind: 'liveness',
  when: 'end',
  check: (ctx) => {
    const why = unsettledReason(ctx);
    return why === null ? null : { node: ctx.state.archive.storageNode, message: `the archive never settled: ${why}`, evidence: { why } };
  },
};

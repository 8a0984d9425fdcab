// Hardened profile: how a governed run commits its writes. The run stages one intent (write-ahead),
// resolves its alert, and applies it; every step is fenced by the run's lease where the storage
// enforces fencing. See `commitIntent.ts` for the intent and `storage.ts` for the other side.
import { IoError } from '../../common/errors';
import type { GovernanceCommitIntent } from './commitIntent';

export interface GovernanceCommitPort {
  /** The key's unresolved intent, if any (an applicable one is rolled forward first, so only `await_alert`). */
  pending(worldId: string, nodeId: string): Promise<GovernanceCommitIntent | null>;
  /** Saves the intent atomically, replacing any; the storage fills in the append bases. */
  stage(worldId: string, nodeId: string, intent: GovernanceCommitIntent): Promise<void>;
  /** Performs an `apply`-phase intent's writes (idempotently) and deletes it. */
  apply(worldId: string, nodeId: string): Promise<void>;
}

/** A rewrite of the archive was refused because a governed run's commit is still unresolved. */
export class PendingGovernanceCommitError extends IoError {
  constructor(worldId: string, nodeId: string) {
    super(`governance commit of ${worldId}/${nodeId} awaits its alert; the archive is not rewritten meanwhile`);
    this.name = 'PendingGovernanceCommitError';
  }
}

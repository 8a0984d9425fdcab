// Hardened profile: committing one governed run through the commit port, and resolving a run that
// crashed mid-commit. Order: stage the intent (write-ahead), emit the alert, confirm (or drop the
// alert if the sink failed), apply. So an alert is never without its audit record after recovery,
// an audit never claims an alert that was not emitted, and a crash between emit and confirm
// re-emits the identical alert (at-least-once) rather than losing it.
import type { AlertSink } from '../../replay/types';
import { confirmAlert, dropAlert, type GovernanceCommitIntent } from './commitIntent';
import type { GovernanceCommitPort } from './commitPort';

export interface CommitOutcome {
  readonly intent: GovernanceCommitIntent;
  /** The sink's error, if the alert had to be dropped; the rest was committed. */
  readonly sinkError: unknown;
}

/** Emits the intent's alert (if any), records the result in the intent, and applies it. */
async function resolveAndApply(
  port: GovernanceCommitPort,
  worldId: string,
  nodeId: string,
  intent: GovernanceCommitIntent,
  sink: AlertSink | null,
): Promise<CommitOutcome> {
  let resolved = intent;
  let sinkError: unknown = null;
  if (intent.phase === 'await_alert') {
    if (intent.alert !== null && sink !== null) {
      try {
        await sink.emit(intent.alert);
        resolved = confirmAlert(intent);
      } catch (e) {
        sinkError = e;
        resolved = dropAlert(intent);
      }
    } else {
      resolved = dropAlert(intent);
    }
    await port.stage(worldId, nodeId, resolved);
  }
  await port.apply(worldId, nodeId);
  return { intent: resolved, sinkError };
}

/** Stages a fresh intent, then resolves and applies it. */
export async function commitGovernedRun(
  port: GovernanceCommitPort,
  worldId: string,
  nodeId: string,
  intent: GovernanceCommitIntent,
  sink: AlertSink | null,
): Promise<CommitOutcome> {
  await port.stage(worldId, nodeId, intent);
  return resolveAndApply(port, worldId, nodeId, intent, sink);
}

/**
 * Completes the commit a crashed run left behind (the storage already rolled forward one that was
 * ready to apply, so what is left awaits its alert). A sink error is thrown after the commit.
 */
export async function recoverPendingCommit(
  port: GovernanceCommitPort,
  worldId: string,
  nodeId: string,
  sink: AlertSink | null,
): Promise<void> {
  const pending = await port.pending(worldId, nodeId);
  if (pending === null) return;
  const { sinkError } = await resolveAndApply(port, worldId, nodeId, pending, sink);
  if (sinkError !== null) throw sinkError;
}

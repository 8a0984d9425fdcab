// The errors a fenced store raises (hardened profile only).
import { WorldError } from '../../common/errors';

/** A write carried no fence, or a fence that is not the current grant of its scope. Nothing was written. */
export class FenceRejectedError extends WorldError {
  constructor(
    readonly scope: string,
    readonly token: number | null,
    reason: string,
  ) {
    super(`fenced write rejected for scope ${scope} (token ${token ?? 'none'}): ${reason}`);
    this.name = 'FenceRejectedError';
  }
}

/**
 * A write request whose number under its grant was already admitted: a copy the network delivered
 * again, or an older request overtaken by a newer one. Nothing was written (at most once).
 */
export class DuplicateRequestError extends WorldError {
  constructor(
    readonly scope: string,
    readonly token: number,
    readonly seq: number,
    readonly lastAdmitted: number,
  ) {
    super(`fenced write rejected for scope ${scope} (token ${token}): request ${seq} is a duplicate or out of order (last admitted ${lastAdmitted})`);
    this.name = 'DuplicateRequestError';
  }
}

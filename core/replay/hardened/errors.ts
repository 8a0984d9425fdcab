// The error a fenced store raises for a stale lease holder (hardened profile only).
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

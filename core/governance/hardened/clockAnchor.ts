// Hardened profile: a stored time later than `now` means the clock went back (or a forward jump was
// corrected). The spec measures `now - t` and stays blocked until the clock passes `t` again; the
// hardened shell re-anchors such a time at `now` (and persists it with the run's commit), so the
// gap counts from now and a jump costs at most one cooldown, never the size of the jump.
import type { RollbackAlertState } from '../alert/rollbackAlert';
import type { ReplayPolicyState } from '../policy/policyState';

export const anchorAtOrBefore = (t: number | null, nowMs: number): number | null => (t !== null && t > nowMs ? nowMs : t);

export const anchorPolicyState = (s: ReplayPolicyState, nowMs: number): ReplayPolicyState => ({
  ...s,
  lastRollbackAtMs: anchorAtOrBefore(s.lastRollbackAtMs, nowMs),
});

export const anchorAlertState = (s: RollbackAlertState, nowMs: number): RollbackAlertState => ({
  lastAlertAtMs: anchorAtOrBefore(s.lastAlertAtMs, nowMs),
});

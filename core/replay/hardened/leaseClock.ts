// Lease time of the fenced lease service. The service node's wall clock may step (a skewed or
// corrected clock); a step must never let a lease outlive its TTL:
// - within one process, lease time never goes backwards; when the wall clock is seen to step back,
//   the real time that passed is unknown, so every lease granted before the step ends there;
// - across a restart (what the process saw is gone), a lease granted in the clock's future — its
//   expiry more than its TTL ahead of now — is judged expired: the clock went back past the grant.
//   Otherwise now >= grant time, so what is left of a lease is at most its TTL.
// Ending a lease early is safe: a new grant bumps the fencing token, which rejects the old
// holder's writes.
import type { Clock } from '../../ports';

export class MonotonicLeaseClock {
  private last: { wall: number; lease: number } | null = null;
  /** Lease time at which a backward step of the wall clock was last seen; grants before it are void. */
  private steppedBackAtMs: number | null = null;

  constructor(private readonly clock: Clock) {}

  /** Never decreases; advances with the wall clock, and by 1 ms when the wall clock steps back. */
  nowMs(): number {
    const wall = this.clock.nowMs();
    let lease = wall;
    if (this.last !== null && wall >= this.last.wall) lease = this.last.lease + (wall - this.last.wall);
    else if (this.last !== null) {
      lease = this.last.lease + 1;
      this.steppedBackAtMs = lease;
    }
    this.last = { wall, lease };
    return lease;
  }

  /** Whether `term` is held and unexpired at lease time `nowMs` (read just before from `nowMs()`). */
  isActive(term: LeaseTerm, nowMs: number): boolean {
    if (term.holderNodeId === null || nowMs >= term.expiresAtMs) return false;
    const granted = term.grantedAtMs;
    if (granted === undefined || granted === null) return true;
    return nowMs >= granted && (this.steppedBackAtMs === null || granted >= this.steppedBackAtMs);
  }
}

/** The lease parts that decide whether it is still active. */
export interface LeaseTerm {
  readonly holderNodeId: string | null;
  readonly expiresAtMs: number;
  /** Lease time of the grant; null in records written before it was kept (no step bound then). */
  readonly grantedAtMs?: number | null;
}

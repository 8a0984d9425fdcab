// Lease decisions (spec A §7), pure: both coordinators apply exactly these.
import { satAddI64 } from '../../common/saturating';
import type { LeaseState } from '../types';

/** A lease is active iff `now < expires_at` (strict: at `now == expires_at` it has expired). */
export const isLeaseActive = (lease: LeaseState, nowMs: number): boolean => nowMs < lease.expiresAtMs;

/**
 * `acquire` step 3–4: refuse (null) iff an active lease is held by another node; otherwise the new
 * lease. The same node can always re-acquire, which renews (and may shorten) its lease.
 */
export function decideAcquire(existing: LeaseState | null, nodeId: string, nowMs: number, ttlMs: number): LeaseState | null {
  if (existing && isLeaseActive(existing, nowMs) && existing.holderNodeId !== nodeId) return null;
  return { holderNodeId: nodeId, expiresAtMs: satAddI64(nowMs, ttlMs) };
}

/** `release`: clear iff the recorded holder is this node (expiry is not checked). */
export const decideRelease = (existing: LeaseState | null, nodeId: string): boolean =>
  existing !== null && existing.holderNodeId === nodeId;

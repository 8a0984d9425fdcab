// Run a body under a coordinator lease (spec A §7.1 step 3, §8.4 step 5): always release, even
// when the body failed; a body error wins over a release error; a release error after a
// successful body is returned although the body's work is committed (spec §14.15).
import type { ScheduleCoordinator } from '../types';

export type LeaseOutcome<T> = { readonly acquired: false } | { readonly acquired: true; readonly value: T };

export async function withLease<T>(
  coordinator: ScheduleCoordinator,
  key: string,
  nodeId: string,
  nowMs: number,
  ttlMs: number,
  body: () => Promise<T>,
): Promise<LeaseOutcome<T>> {
  if (!(await coordinator.acquire(key, nodeId, nowMs, ttlMs))) return { acquired: false };
  let value: T;
  try {
    value = await body();
  } catch (bodyError) {
    try {
      await coordinator.release(key, nodeId);
    } catch {
      // The body error is the one reported; the release error is discarded (spec §7.1 step 3).
    }
    throw bodyError;
  }
  await coordinator.release(key, nodeId);
  return { acquired: true, value };
}

// Interval gate of the replay schedule (spec A §8.3 step 2, §9.4 step 2), pure.
import { satSubI64 } from '../../common/saturating';

export const isReplayDue = (lastReplayAtMs: number | null, nowMs: number, replayIntervalMs: number): boolean =>
  lastReplayAtMs === null || satSubI64(nowMs, lastReplayAtMs) >= replayIntervalMs;

// The production Clock port: real time. Never used by `core/` or `sim/` directly.
import type { Clock } from '../core/ports';

export const wallClock: Clock = { nowMs: () => Date.now() };

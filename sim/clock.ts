// Per-node clocks. There is one virtual global time (the scheduler's); each node reads it through
// its own skew model: a fixed offset plus a drift of kind linear (ppm), periodic (a triangle wave,
// integer maths so every platform agrees) or step (a jump at a global instant). `clockReading`
// is pure, so a fold over the trace (which records every skew change with its anchor) rebuilds
// any node's reading at any step.
import type { Clock } from '../core/ports';

export type ClockSkew =
  | { readonly kind: 'fixed'; readonly offsetMs: number }
  | { readonly kind: 'linear'; readonly offsetMs: number; readonly driftPpm: number }
  | { readonly kind: 'periodic'; readonly offsetMs: number; readonly amplitudeMs: number; readonly periodMs: number }
  | { readonly kind: 'step'; readonly offsetMs: number; readonly atMs: number; readonly jumpMs: number };

export const NO_SKEW: ClockSkew = { kind: 'fixed', offsetMs: 0 };

/** Where node clocks start: virtual time 0 reads as this epoch (2023-11-14), like a wall clock. */
export const DEFAULT_CLOCK_EPOCH_MS = 1_700_000_000_000;

export function validateSkew(skew: ClockSkew, what = 'skew'): void {
  const ints = (v: number, field: string): void => {
    if (!Number.isFinite(v)) throw new RangeError(`${what}.${field} must be a finite number, got ${v}`);
  };
  ints(skew.offsetMs, 'offsetMs');
  switch (skew.kind) {
    case 'fixed':
      return;
    case 'linear':
      ints(skew.driftPpm, 'driftPpm');
      if (skew.driftPpm <= -1_000_000) throw new RangeError(`${what}.driftPpm must be > -1000000, got ${skew.driftPpm}`);
      return;
    case 'periodic':
      ints(skew.amplitudeMs, 'amplitudeMs');
      if (!(skew.periodMs > 0)) throw new RangeError(`${what}.periodMs must be > 0, got ${skew.periodMs}`);
      return;
    case 'step':
      ints(skew.atMs, 'atMs');
      ints(skew.jumpMs, 'jumpMs');
      return;
    default:
      throw new RangeError(`${what}.kind must be fixed|linear|periodic|step`);
  }
}

/** Skew in ms (reading minus global time) at global time `globalMs`, for a model set at `anchorMs`. */
export function skewAt(skew: ClockSkew, anchorMs: number, globalMs: number): number {
  const since = globalMs - anchorMs;
  switch (skew.kind) {
    case 'fixed':
      return skew.offsetMs;
    case 'linear':
      return skew.offsetMs + Math.trunc((since * skew.driftPpm) / 1_000_000);
    case 'periodic': {
      const period = skew.periodMs;
      const phase = ((since % period) + period) % period;
      const v = phase * 2 < period ? phase : period - phase; // 0..period/2..0
      return skew.offsetMs + Math.round((skew.amplitudeMs * (4 * v - period)) / period);
    }
    case 'step':
      return skew.offsetMs + (globalMs >= skew.atMs ? skew.jumpMs : 0);
  }
}

/** What a node's `Clock` reads at global virtual time `globalMs`. */
export function clockReading(skew: ClockSkew, anchorMs: number, globalMs: number, epochMs = DEFAULT_CLOCK_EPOCH_MS): number {
  return Math.floor(epochMs + globalMs + skewAt(skew, anchorMs, globalMs));
}

/** A node's clock: the core `Clock` port over the scheduler's time. */
export class NodeClock implements Clock {
  private skewModel: ClockSkew;
  private anchor: number;

  constructor(
    private readonly globalNow: () => number,
    skew: ClockSkew = NO_SKEW,
    readonly epochMs = DEFAULT_CLOCK_EPOCH_MS,
  ) {
    validateSkew(skew);
    this.skewModel = skew;
    this.anchor = globalNow();
  }

  nowMs(): number {
    return clockReading(this.skewModel, this.anchor, this.globalNow(), this.epochMs);
  }

  get skew(): ClockSkew {
    return this.skewModel;
  }

  get anchorMs(): number {
    return this.anchor;
  }

  /** Replaces the skew model from now on (drift restarts from this instant). */
  setSkew(skew: ClockSkew): void {
    validateSkew(skew);
    this.skewModel = skew;
    this.anchor = this.globalNow();
  }
}

export function createNodeClock(globalNow: () => number, skew: ClockSkew = NO_SKEW, epochMs = DEFAULT_CLOCK_EPOCH_MS): NodeClock {
  return new NodeClock(globalNow, skew, epochMs);
}

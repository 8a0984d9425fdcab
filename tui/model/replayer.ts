// Views at any step, fast: a full view is kept every `interval` steps, and the view at step s
// is the nearest checkpoint at or before s with the lines up to s folded on top (deterministic
// re-execution of the fold). The last answer is kept too, so stepping forward folds one step.
import { fold } from './fold';
import type { TraceIndex } from './traceIndex';
import { EMPTY_VIEW, type View } from './view';

export const DEFAULT_CHECKPOINT_INTERVAL = 256;

export class Replayer {
  private readonly checkpoints: View[] = [];
  private last: View;

  constructor(
    readonly index: TraceIndex,
    readonly interval = DEFAULT_CHECKPOINT_INTERVAL,
  ) {
    if (!(Number.isInteger(interval) && interval >= 1)) throw new RangeError(`interval must be a positive integer, got ${interval}`);
    let v = this.foldSteps(EMPTY_VIEW, 0, 0);
    this.checkpoints.push(v);
    for (let s = interval; s <= index.lastStep; s += interval) {
      v = this.foldSteps(v, s - interval + 1, s);
      this.checkpoints.push(v);
    }
    this.last = this.checkpoints[0];
  }

  get checkpointCount(): number {
    return this.checkpoints.length;
  }

  /** The view after step `step` (clamped to the run). */
  viewAt(step: number): View {
    const s = Math.max(0, Math.min(this.index.lastStep, Math.floor(step)));
    if (s === this.last.step) return this.last;
    const cp = this.checkpoints[Math.floor(s / this.interval)];
    const from = this.last.step < s && this.last.step >= cp.step ? this.last : cp;
    this.last = from.step === s ? from : this.foldSteps(from, from.step + 1, s);
    return this.last;
  }

  /** Folds the lines of steps `first..lastIncl` onto `view`. */
  private foldSteps(view: View, first: number, lastIncl: number): View {
    const idx = this.index;
    let v = view;
    const end = idx.stepStart[lastIncl + 1];
    for (let i = idx.stepStart[first]; i < end; i++) v = fold(v, idx.line(i));
    return v.step === lastIncl ? v : { ...v, step: lastIncl, timeMs: idx.stepTime[lastIncl] };
  }
}

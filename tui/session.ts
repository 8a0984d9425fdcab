// A session: one run's trace lines, indexed, with checkpointed views, filters and timeline
// summaries. Everything it answers is a function of the lines, however they were obtained.
import { StepMatcher } from './model/match';
import { DEFAULT_CHECKPOINT_INTERVAL, Replayer } from './model/replayer';
import { summarizeStep, type StepSummary } from './model/summary';
import { indexTrace, type TraceIndex } from './model/traceIndex';
import type { View } from './model/view';

export interface SessionOptions {
  /** Steps between full view checkpoints. Default 256. */
  readonly checkpointInterval?: number;
}

export class Session {
  readonly index: TraceIndex;
  readonly replayer: Replayer;
  readonly matcher: StepMatcher;
  private readonly summaries = new Map<number, StepSummary>();

  constructor(lines: readonly string[], options: SessionOptions = {}) {
    this.index = indexTrace(lines);
    this.replayer = new Replayer(this.index, options.checkpointInterval ?? DEFAULT_CHECKPOINT_INTERVAL);
    this.matcher = new StepMatcher(this.index);
  }

  get lastStep(): number {
    return this.index.lastStep;
  }

  viewAt(step: number): View {
    return this.replayer.viewAt(step);
  }

  summary(step: number): StepSummary {
    let s = this.summaries.get(step);
    if (s === undefined) {
      s = summarizeStep(step, this.index.linesOfStep(step), (id) => this.index.sendLineOf(id));
      if (this.summaries.size > 4096) this.summaries.clear();
      this.summaries.set(step, s);
    }
    return s;
  }

  /** Steps with a violation, ascending (bookmarks). */
  violationSteps(): number[] {
    return [...new Set(this.index.meta.violations.map((v) => v.step))].sort((a, b) => a - b);
  }
}

export function createSession(lines: readonly string[], options: SessionOptions = {}): Session {
  return new Session(lines, options);
}

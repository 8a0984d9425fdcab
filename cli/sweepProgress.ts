// Sweep progress: a redrawn bar on a terminal, plain lines (every 10 %) otherwise, so CI logs
// stay short and readable.

export interface Progress {
  /** A seed finished. */
  tick(done: number, failing: number): void;
  /** A line that must not be overwritten by the bar (a violation, a note). */
  line(text: string): void;
  /** Clears the bar. */
  end(): void;
}

export interface ProgressTarget {
  /** Where lines go (stdout). */
  out(line: string): void;
  /** Raw writes for the bar (a TTY's stderr), or null when not a terminal. */
  readonly bar: ((text: string) => void) | null;
  /** Terminal width for the bar. Default 80. */
  readonly columns?: number;
}

const rateOf = (done: number, startedMs: number, nowMs: number): string => (nowMs > startedMs ? ((done * 1000) / (nowMs - startedMs)).toFixed(1) : '-');

/** The bar's text, e.g. `[#####-----] 50/100 seeds  12.5 seeds/s  1 failing`. */
export function barText(done: number, total: number, failing: number, rate: string, columns: number): string {
  const tail = ` ${done}/${total} seeds  ${rate} seeds/s${failing > 0 ? `  ${failing} failing` : ''}`;
  const width = Math.max(10, Math.min(40, columns - tail.length - 3));
  const filled = total === 0 ? width : Math.round((done / total) * width);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]${tail}`;
}

export function createProgress(target: ProgressTarget, total: number, clock: () => number): Progress {
  const started = clock();
  let lastDecile = 0;
  let drawn = false;
  const bar = target.bar;
  const clear = (): void => {
    if (bar !== null && drawn) bar('\r\x1b[K');
    drawn = false;
  };
  return {
    tick(done, failing) {
      const rate = rateOf(done, started, clock());
      if (bar !== null) {
        bar(`\r${barText(done, total, failing, rate, target.columns ?? 80)}\x1b[K`);
        drawn = true;
        return;
      }
      const decile = Math.floor((done * 10) / total);
      if (decile > lastDecile || done === total) {
        lastDecile = decile;
        target.out(`progress: ${done}/${total} seeds (${Math.floor((done * 100) / total)}%), ${failing} failing, ${rate} seeds/s`);
      }
    },
    line(text) {
      clear();
      target.out(text);
    },
    end() {
      clear();
    },
  };
}

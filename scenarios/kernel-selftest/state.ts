// What the kernel self-test's harness observes from outside the nodes (the oracle side): acks
// handed to workers, what the server and the workers recovered after each restart.

export interface ServerRecovery {
  readonly incarnation: number;
  readonly value: number;
  readonly corrupt: boolean;
  /** Highest value acknowledged to any worker before this recovery. */
  readonly maxAckedBefore: number;
}

export interface JournalRecovery {
  readonly worker: string;
  readonly incarnation: number;
  readonly lines: number;
  readonly corruptLines: number;
  /** Lines whose append had completed (been acknowledged to the worker) before the crash. */
  readonly confirmedBefore: number;
}

export interface SelftestState {
  readonly workers: readonly string[];
  readonly opsPerWorker: number;
  maxAcked: number;
  readonly serverRecoveries: ServerRecovery[];
  readonly journalRecoveries: JournalRecovery[];
  /** Journal lines each worker's appends confirmed (reset to what it recovered at each boot). */
  readonly confirmed: Record<string, number>;
  readonly finished: Record<string, boolean>;
}

export function initialState(workers: readonly string[], opsPerWorker: number): SelftestState {
  return {
    workers,
    opsPerWorker,
    maxAcked: 0,
    serverRecoveries: [],
    journalRecoveries: [],
    confirmed: Object.fromEntries(workers.map((w) => [w, 0])),
    finished: Object.fromEntries(workers.map((w) => [w, false])),
  };
}

// Runs a store's operations one at a time, so that a multi-step file operation (read, then rewrite)
// never interleaves with another call on the same store instance. Deterministic: no timers.
export interface SerialQueue {
  run<T>(op: () => Promise<T>): Promise<T>;
}

export function createSerialQueue(): SerialQueue {
  let tail: Promise<unknown> = Promise.resolve();
  return {
    run<T>(op: () => Promise<T>): Promise<T> {
      const next = tail.then(op, op);
      tail = next.then(
        () => undefined,
        () => undefined,
      );
      return next;
    },
  };
}

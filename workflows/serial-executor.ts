// Runs async handler bodies one after another (the safe-message-handlers pattern): a handler that
// awaits an activity never interleaves with another one on the same state. Deterministic: a plain
// promise chain.
export class SerialExecutor {
  private tail: Promise<unknown>;
  private pending = 0;

  constructor(first: Promise<unknown> = Promise.resolve()) {
    this.tail = first;
  }

  /** True when no queued body is waiting or running. */
  get idle(): boolean {
    return this.pending === 0;
  }

  run<T>(body: () => Promise<T> | T): Promise<T> {
    this.pending++;
    const result = this.tail.then(body).finally(() => void this.pending--);
    this.tail = result.catch(() => undefined);
    return result;
  }
}

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

  /**
   * Runs `body` after everything queued before it. The tail's handlers also handle the result's
   * rejection, so a caller that does not await it (a signal) leaves no unhandled rejection. Two
   * promises per body: the SDK takes a stack trace for each one a workflow creates.
   */
  run<T>(body: () => Promise<T> | T): Promise<T> {
    this.pending++;
    const result = this.tail.then(body);
    this.tail = result.then(this.settled, this.settled);
    return result;
  }

  private readonly settled = () => void this.pending--;
}

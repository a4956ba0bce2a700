// A read another workflow's announcement asks for (the policy, the user's record), coalesced: asks
// that come while one read waits on the queue or runs make at most one more read, never one each.
// An announcement carries nothing to believe, so a burst of forged ones must not buy a read apiece
// (the trust gate does the same for the registry). Deterministic: plain promises on the queue.
import type { SerialExecutor } from './serial-executor.js';

export class CoalescedRead {
  private wanted = false;
  private scheduled = false;

  constructor(
    private readonly queue: SerialExecutor,
    private readonly read: () => Promise<void>,
  ) {}

  /** Reads after what is queued, unless a read that has not started yet will. */
  request(): void {
    this.wanted = true;
    if (this.scheduled) return;
    this.scheduled = true;
    void this.queue.run(async () => {
      try {
        while (this.wanted) {
          this.wanted = false;
          await this.read();
        }
      } finally {
        this.scheduled = false;
      }
    });
  }
}

// A change's broadcast, run by the workflow that owns the change (the policy, the registry): page by
// page through activities, so its position and progress live in the workflow's history and survive
// worker and server restarts; `broadcastProgress` answers from here. Workflows whose signal failed
// are told again, with a growing pause, until none is left: a revocation must reach every one.
import { proxyActivities, sleep } from '@temporalio/workflow';
import type { EaActivities } from '../activities/create-activities.js';
import type { BroadcastMessage, BroadcastPage } from '../activities/broadcasts.js';
import type { BroadcastProgress } from '../contract/messages.js';

const { countRecipients, broadcastPage, broadcastTo } = proxyActivities<EaActivities>({
  startToCloseTimeout: '10 minutes',
  // A page's attempt cut off (a worker killed) is retried this soon, from its last heartbeat.
  heartbeatTimeout: '20 seconds',
});

const FAILING_NAMED = 5;
const FIRST_RETRY_PAUSE_MS = 5_000;
const LONGEST_RETRY_PAUSE_MS = 5 * 60_000;

export class Broadcast {
  private progress: BroadcastProgress;

  /** `reached`: the version every workflow already has (what the previous run broadcast). */
  constructor(
    public reached: number,
    carried?: BroadcastProgress,
  ) {
    this.progress = carried ?? { version: reached, state: 'idle', total: 0, done: 0, failed: 0, failing: [] };
  }

  /** What `broadcastProgress` answers and continue-as-new carries. */
  snapshot(): BroadcastProgress {
    return { ...this.progress, failing: [...this.progress.failing] };
  }

  /** Tells every running workflow the message lists of `version`, then marks it reached. */
  async run(message: BroadcastMessage, version: number): Promise<void> {
    const total = await countRecipients(message);
    this.progress = { version, state: 'running', total, done: 0, failed: 0, failing: [] };
    let failing: string[] = [];
    let page: string | null = null;
    do {
      const result: BroadcastPage = await broadcastPage(message, page);
      page = result.next;
      failing = [...failing, ...result.failed];
      this.advance(result.told, failing);
    } while (page !== null);
    for (let round = 0; failing.length > 0; round++) {
      await sleep(Math.min(FIRST_RETRY_PAUSE_MS * 2 ** round, LONGEST_RETRY_PAUSE_MS));
      const result = await broadcastTo(message, failing);
      failing = result.failed;
      this.advance(result.told, failing);
    }
    this.progress.state = 'done';
    this.reached = version;
  }

  private advance(told: number, failing: string[]): void {
    const done = this.progress.done + told;
    // The list is eventually consistent: it may hold more than the count did.
    const total = Math.max(this.progress.total, done + failing.length);
    this.progress = { ...this.progress, total, done, failed: failing.length, failing: failing.slice(0, FAILING_NAMED) };
  }
}

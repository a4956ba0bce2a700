// Rate limits that slow a guesser without locking out the real user's NAS (spec §7). Nothing here
// refuses a user: the token's own lockout (spec §2) does that. Instead:
// - one attempt at a time per user, whichever client it comes through, and after a few consecutive
//   failures each next attempt for that user waits longer (doubling, capped below a NAS's timeout);
//   a success clears it;
// - a client may have only so many requests in flight: beyond that the request is shed (a RADIUS
//   NAS retransmits; HTTP gets 429), so one busy or hostile client cannot starve the others;
// - nothing but an acceptance (a rejection, a challenge) is answered sooner than a floor after the
//   request came in, so an unknown user, a wrong PIN and a wrong code take the same time to be
//   told no, or to be asked for the code.

export interface ThrottleOptions {
  /** Failures in a row before attempts are slowed. */
  freeFailures: number;
  baseDelayMs: number;
  /** Below a NAS's usual 5 s timeout, so the real user's request still gets through in time. */
  maxDelayMs: number;
  /** Failures older than this are forgotten. */
  forgetAfterMs: number;
  maxInFlightPerClient: number;
  /** The earliest anything but an acceptance is answered, from the request's arrival. */
  rejectFloorMs: number;
}

export const DEFAULT_THROTTLE: ThrottleOptions = {
  freeFailures: 3,
  baseDelayMs: 250,
  maxDelayMs: 3_000,
  forgetAfterMs: 15 * 60_000,
  maxInFlightPerClient: 64,
  rejectFloorMs: 300,
};

/** The wait before the next attempt after `failures` consecutive failures. */
export function delayAfter(failures: number, options: ThrottleOptions): number {
  const over = failures - options.freeFailures;
  if (over < 0) return 0;
  return Math.min(options.baseDelayMs * 2 ** over, options.maxDelayMs);
}

/** Users whose failures are remembered at once; beyond, the oldest are forgotten. */
const MAX_TRACKED_USERS = 100_000;

export type Sleep = (ms: number) => Promise<void>;
const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export class Throttle {
  private readonly failures = new Map<string, { count: number; at: number }>();
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly inFlight = new Map<string, number>();

  constructor(
    readonly options: ThrottleOptions = DEFAULT_THROTTLE,
    private readonly now: () => number = Date.now,
    private readonly sleep: Sleep = realSleep,
  ) {}

  /** Whether `client` may start another request now; if so, `release` must follow. */
  admit(client: string): boolean {
    const running = this.inFlight.get(client) ?? 0;
    if (running >= this.options.maxInFlightPerClient) return false;
    this.inFlight.set(client, running + 1);
    return true;
  }

  release(client: string): void {
    const running = (this.inFlight.get(client) ?? 1) - 1;
    if (running <= 0) this.inFlight.delete(client);
    else this.inFlight.set(client, running);
  }

  /**
   * Runs `attempt` for `user` after the user's earlier attempts and the wait their failures earned;
   * `accepted` says whether it counts as a success; anything else is a failure, held until the floor.
   */
  async forUser<T>(user: string, arrivedAt: number, attempt: () => Promise<T>, accepted: (t: T) => boolean) {
    const previous = this.queues.get(user) ?? Promise.resolve();
    const run = previous.then(async () => {
      await this.pause(delayAfter(this.failuresOf(user), this.options));
      const result = await attempt();
      const failures = this.failuresOf(user);
      this.failures.delete(user); // set anew, so the map stays oldest first
      if (!accepted(result)) this.failures.set(user, { count: failures + 1, at: this.now() });
      this.forgetOldest();
      return result;
    });
    const settled = run.catch(() => undefined);
    this.queues.set(user, settled);
    void settled.then(() => {
      if (this.queues.get(user) === settled) this.queues.delete(user);
    });
    const result = await run;
    if (!accepted(result)) await this.pause(arrivedAt + this.options.rejectFloorMs - this.now());
    return result;
  }

  private async pause(ms: number): Promise<void> {
    if (ms > 0) await this.sleep(ms);
  }

  /** A guesser trying many user names must not grow memory without end: old entries go first. */
  private forgetOldest(): void {
    const cutoff = this.now() - this.options.forgetAfterMs;
    for (const [user, entry] of this.failures) {
      if (entry.at > cutoff && this.failures.size <= MAX_TRACKED_USERS) break;
      this.failures.delete(user);
    }
  }

  get trackedUsers(): number {
    return this.failures.size;
  }

  failuresOf(user: string): number {
    const entry = this.failures.get(user);
    if (!entry) return 0;
    if (this.now() - entry.at > this.options.forgetAfterMs) {
      this.failures.delete(user);
      return 0;
    }
    return entry.count;
  }
}

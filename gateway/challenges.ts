// Open challenges (spec §7): a password that may be the PIN alone is challenged for the code; the
// next request answers with the code and the State this table handed out. A State is 16 random
// bytes, good once, for its user only, for CHALLENGE_LIFETIME_MS; the PIN waits here (in memory
// only) to go in front of the code. Anyone may open one (an unknown user is challenged like any
// other), so the table is bounded per front-end client as well as in all: a client that opens
// challenges faster than they expire evicts its own oldest, not other clients'.
import { randomBytes } from 'node:crypto';

export interface Challenge {
  user: string;
  /** What the first request typed: the PIN, if it was one. */
  pin: string;
}

interface OpenChallenge extends Challenge {
  client: string;
  expiresAtMs: number;
}

/**
 * One lifetime for every challenge, so how long a State stays good tells nothing about whether a
 * code was sent; long enough to read an on-demand code from an e-mail or SMS.
 */
export const CHALLENGE_LIFETIME_MS = 5 * 60_000;

export interface ChallengeLimits {
  total: number;
  perClient: number;
}

/** Bounds memory when someone opens challenges faster than they expire. */
const LIMITS: ChallengeLimits = { total: 10_000, perClient: 2_000 };

export class ChallengeTable {
  /** In the order they were opened, which with one lifetime is the order they expire. */
  private readonly open = new Map<string, OpenChallenge>();
  private readonly openPerClient = new Map<string, number>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly limits: ChallengeLimits = LIMITS,
  ) {}

  /** A new State (hex) for `challenge`, opened through the front end's `client`. */
  add(challenge: Challenge, client: string): string {
    this.expire();
    if ((this.openPerClient.get(client) ?? 0) >= this.limits.perClient) this.remove(this.oldestOf(client)!);
    if (this.open.size >= this.limits.total) this.remove(this.open.keys().next().value!);
    const state = randomBytes(16).toString('hex');
    this.open.set(state, {
      user: challenge.user,
      pin: challenge.pin,
      client,
      expiresAtMs: this.now() + CHALLENGE_LIFETIME_MS,
    });
    this.openPerClient.set(client, (this.openPerClient.get(client) ?? 0) + 1);
    return state;
  }

  /** The challenge `state` opened for `user`, taken out (a State is good once); null otherwise. */
  take(state: string, user: string): Challenge | null {
    const challenge = this.open.get(state);
    if (!challenge) return null;
    this.remove(state);
    return challenge.user === user && challenge.expiresAtMs > this.now()
      ? { user: challenge.user, pin: challenge.pin }
      : null;
  }

  private oldestOf(client: string): string | undefined {
    for (const [state, challenge] of this.open) if (challenge.client === client) return state;
    return undefined;
  }

  private remove(state: string): void {
    const challenge = this.open.get(state);
    if (!challenge) return;
    this.open.delete(state);
    const left = this.openPerClient.get(challenge.client)! - 1;
    if (left === 0) this.openPerClient.delete(challenge.client);
    else this.openPerClient.set(challenge.client, left);
  }

  private expire(): void {
    const now = this.now();
    for (const [state, challenge] of this.open) {
      if (challenge.expiresAtMs > now) break;
      this.remove(state);
    }
  }
}

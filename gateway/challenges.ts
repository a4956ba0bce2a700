// Open challenges (spec §7): the PIN alone sent an on-demand code; the next request answers with
// the code and the State this table handed out. A State is 16 random bytes, good once, for its user
// only, until the code expires; the PIN waits here (in memory only) to go in front of the code.
import { randomBytes } from 'node:crypto';

export interface Challenge {
  user: string;
  pin: string;
  expiresAtMs: number;
}

/** Bounds memory when someone opens challenges faster than they expire. */
const MAX_OPEN = 10_000;

export class ChallengeTable {
  private readonly open = new Map<string, Challenge>();

  constructor(private readonly now: () => number = Date.now) {}

  /** A new State (hex) for `challenge`. */
  add(challenge: Challenge): string {
    this.expire();
    if (this.open.size >= MAX_OPEN) this.open.delete(this.open.keys().next().value!);
    const state = randomBytes(16).toString('hex');
    this.open.set(state, challenge);
    return state;
  }

  /** The challenge `state` opened for `user`, taken out (a State is good once); null otherwise. */
  take(state: string, user: string): Challenge | null {
    const challenge = this.open.get(state);
    if (!challenge) return null;
    this.open.delete(state);
    return challenge.user === user && challenge.expiresAtMs > this.now() ? challenge : null;
  }

  private expire(): void {
    const now = this.now();
    for (const [state, challenge] of this.open) if (challenge.expiresAtMs <= now) this.open.delete(state);
  }
}

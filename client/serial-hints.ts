// Which tokens a user had when this client last looked. Authentication by user sends its first
// update to a hinted token before reading the serials, and reads them only when that token does not
// accept: one round trip instead of two in a client that serves the same users again (an
// authentication front end). A hint is never trusted: the read decides which of the user's tokens
// are still to be tried, and a token rejects, without counting a failure, a passcode for a user it
// is not assigned to.
export class SerialHints {
  private readonly hints = new Map<string, readonly string[]>();

  /** Bounded, least recently set first out, so a front end serving millions of users stays small. */
  constructor(private readonly limit = 100_000) {}

  /** The token to try first for the user, if this client has seen any. */
  first(userId: string): string | undefined {
    return this.hints.get(userId)?.[0];
  }

  set(userId: string, serials: readonly string[]): void {
    this.hints.delete(userId);
    if (serials.length === 0) return;
    this.hints.set(userId, serials);
    if (this.hints.size > this.limit) this.hints.delete(this.hints.keys().next().value!);
  }

  add(userId: string, serial: string): void {
    const known = this.hints.get(userId) ?? [];
    if (!known.includes(serial)) this.set(userId, [...known, serial]);
  }
}

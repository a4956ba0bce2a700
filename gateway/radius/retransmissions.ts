// Retransmissions (RFC 5080 §2.2.2, spec §7): a NAS that gets no answer sends the same request
// again. Same client address and port, identifier and Request Authenticator → the answer already
// given, or nothing while the first is still being decided; a request is never authenticated twice
// (a one-time code would be spent by the first and refused to the second).

/** How long an answer is kept: longer than any NAS retries (typically 3 × 5 s). */
export const RETRANSMISSION_WINDOW_MS = 30_000;

export type Seen = { kind: 'new' } | { kind: 'in-progress' } | { kind: 'answered'; answer: Buffer };

export class RetransmissionCache {
  private readonly entries = new Map<string, { at: number; answer: Buffer | null }>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly windowMs = RETRANSMISSION_WINDOW_MS,
  ) {}

  static key(address: string, port: number, identifier: number, authenticator: Buffer): string {
    return `${address}|${port}|${identifier}|${authenticator.toString('hex')}`;
  }

  /** Whether `key` is new (and now in progress), still being decided, or answered. */
  begin(key: string): Seen {
    this.expire();
    const entry = this.entries.get(key);
    if (!entry) {
      this.entries.set(key, { at: this.now(), answer: null });
      return { kind: 'new' };
    }
    return entry.answer ? { kind: 'answered', answer: entry.answer } : { kind: 'in-progress' };
  }

  /** The answer for `key`, kept for retransmissions; null when no answer was sent (a drop). */
  finish(key: string, answer: Buffer | null): void {
    this.entries.delete(key); // set anew, so the map stays in time order
    if (answer) this.entries.set(key, { at: this.now(), answer });
  }

  get size(): number {
    return this.entries.size;
  }

  /** Entries are kept in insertion order; the oldest go first. */
  private expire(): void {
    const cutoff = this.now() - this.windowMs;
    for (const [key, entry] of this.entries) {
      if (entry.at > cutoff) break;
      this.entries.delete(key);
    }
  }
}

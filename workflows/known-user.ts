// The user's record as a token workflow last learned it: looked up once after assignment and kept
// current by the user workflow's `userChanged` signal, so a signalled loss sends its codes without
// a look-up (an activity and a query per token in a mass incident).
import type { User } from '../domain/types.js';

export class KnownUser {
  private user: User | null;
  private news = 0;

  constructor(initial: User | undefined) {
    this.user = initial ?? null;
  }

  /** The record of `userId`, when this token knows it. */
  of(userId: string): User | undefined {
    return this.user?.id === userId ? this.user : undefined;
  }

  /** What the user workflow says wins over any look-up still under way. */
  heard(user: User): void {
    this.user = user;
    this.news++;
  }

  /** Looks the user up and keeps the answer, unless news arrived meanwhile. */
  async lookUp(userId: string, lookup: (userId: string) => Promise<User | null>): Promise<User | null> {
    const before = this.news;
    const found = await lookup(userId);
    if (this.news !== before) return this.of(userId) ?? found;
    if (found) this.user = found;
    return found;
  }

  /** Carried across continue-as-new. */
  get snapshot(): User | undefined {
    return this.user ?? undefined;
  }
}

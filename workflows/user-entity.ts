// One user's record as an entity: profile, contacts, on-demand channel and the serials they hold.
// No Temporal import: the user workflow and the in-memory service run the same rules.
import { invalid, refused } from '../contract/failures.js';
import type { PutUserPayload, TokenLinkPayload } from '../contract/payload-schemas.js';
import type { User } from '../domain/types.js';
import { addSerial, removeSerial, validateUser } from '../domain/user.js';

export type PutUserResult = { user: User; outcome: 'created' | 'updated' | 'unchanged' };

export interface UserPorts {
  /** The serials changed (the user workflow's memo, which authentication reads). */
  serialsChanged(user: User): void;
  /** The record changed: tell the user's tokens, which read it again for their messages. */
  recordChanged(user: User): Promise<void> | void;
}

export class UserEntity {
  constructor(
    readonly id: string,
    private current: User | null,
    private readonly ports: UserPorts,
  ) {}

  get user(): User | null {
    return this.current;
  }

  /**
   * Creates the user or changes the fields given; an unchanged record is an `unchanged` no-op. A
   * change is answered once the user's tokens have been told, so what the caller sends next reaches
   * each token after the news.
   */
  async put(payload: PutUserPayload): Promise<PutUserResult> {
    const user = this.current;
    const checked = validateUser({
      id: payload.id,
      name: payload.name ?? user?.name ?? payload.id,
      email: payload.email === undefined ? (user?.email ?? null) : payload.email,
      mobile: payload.mobile === undefined ? (user?.mobile ?? null) : payload.mobile,
      onDemand: payload.onDemand === undefined ? (user?.onDemand ?? null) : payload.onDemand,
    });
    if (!checked.ok) throw invalid(checked.errors.map((e) => `${e.field}: ${e.message}`).join('; '), checked.errors);
    const next: User = { ...checked.user, serials: user?.serials ?? [] };
    const outcome = !user ? 'created' : JSON.stringify(next) === JSON.stringify(user) ? 'unchanged' : 'updated';
    this.current = next;
    if (outcome === 'updated') await this.ports.recordChanged(next);
    return { user: next, outcome };
  }

  attach({ serial }: TokenLinkPayload): User {
    if (!this.current) throw refused(`user ${this.id} does not exist; add the user first`);
    const result = addSerial(this.current, serial);
    if (!result.ok) throw refused(result.message);
    this.current = result.user;
    this.ports.serialsChanged(result.user);
    return result.user;
  }

  /** A signal: a serial the user does not hold is ignored. */
  detach({ serial }: TokenLinkPayload): void {
    const result = this.current && removeSerial(this.current, serial);
    if (!result?.ok) return;
    this.current = result.user;
    this.ports.serialsChanged(result.user);
  }
}

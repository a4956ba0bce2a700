// One user's record as an entity: profile, contacts, on-demand channel and the serials they hold.
// No Temporal import: the user workflow and the in-memory service run the same rules.
import { invalid, refused } from '../contract/failures.js';
import type { PutUserPayload, TokenLinkPayload } from '../contract/payload-schemas.js';
import type { AuditRecord, User } from '../domain/types.js';
import { isoAt } from '../domain/time.js';
import { addSerial, removeSerial, validateUser } from '../domain/user.js';

export type PutUserResult = { user: User; outcome: 'created' | 'updated' | 'unchanged' };

export interface UserPorts {
  /** The serials changed (the user workflow's memo, which authentication reads). */
  serialsChanged(user: User): void;
  /** The record changed: tell the user's tokens, which read it again for their messages. */
  recordChanged(user: User): Promise<void> | void;
  /** The user the token itself says it is assigned to; null when none or no such token. */
  tokenOwner(serial: string): Promise<string | null>;
  /** Attachments and their refusals go to the audit sink. */
  exportAudit(records: AuditRecord[]): void;
  /** Workflow time in a workflow. */
  now(): number;
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

  /**
   * Holds the serial once the token confirms it is this user's; audited either way. The record is
   * read after the token answers: attachments overlap (an import's rows), and one read before the
   * wait would put back a record without the serials attached meanwhile.
   */
  async attach({ serial, requestId, actor }: TokenLinkPayload & { actor: string }): Promise<User> {
    if (!this.current) throw refused(`user ${this.id} does not exist; add the user first`);
    const owner = await this.ports.tokenOwner(serial);
    const result = addSerial(this.current, serial, owner);
    this.audit(serial, requestId, actor, result.ok ? null : result.message);
    if (!result.ok) throw result.code === 'invalid' ? invalid(result.message) : refused(result.message);
    if (result.user !== this.current) {
      this.current = result.user;
      this.ports.serialsChanged(result.user);
    }
    return result.user;
  }

  /** One record in the token's name (its id unique per request, so an at-least-once sink can de-duplicate). */
  private audit(serial: string, requestId: string, actor: string, refusal: string | null): void {
    this.ports.exportAudit([
      {
        id: `${serial}:attach:${requestId}`,
        at: isoAt(this.ports.now()),
        serial,
        user: this.id,
        actor,
        origin: 'operator',
        type: refusal === null ? 'token-attached' : 'refused',
        outcome: refusal === null ? 'ok' : 'refused',
        reason: refusal,
        detail: { action: 'attach' },
      },
    ]);
  }

  /** A signal: a serial the user does not hold is ignored. */
  detach({ serial }: TokenLinkPayload): void {
    const result = this.current && removeSerial(this.current, serial);
    if (!result?.ok) return;
    this.current = result.user;
    this.ports.serialsChanged(result.user);
  }
}

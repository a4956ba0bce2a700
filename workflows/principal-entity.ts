// The principal registry as an entity (spec §5): who holds which key and roles. Every change is a
// signed request, verified here against the registry itself; the first admin signs its own
// registration and is accepted only while the registry is empty. No Temporal import.
import { invalid, refused } from '../contract/failures.js';
import type {
  AddPrincipalPayload,
  InitPrincipalsPayload,
  RevokePrincipalPayload,
} from '../contract/payload-schemas.js';
import { DAY_MS, isoAt } from '../domain/time.js';
import type { AuditRecord } from '../domain/types.js';
import { authorize } from '../trust/authorize.js';
import { verifySignature } from '../trust/envelope.js';
import type { PrincipalRecord, PrincipalsView } from '../trust/principal.js';

export const PRINCIPALS_SERIAL = 'ea-principals';
const REQUEST_MEMORY_MS = 7 * DAY_MS;

export interface PrincipalsSnapshot extends PrincipalsView {
  /** requestId → when it was handled (ISO); kept for 7 days. */
  seen: Record<string, string>;
  auditSeq: number;
}

export const EMPTY_REGISTRY: PrincipalsSnapshot = { version: 0, principals: {}, seen: {}, auditSeq: 0 };

export class PrincipalEntity {
  private state: PrincipalsSnapshot;

  constructor(
    snapshot: PrincipalsSnapshot,
    private readonly exportAudit: (records: AuditRecord[]) => void,
  ) {
    this.state = snapshot;
  }

  snapshot(): PrincipalsSnapshot {
    return this.state;
  }

  get principals(): Record<string, PrincipalRecord> {
    return this.state.principals;
  }

  view(): PrincipalsView {
    return { version: this.state.version, principals: this.state.principals };
  }

  list(): PrincipalRecord[] {
    return Object.values(this.state.principals);
  }

  /** The first admin: self-signed, and only while no principal is registered. */
  init(argument: InitPrincipalsPayload, workflowId: string, nowMs: number): PrincipalRecord {
    const claimed = argument.envelope?.principal ?? null;
    if (Object.keys(this.state.principals).length > 0) {
      this.refuse(claimed, 'the registry already has an admin; use `ea principal add`', nowMs);
    }
    if (claimed !== argument.name || !verifySignature(argument.publicKey, workflowId, 'initPrincipals', argument)) {
      this.refuse(claimed, 'the first admin must sign its own registration with the key it registers', nowMs);
    }
    const record: PrincipalRecord = {
      name: argument.name,
      publicKey: argument.publicKey,
      roles: ['admin'],
      state: 'active',
      addedAt: isoAt(nowMs),
    };
    return this.apply(record, argument.requestId, argument.name, 'principal-added', nowMs);
  }

  add(argument: AddPrincipalPayload, workflowId: string, nowMs: number): PrincipalRecord {
    const admin = this.authorized(argument, 'addPrincipal', workflowId, nowMs);
    if (this.state.principals[argument.name]) {
      this.refuse(admin, `principal ${argument.name} already exists; names are never reused`, nowMs);
    }
    const { name, publicKey, roles, user } = argument;
    const record: PrincipalRecord = {
      name,
      publicKey,
      roles,
      state: 'active',
      ...(user ? { user } : {}),
      addedAt: isoAt(nowMs),
    };
    return this.apply(record, argument.requestId, admin, 'principal-added', nowMs);
  }

  revoke(argument: RevokePrincipalPayload, workflowId: string, nowMs: number): PrincipalRecord {
    const admin = this.authorized(argument, 'revokePrincipal', workflowId, nowMs);
    const current = this.state.principals[argument.name];
    if (!current) throw invalid(`no principal ${argument.name} is registered`);
    if (current.state === 'revoked') this.refuse(admin, `principal ${argument.name} is already revoked`, nowMs);
    const admins = this.list().filter((p) => p.state === 'active' && p.roles.includes('admin'));
    if (admins.length === 1 && admins[0]!.name === argument.name) {
      this.refuse(admin, 'the last active admin cannot be revoked; add another admin first', nowMs);
    }
    const record: PrincipalRecord = { ...current, state: 'revoked', revokedAt: isoAt(nowMs) };
    return this.apply(record, argument.requestId, admin, 'principal-revoked', nowMs);
  }

  /** The verified admin's name; a refusal is audited with the principal the request claimed. */
  private authorized(argument: object, message: string, workflowId: string, nowMs: number): string {
    const decision = authorize({
      registry: this.state.principals,
      workflowId,
      message,
      argument,
      nowMs,
      seen: (requestId) => this.seen(requestId, nowMs),
    });
    if (!decision.ok) this.refuse(decision.claimed, decision.message, nowMs, { message });
    return decision.principal.name;
  }

  private seen(requestId: string, nowMs: number): boolean {
    const at = this.state.seen[requestId];
    return at !== undefined && Date.parse(at) > nowMs - REQUEST_MEMORY_MS;
  }

  private apply(
    record: PrincipalRecord,
    requestId: string,
    actor: string,
    type: string,
    nowMs: number,
  ): PrincipalRecord {
    const seen = Object.fromEntries(
      Object.entries(this.state.seen).filter(([, at]) => Date.parse(at) > nowMs - REQUEST_MEMORY_MS),
    );
    this.state = {
      version: this.state.version + 1,
      principals: { ...this.state.principals, [record.name]: record },
      seen: { ...seen, [requestId]: isoAt(nowMs) },
      auditSeq: this.state.auditSeq,
    };
    this.audit(actor, type, 'ok', null, { principal: record.name, roles: record.roles.join(',') }, nowMs);
    return record;
  }

  private refuse(claimed: string | null, message: string, nowMs: number, detail: Record<string, string> = {}): never {
    this.audit(claimed ?? 'unknown', 'refused', 'refused', message, detail, nowMs);
    throw refused(message);
  }

  private audit(
    actor: string,
    type: string,
    outcome: 'ok' | 'refused',
    reason: string | null,
    detail: Record<string, string>,
    nowMs: number,
  ): void {
    const seq = ++this.state.auditSeq;
    this.exportAudit([
      {
        id: `${PRINCIPALS_SERIAL}:${seq}`,
        at: isoAt(nowMs),
        serial: PRINCIPALS_SERIAL,
        user: null,
        actor,
        origin: 'operator',
        type,
        outcome,
        reason,
        detail,
      },
    ]);
  }
}

// The operations the dashboard and the `ea` command line perform, independent of how they reach
// Temporal. `TemporalEaService` implements it over the workflow contract; `MemoryEaService` runs the
// workflows' entities in memory, for the CLI's and the dashboard's tests.
import type {
  AuditRecord,
  Channel,
  OathSpec,
  EaKind,
  FoundRule,
  Delivery,
  Policy,
  PolicyChange,
  Reason,
  User,
  TokenStateName,
} from '../domain/types.js';
import type { AuthResult, LostResult, TokenStatus } from '../domain/views.js';
import type { PrincipalRecord } from '../trust/principal.js';
import type { Control, IncidentStatus } from '../domain/incident.js';
import type { IncidentSelection } from '../contract/payload-schemas.js';
import type { Role } from '../trust/roles.js';
import type { PrincipalKey } from './keys.js';
import type { BroadcastWait } from './broadcast-wait.js';

/** One row of the token list, from visibility (search attributes), not from querying each workflow. */
export interface TokenListItem {
  serial: string;
  user: string | null;
  state: TokenStateName;
  reason: Reason | null;
  kind: EaKind | null;
  unusedCodes: number | null;
  expiresAt: string | null;
  tokenExpiresAt: string | null;
  flags: string[];
}

export interface LostOptions {
  /** Required for a new EA; a regeneration keeps the running EA's reason when none is given. */
  reason?: Reason;
  kind?: EaKind;
  count?: number;
  lifetimeMs?: number;
  expiresAt?: string;
  ifFound?: FoundRule;
  delivery?: Delivery;
  selfService?: boolean;
  regenerate?: boolean;
}

/**
 * What an outside system reports with `reportLost` (spec §5): the reason. Kind, lifetime and found
 * rule are the policy's: the token refuses them from any origin but `operator`.
 */
export type SystemLostReport = Required<Pick<LostOptions, 'reason'>>;

/**
 * A system's report was sent: the server took the signal. Not an answer: the token decides (its
 * trust check, its state) and its audit shows the outcome. A repeat with `requestId` changes nothing.
 */
export interface ReportSent {
  serial: string;
  requestId: string;
  sent: true;
}

export interface OutboxMessage {
  file: string;
  at: string;
  to: string;
  subject: string;
  channel: Channel;
}

/**
 * Every call that changes state takes an optional idempotency key. Who acts is the service's
 * signer: it signs each message, and its principal is the audit's actor (spec §5).
 */
export interface CallMeta {
  requestId?: string;
}

export type OperatorAction = 'unlock' | 'disable' | 'enable' | 'unassign' | 'found' | 'clear';

export interface NewToken {
  serial: string;
  userId: string;
  oath: OathSpec;
  tokenExpiresAt: string;
  pin?: string;
}

/** A replacement token (spec §3 "assign replacement"): its own OATH parameters and, if any, its PIN. */
export interface Replacement {
  newSerial: string;
  oath: NewToken['oath'];
  tokenExpiresAt: string;
  pin?: string;
}

export interface UserInput {
  id: string;
  name?: string;
  email?: string | null;
  mobile?: string | null;
  onDemand?: Channel | null;
}

/** What an incident reports lost, and how (`delivery`: each user's preferred contact when absent). */
export interface NewIncident {
  selection: IncidentSelection;
  reason: Reason;
  kind?: EaKind;
  delivery?: Channel;
  /** Tokens per page (a pause or cancel takes effect between pages); the workflow's default if absent. */
  pageSize?: number;
}

/** A principal to register (spec §5): only its public key ever leaves the machine that made it. */
export interface NewPrincipal {
  name: string;
  /** Raw 32-byte Ed25519 public key, unpadded base64url. */
  publicKey: string;
  roles: Role[];
  /** selfservice only: the one user it acts for. */
  user?: string;
}

/** An on-demand code is on its way: from which token, until when it is valid, by which channel. */
export interface OnDemandSent {
  serial: string;
  expiresAt: string;
  channel: Channel;
}

/** `unchanged` makes re-imports no-ops. */
export type Upsert = 'created' | 'updated' | 'unchanged';

export interface EaService {
  putUser(user: UserInput, meta: CallMeta): Promise<{ user: User; outcome: Upsert }>;
  addToken(token: NewToken, meta: CallMeta): Promise<{ status: TokenStatus; outcome: Upsert }>;
  listTokens(): Promise<TokenListItem[]>;
  status(serial: string): Promise<TokenStatus>;
  audit(serial: string): Promise<AuditRecord[]>;
  lost(serial: string, options: LostOptions, meta: CallMeta): Promise<LostResult>;
  action(serial: string, action: OperatorAction, meta: CallMeta): Promise<TokenStatus>;
  extend(serial: string, change: { lifetimeMs?: number; expiresAt?: string }, meta: CallMeta): Promise<TokenStatus>;
  setPin(serial: string, pin: string | null, meta: CallMeta): Promise<TokenStatus>;
  requestReplacement(serial: string, meta: CallMeta): Promise<TokenStatus>;
  replace(serial: string, replacement: Replacement, meta: CallMeta): Promise<TokenStatus>;
  requestOnDemand(serial: string, meta: CallMeta): Promise<OnDemandSent>;
  /**
   * A login prompt's PIN alone (the gateway's challenge flow): an on-demand code from the user's
   * token in on-demand EA that has this PIN, filed as self-service; null when none was sent, for
   * whatever reason (unknown user included).
   */
  requestOnDemandByUser(userId: string, pin: string): Promise<OnDemandSent | null>;
  /**
   * An outside system's reports (the `reportLost`/`reportFound` signals, origin `system`): checked
   * by the workflow's schema, signed, sent, and not answered.
   */
  reportLost(serial: string, report: SystemLostReport, meta: CallMeta): Promise<ReportSent>;
  reportFound(serial: string, meta: CallMeta): Promise<ReportSent>;
  /** `via`: the gateway front end the passcode came through; the audit names it (spec §7). */
  authenticate(userId: string, passcode: string, serial?: string, via?: string): Promise<AuthResult>;
  getUser(id: string): Promise<User | null>;
  policy(): Promise<Policy>;
  /** Answers once every token was told, unless `broadcast.wait` is false (then: once committed). */
  setPolicy(assignments: Record<string, string>, meta: CallMeta, broadcast?: BroadcastWait): Promise<Policy>;
  policyHistory(): Promise<PolicyChange[]>;
  outbox(): Promise<OutboxMessage[]>;
  /** Audit records of every token, newest last; the live event feed polls it with `since`. */
  auditFeed(since?: string): Promise<AuditRecord[]>;
  /** The principal registry (`ea-principals`); empty before the first admin is registered. */
  principals(): Promise<PrincipalRecord[]>;
  /**
   * Registers the first admin, signed by `key` itself (not by the service's signer); refused once
   * the registry has an admin.
   */
  initPrincipals(key: PrincipalKey, meta?: CallMeta): Promise<PrincipalRecord>;
  /** Both answer once every workflow was told, unless `broadcast.wait` is false (then: once committed). */
  addPrincipal(principal: NewPrincipal, meta: CallMeta, broadcast?: BroadcastWait): Promise<PrincipalRecord>;
  revokePrincipal(name: string, meta: CallMeta, broadcast?: BroadcastWait): Promise<PrincipalRecord>;
  /**
   * A mass incident (issue 18 item 3): each selected token reported lost, durably, by the workers'
   * `incident` principal. Its id is the request id (`meta.requestId`, else a fresh one): starting
   * the same incident again answers with it as it is.
   */
  startIncident(incident: NewIncident, meta: CallMeta): Promise<IncidentStatus>;
  incidentStatus(id: string): Promise<IncidentStatus>;
  controlIncident(id: string, action: Control, meta: CallMeta): Promise<IncidentStatus>;
}

/** Errors carry the CLI's exit-code classes (spec §8). */
export type EaErrorCode = 'refused' | 'invalid' | 'not-found' | 'unavailable';

export class EaError extends Error {
  constructor(
    readonly code: EaErrorCode,
    message: string,
    readonly fields: { field: string; message: string }[] = [],
    /** `cause`: the error this one classifies, kept for what the code alone does not say. */
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'EaError';
  }

  /** 1 refused, 2 bad usage or input, 3 server or worker unreachable. */
  get exitCode(): 1 | 2 | 3 {
    if (this.code === 'refused') return 1;
    if (this.code === 'unavailable') return 3;
    return 2;
  }
}

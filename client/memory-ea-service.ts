// EaService in memory, for the CLI's and the dashboard's tests and the dashboard benchmark: the
// workflows' own entities (TokenEntity, UserEntity, PolicyEntity, PrincipalEntity) on plain ports,
// sent the payloads TemporalEaService sends and checked by the same contract parsers, so every rule,
// refusal, audit record and message is the product's. Its principal (a key it is given, or a fresh
// `admin` key) is every payload's actor; the registry's messages are signed as TemporalEaService
// signs them, since PrincipalEntity verifies them; the others go unsigned, as nothing here checks.
// Calls are composed of messages as TemporalEaService composes them (addToken = attach + assign,
// replace, unassign, authenticate across the user's tokens), and fail with the same EaErrors. Time
// is an injected clock; timers fire lazily (memory-token.ts).
import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import { incidentRequestId, PRINCIPALS_WORKFLOW_ID, USER_SERIALS_MEMO } from '../contract/messages.js';
import {
  control,
  incidentStatus,
  recordPage,
  startIncident,
  type Control,
  type IncidentProgress,
  type IncidentStatus,
  type PageOutcome,
} from '../domain/incident.js';
import { preferredChannel } from '../workflows/user-contact.js';
import { parse, type ParseResult } from '../contract/payload-schemas.js';
import { acceptedAttemptIn } from '../domain/audit.js';
import { DEFAULT_POLICY } from '../domain/policy.js';
import { holderOf } from '../domain/status.js';
import type { AuditRecord, Policy, PolicyChange, User } from '../domain/types.js';
import type { AuthResult, LostResult, TokenStatus } from '../domain/views.js';
import type { PrincipalRecord } from '../trust/principal.js';
import { PolicyEntity } from '../workflows/policy-entity.js';
import { EMPTY_REGISTRY, PrincipalEntity } from '../workflows/principal-entity.js';
import type { TokenEntity } from '../workflows/token-entity.js';
import { UserEntity } from '../workflows/user-entity.js';
import { validatorOf } from '../workflows/validate.js';
import {
  EaError,
  type CallMeta,
  type EaService,
  type LostOptions,
  type NewIncident,
  type NewPrincipal,
  type NewToken,
  type OperatorAction,
  type Replacement,
  type OutboxMessage,
  type ReportSent,
  type SystemLostReport,
  type TokenListItem,
  type UserInput,
} from './ea-service.js';
import { assignmentOf, pinHashOf, sealedPasscodeOf } from './outgoing-secrets.js';
import { replaceToken } from './replace-token.js';
import { AuthenticateByUser } from './authenticate-by-user.js';
import { checkMayHold } from './token-holder.js';
import { eaErrorOfFailure } from './failure-ea-error.js';
import { ADMIN_PRINCIPAL, generateKey, publicKeyText, type PrincipalKey } from './keys.js';
import { MemoryOutbox, type SentMessage } from './memory-outbox.js';
import { MemoryToken, type MemoryTokenHost } from './memory-token.js';
import { keySigner, type Signer } from './signer.js';
import { openLostAnswer } from './open-lost-answer.js';
import { createCodeActivities } from '../activities/codes.js';
import { createPasscodeCheck } from '../activities/passcode-check.js';
import { generateWorkerKeyRing } from '../worker/codec/worker-key.js';

export interface MemoryEaServiceOptions {
  /** Workflow time in epoch milliseconds (default `Date.now`); timers fire by it. */
  clock?: () => number;
  /** Who acts (default: a fresh key named `admin`); it signs by `clock`, as the registry checks by it. */
  key?: PrincipalKey;
}

const requestIdOf = (meta: CallMeta) => meta.requestId ?? randomUUID();

/** What an update's validator lets through, as its handler receives it; else its `invalid` failure. */
function validated<T>(parser: (input: unknown) => ParseResult<T>, payload: T, check?: (value: T) => void): T {
  validatorOf(parser, check).validator(payload);
  return payload;
}

/** Runs a call; a workflow's ApplicationFailure becomes the EaError TemporalEaService answers with. */
async function answered<T>(call: () => T | Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw error instanceof ApplicationFailure ? eaErrorOfFailure(error) : error;
  }
}

/** An update applied once per request id (token-handlers.ts). */
const once =
  <P extends { requestId: string }, R>(body: (entity: TokenEntity, payload: P) => R) =>
  (entity: TokenEntity, payload: P): R => {
    entity.once(payload.requestId);
    return body(entity, payload);
  };

/** A signal as a token's handler takes it: bad input is recorded, never thrown. */
function signalled<T>(entity: TokenEntity, what: string, parsed: ParseResult<T>, apply: (value: T) => void): void {
  if (parsed.ok) apply(parsed.value);
  else entity.rejectSignal(what, parsed.message);
}

export class MemoryEaService implements EaService {
  private readonly clock: () => number;
  private readonly tokens = new Map<string, MemoryToken>();
  private readonly users = new Map<string, UserEntity>();
  private readonly policyDocument = new PolicyEntity({ policy: DEFAULT_POLICY, history: [] });
  /** The audit sink's file: every record exported, in order. */
  private readonly feed: AuditRecord[] = [];
  /** The workers' key of this in-memory deployment: seeds and delivered codes are sealed to it. */
  private readonly workerKeys = generateWorkerKeyRing();
  private readonly mail = new MemoryOutbox(this.workerKeys);
  private readonly host: MemoryTokenHost;
  private readonly registry: PrincipalEntity;
  /** The strategy the Temporal service uses, over the entities; no floor: nothing here is timed. */
  private readonly byUser = new AuthenticateByUser(
    {
      userMemo: async (userId) => {
        const user = this.users.get(userId)?.user;
        if (!user) throw new EaError('not-found', `unknown user ${userId}`);
        return { [USER_SERIALS_MEMO]: user.serials };
      },
      getUser: (userId) => this.getUser(userId),
      authenticate: (serial, { passcode, ...request }) =>
        this.update(
          serial,
          parse.authenticate,
          {
            ...request,
            requestId: randomUUID(),
            actor: this.actor,
            sealedPasscode: sealedPasscodeOf(passcode, this.workerKeys.current.publicKey),
          },
          (entity, value) => entity.authenticate(value),
        ),
      status: (serial) => this.status(serial),
      requestOnDemand: (serial, pin) => {
        const payload = {
          requestId: randomUUID(),
          actor: this.actor,
          origin: 'self-service' as const,
          sealedPin: sealedPasscodeOf(pin, this.workerKeys.current.publicKey),
        };
        return this.update(serial, parse.requestOnDemand, payload, (entity, value) => entity.requestOnDemand(value));
      },
      settleAttempt: (serial, request) =>
        this.update(
          serial,
          parse.settleAttempt,
          { ...request, requestId: randomUUID(), actor: this.actor },
          (entity, value) => entity.settleAttempt(value),
        ),
    },
    0,
  );
  /** Signs the registry's messages; its principal is every payload's actor. */
  readonly signer: Signer;
  /** The signer's registered public key: what codes shown to it are sealed to. */
  private readonly publicKey: string;

  constructor(options: MemoryEaServiceOptions = {}) {
    this.clock = options.clock ?? Date.now;
    const key = options.key ?? generateKey(ADMIN_PRINCIPAL);
    this.signer = keySigner(key, this.clock);
    this.publicKey = publicKeyText(key);
    this.registry = new PrincipalEntity(EMPTY_REGISTRY, (records) => void this.feed.push(...records));
    this.host = {
      clock: this.clock,
      lookupUser: (userId) => this.users.get(userId)?.user ?? null,
      acceptedAttempt: (serial, attempt) => {
        const state = this.tokens.get(serial)?.entity.state;
        return state ? acceptedAttemptIn(state.audit, attempt) : null;
      },
      exportAudit: (records) => void this.feed.push(...records),
      outbox: this.mail,
      ...createCodeActivities(this.workerKeys),
      ...createPasscodeCheck(this.workerKeys),
    };
  }

  // ── plumbing ─────────────────────────────────────────────────────────────────────────────────

  /** Who acts: the signer's principal. */
  private get actor(): string {
    return this.signer.principal;
  }

  /** A token's workflow; none is `not-found`, worded as TemporalEaService words it. */
  private token(serial: string): MemoryToken {
    const token = this.tokens.get(serial);
    if (!token) throw new EaError('not-found', `unknown token ${serial}`);
    return token;
  }

  private user(userId: string): UserEntity {
    const user = this.users.get(userId);
    if (!user) throw new EaError('not-found', `unknown user ${userId}`);
    return user;
  }

  /** An update to a token: validated, then handled after what is queued before it. */
  private update<P, R>(
    serial: string,
    parser: (input: unknown) => ParseResult<P>,
    payload: P,
    body: (entity: TokenEntity, payload: P) => R | Promise<R>,
  ): Promise<R> {
    return answered(() => this.token(serial).run((entity) => body(entity, validated(parser, payload))));
  }

  private async attach(userId: string, serial: string, requestId: string): Promise<void> {
    const link = { ...validated(parse.tokenLink, { requestId, serial }), actor: this.actor };
    await answered(() => this.user(userId).attach(link));
  }

  /** The user workflow's detach signal; a serial the user does not hold is ignored. */
  private detach(userId: string, serial: string): void {
    const parsed = parse.tokenLink({ requestId: randomUUID(), serial });
    if (parsed.ok) this.user(userId).detach(parsed.value);
  }

  /** The user workflow's userChanged signals: fire-and-forget, each token queues it in order. */
  private tellTokens(user: User): void {
    for (const serial of user.serials) void this.tokens.get(serial)?.run((entity) => entity.userChanged());
  }

  // ── users and tokens ─────────────────────────────────────────────────────────────────────────

  async putUser(input: UserInput, meta: CallMeta) {
    const payload = { ...input, requestId: requestIdOf(meta), actor: this.actor };
    // Update-with-start: the user's workflow exists from here on, even when the update is refused.
    let user = this.users.get(input.id);
    if (!user) {
      // The memo of serials (serialsChanged) has no reader here: authenticate reads the entity.
      user = new UserEntity(input.id, null, {
        serialsChanged: () => undefined,
        recordChanged: (record) => this.tellTokens(record),
        tokenOwner: (serial) => this.status(serial).then(holderOf, () => null),
        exportAudit: (records) => void this.feed.push(...records),
        now: this.clock,
      });
      this.users.set(input.id, user);
    }
    const entity = user;
    return answered(() => entity.put(validated(parse.putUser, payload)));
  }

  async getUser(id: string): Promise<User | null> {
    return this.users.get(id)?.user ?? null;
  }

  /** As the Temporal service does it: assigned first, then the user attaches what the token confirms. */
  async addToken(token: NewToken, meta: CallMeta) {
    const requestId = requestIdOf(meta);
    checkMayHold(await this.getUser(token.userId), token.userId, token.serial);
    if (!this.tokens.has(token.serial))
      this.tokens.set(token.serial, new MemoryToken(token.serial, this.policyDocument.policy, this.host));
    const assigned = await this.update(
      token.serial,
      parse.assignToken,
      {
        ...assignmentOf(token, this.workerKeys.current.publicKey),
        requestId,
        actor: this.actor,
        origin: 'operator' as const,
      },
      (entity, payload) => entity.assign(payload),
    ).catch((error: unknown) => {
      // A workflow started for an assignment that failed answers no status; here it is not kept.
      if (!this.tokens.get(token.serial)?.entity.state) this.tokens.delete(token.serial);
      throw error;
    });
    const link = { ...validated(parse.tokenLink, { requestId, serial: token.serial }), actor: this.actor };
    await answered(() => this.user(token.userId).attach(link));
    return assigned;
  }

  async listTokens(): Promise<TokenListItem[]> {
    // Visibility holds what the workflows have upserted by now: what is due fires first.
    const tokens = [...this.tokens.values()];
    await Promise.all(tokens.filter((token) => token.due).map((token) => token.run(() => undefined)));
    return tokens.flatMap((token) => (token.row ? [token.row] : []));
  }

  status(serial: string): Promise<TokenStatus> {
    return answered(() => this.token(serial).run((entity) => entity.status()));
  }

  audit(serial: string): Promise<AuditRecord[]> {
    return answered(() => this.token(serial).run((entity) => [...entity.audit()]));
  }

  // ── emergency access and operator actions ────────────────────────────────────────────────────

  async lost(serial: string, options: LostOptions, meta: CallMeta): Promise<LostResult> {
    const { selfService, ...request } = options;
    const origin = selfService ? ('self-service' as const) : ('operator' as const);
    const payload = { ...request, requestId: requestIdOf(meta), actor: this.actor, origin };
    const answer = await this.update(
      serial,
      parse.reportLost,
      payload,
      once((entity, value) => entity.reportLost(value, this.publicKey)),
    );
    return openLostAnswer(answer, this.signer);
  }

  async action(serial: string, action: OperatorAction, meta: CallMeta): Promise<TokenStatus> {
    const base = { requestId: requestIdOf(meta), actor: this.actor, origin: 'operator' as const };
    if (action === 'found')
      return this.update(
        serial,
        parse.requestMeta,
        base,
        once((entity, value) => entity.reportFound(value)),
      );
    if (action === 'clear')
      return this.update(
        serial,
        parse.requestMeta,
        base,
        once((entity, value) => entity.clear(value)),
      );
    const user = action === 'unassign' ? (await this.status(serial)).user : null;
    const status = await this.update(
      serial,
      parse.operatorAction,
      { ...base, action },
      once((entity, value) => entity.operatorAction(value)),
    );
    if (user) this.detach(user, serial);
    return status;
  }

  extend(serial: string, change: { lifetimeMs?: number; expiresAt?: string }, meta: CallMeta): Promise<TokenStatus> {
    const payload = { ...change, requestId: requestIdOf(meta), actor: this.actor, origin: 'operator' as const };
    return this.update(
      serial,
      parse.extend,
      payload,
      once((entity, value) => entity.extend(value)),
    );
  }

  async setPin(serial: string, pin: string | null, meta: CallMeta): Promise<TokenStatus> {
    const hash = pin === null ? null : pinHashOf(pin);
    const payload = { pin: hash, requestId: requestIdOf(meta), actor: this.actor, origin: 'operator' as const };
    return this.update(
      serial,
      parse.setPin,
      payload,
      once((entity, value) => entity.setPin(value)),
    );
  }

  requestReplacement(serial: string, meta: CallMeta): Promise<TokenStatus> {
    const payload = { requestId: requestIdOf(meta), actor: this.actor, origin: 'operator' as const };
    return this.update(
      serial,
      parse.requestMeta,
      payload,
      once((entity, value) => entity.requestReplacement(value)),
    );
  }

  /** The new token assigned, then the old one retired: all or nothing for the user (client/replace-token.ts). */
  replace(serial: string, replacement: Replacement, meta: CallMeta): Promise<TokenStatus> {
    return replaceToken(
      {
        status: (s) => this.status(s),
        getUser: (id) => this.getUser(id),
        addToken: (token, m) => this.addToken(token, m),
        retire: (s, newSerial, requestId) =>
          this.update(
            s,
            parse.assignReplacement,
            { newSerial, requestId, actor: this.actor, origin: 'operator' as const },
            once((entity, value) => entity.assignReplacement(value)),
          ),
        attach: (userId, s) => this.attach(userId, s, randomUUID()),
        detach: async (userId, s) => this.detach(userId, s),
      },
      serial,
      replacement,
      requestIdOf(meta),
    );
  }

  requestOnDemand(serial: string, meta: CallMeta) {
    const payload = { requestId: requestIdOf(meta), actor: this.actor, origin: 'operator' as const };
    return this.update(
      serial,
      parse.requestOnDemand,
      payload,
      once((entity, value) => entity.requestOnDemand(value)),
    );
  }

  /** As the Temporal service does it: see AuthenticateByUser. */
  requestOnDemandByUser(userId: string, pin: string) {
    return this.byUser.requestOnDemand(userId, pin);
  }

  /**
   * The signals as the token's handlers take them (checked before sending, as client/system-reports.ts
   * checks them; a refusal audited, never answered). Nothing here checks signatures or roles: the
   * actor is this service's principal, and a repeated request id is dropped without the `replayed`
   * record the workflow's trust check writes.
   */
  reportLost(serial: string, report: SystemLostReport, meta: CallMeta): Promise<ReportSent> {
    const payload = { ...report, requestId: requestIdOf(meta), actor: this.actor, origin: 'system' as const };
    return this.signal(serial, parse.reportLost(payload), (entity, value) => entity.reportLost(value, null));
  }

  reportFound(serial: string, meta: CallMeta): Promise<ReportSent> {
    const payload = { requestId: requestIdOf(meta), actor: this.actor, origin: 'system' as const };
    return this.signal(serial, parse.requestMeta(payload), (entity, value) => entity.reportFound(value));
  }

  private async signal<P extends { requestId: string }>(
    serial: string,
    parsed: ParseResult<P>,
    body: (entity: TokenEntity, value: P) => unknown,
  ): Promise<ReportSent> {
    if (!parsed.ok) throw new EaError('invalid', parsed.message);
    const { requestId } = parsed.value;
    // Handled before this returns, so tests read the outcome at once; a signal's refusal is not thrown.
    await this.token(serial)
      .run(async (entity) => {
        if (entity.acceptSignal(requestId)) await body(entity, parsed.value);
      })
      .catch((error: unknown) => {
        if (!(error instanceof ApplicationFailure)) throw error;
      });
    return { serial, requestId, sent: true };
  }

  /** As the Temporal service does it: see AuthenticateByUser. */
  authenticate(userId: string, passcode: string, serial?: string, via?: string): Promise<AuthResult> {
    return this.byUser.authenticate(userId, passcode, serial, via);
  }

  // ── policy, outbox, audit ────────────────────────────────────────────────────────────────────

  async policy(): Promise<Policy> {
    return this.policyDocument.policy;
  }

  /** A change is audited, then broadcast: every token hears it (policyChanged), as from the activity. */
  async setPolicy(assignments: Record<string, string>, meta: CallMeta): Promise<Policy> {
    const document = this.policyDocument;
    const payload = { assignments, requestId: requestIdOf(meta), actor: this.actor };
    // The validator checks the change too, so a refused one leaves no trace in the history.
    const { policy, record } = await answered(() =>
      document.set(
        validated(parse.setPolicy, payload, (value) => document.check(value)),
        this.clock(),
      ),
    );
    if (!record) return policy;
    this.feed.push(record);
    const broadcast = [...this.tokens.values()].map((token) =>
      token.run((entity) =>
        signalled(entity, 'policyChanged', parse.policyRecord(policy), (value) => entity.policyChanged(value)),
      ),
    );
    await Promise.all(broadcast);
    return policy;
  }

  async policyHistory(): Promise<PolicyChange[]> {
    return [...this.policyDocument.history];
  }

  async outbox(): Promise<OutboxMessage[]> {
    return this.mail.list();
  }

  /** Newest last; `since` is exclusive, as in TemporalEaService's reading of the audit file. */
  async auditFeed(since?: string): Promise<AuditRecord[]> {
    return since ? this.feed.filter((record) => record.at > since) : [...this.feed];
  }

  // ── the principal registry ───────────────────────────────────────────────────────────────────

  async principals(): Promise<PrincipalRecord[]> {
    return this.registry.list();
  }

  async initPrincipals(key: PrincipalKey, meta: CallMeta = {}): Promise<PrincipalRecord> {
    const payload = { requestId: requestIdOf(meta), name: key.principal, publicKey: publicKeyText(key) };
    const signed = keySigner(key, this.clock).sign(PRINCIPALS_WORKFLOW_ID, 'initPrincipals', payload);
    return answered(() =>
      this.registry.init(validated(parse.initPrincipals, signed), PRINCIPALS_WORKFLOW_ID, this.clock()),
    );
  }

  async addPrincipal(principal: NewPrincipal, meta: CallMeta): Promise<PrincipalRecord> {
    const signed = this.signer.sign(PRINCIPALS_WORKFLOW_ID, 'addPrincipal', {
      ...principal,
      requestId: requestIdOf(meta),
    });
    return answered(() =>
      this.registry.add(validated(parse.addPrincipal, signed), PRINCIPALS_WORKFLOW_ID, this.clock()),
    );
  }

  async revokePrincipal(name: string, meta: CallMeta): Promise<PrincipalRecord> {
    const signed = this.signer.sign(PRINCIPALS_WORKFLOW_ID, 'revokePrincipal', { name, requestId: requestIdOf(meta) });
    return answered(() =>
      this.registry.revoke(validated(parse.revokePrincipal, signed), PRINCIPALS_WORKFLOW_ID, this.clock()),
    );
  }

  // ── for tests ────────────────────────────────────────────────────────────────────────────────

  /** The messages a token sent, oldest first, with their bodies: where tests read delivered codes. */
  sent(serial: string): SentMessage[] {
    return this.mail.sentBy(serial);
  }

  // ── incidents: run to the end at once, in this process (the workflow pages and survives restarts) ──

  private readonly incidents = new Map<
    string,
    { progress: IncidentProgress; status: (p: IncidentProgress) => IncidentStatus }
  >();

  async startIncident(incident: NewIncident, meta: CallMeta): Promise<IncidentStatus> {
    const id = requestIdOf(meta);
    const known = this.incidents.get(id);
    if (known) return known.status(known.progress);
    const request = validated(parse.startIncident, { ...incident, requestId: id, actor: this.actor });
    const { selection } = request;
    const serials =
      'serials' in selection
        ? selection.serials
        : (await this.listTokens())
            .filter((t) =>
              'state' in selection ? t.state === selection.state : t.user?.startsWith(selection.userPrefix),
            )
            .map((t) => t.serial);
    const page: PageOutcome = { done: 0, failed: 0, failures: [], next: null };
    for (const serial of serials) {
      try {
        const { user } = await this.status(serial);
        const contact = user === null ? null : await this.getUser(user);
        const delivery = request.delivery ?? (contact && preferredChannel(contact));
        if (!delivery) throw new EaError('refused', 'the user has no contact on file');
        const options = { reason: request.reason, kind: request.kind, delivery };
        await this.lost(serial, options, { requestId: incidentRequestId(id, serial) });
        page.done++;
      } catch (error) {
        if (!(error instanceof EaError) || error.code === 'unavailable') throw error;
        page.failed++;
        page.failures.push({ serial, reason: error.message });
      }
    }
    const startedAt = new Date(this.clock()).toISOString();
    const asked = { reason: request.reason, kind: request.kind ?? null, delivery: request.delivery ?? null };
    const entry = {
      progress: recordPage(startIncident(serials.length), page),
      status: (p: IncidentProgress) => incidentStatus(id, p, { ...asked, startedBy: this.actor, startedAt }),
    };
    this.incidents.set(id, entry);
    return entry.status(entry.progress);
  }

  async incidentStatus(id: string): Promise<IncidentStatus> {
    const known = this.incidents.get(id);
    if (!known) throw new EaError('not-found', `incident ${id} has not started`);
    return known.status(known.progress);
  }

  async controlIncident(id: string, action: Control): Promise<IncidentStatus> {
    const known = this.incidents.get(id);
    if (!known) throw new EaError('refused', `incident ${id} has not started`);
    const outcome = control(known.progress, action);
    if (!outcome.ok) throw new EaError('refused', outcome.message);
    known.progress = outcome.progress;
    return known.status(known.progress);
  }
}

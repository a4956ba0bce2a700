// One token's emergency access as an entity (the safe-message-handlers sample's manager class): the
// state, the policy it runs under, the user's record as last learned, and the outbox of messages.
// Every change goes through `commit`, which exports the audit records and publishes the status.
// No Temporal import: the workflow supplies its ports (activities, sink, search attributes, workflow
// time), and the in-memory service runs the same class on plain functions.
import type { CodesRequest, IssuedCodes } from '../activities/codes.js';
import type { PasscodeCheck, PinCheck } from '../activities/passcode-check.js';
import type { PasscodeVerdict } from '../domain/passcode-verdict.js';
import { verdictSubject } from '../domain/passcode-verdict.js';
import type { DeliveryRequest, HeldMessage } from '../contract/delivery.js';
import { invalid, refused } from '../contract/failures.js';
import type {
  AssignTokenPayload,
  AuthenticatePayload,
  ExtendPayload,
  OperatorActionPayload,
  ReportLostPayload,
  RequestMetaPayload,
  RequestOnDemandPayload,
  SetPinPayload,
  SettleAttemptPayload,
} from '../contract/payload-schemas.js';
import { recordEvent, sinkRefusal, type AuditEvent } from '../domain/audit.js';
import { formatDuration } from '../domain/duration.js';
import { isDuplicateRequest, rememberRequest } from '../domain/idempotency.js';
import { DEFAULT_POLICY } from '../domain/policy.js';
import { toStatus } from '../domain/status.js';
import type { Ctx, Effect, Refusal, Step } from '../domain/step.js';
import { newTokenState } from '../domain/token-assign.js';
import { authenticate, notThisUsers, settleAttempt } from '../domain/token-authenticate.js';
import {
  clearEmergency,
  extendEmergency,
  planEmergency,
  reportFound,
  startEmergency,
} from '../domain/token-emergency.js';
import { issueOnDemandCode, planOnDemandCode } from '../domain/token-on-demand.js';
import { disable, enable, rejectInput, setPinHash, unassign, unlock } from '../domain/token-operator.js';
import { requestReplacement, retireAsReplaced } from '../domain/token-replacement.js';
import type { TokenState } from '../domain/token-state.js';
import { fireDueTimers, nextDeadline } from '../domain/token-timers.js';
import type { AuditRecord, Channel, Origin, Policy, Requester, User } from '../domain/types.js';
import type { AuthResult, LostAnswer, TokenStatus } from '../domain/views.js';
import { KnownUser } from './known-user.js';
import { messageForCodes, messageForNotice } from './token-messages.js';
import { addressFor, preferredChannel } from './user-contact.js';

/** What a token entity needs from outside: I/O, time and identifiers. */
export interface TokenPorts {
  /** Workflow time in a workflow. */
  now(): number;
  /** A fresh identifier for a queued message (deterministic in a workflow). */
  newId(): string;
  /** Codes for a request, sealed in the worker (activities/codes.ts); the same request, the same codes. */
  generateCodes(request: CodesRequest): Promise<IssuedCodes>;
  /** A sealed passcode checked in a worker, which alone reads it and the seed (activities/passcode-check.ts). */
  checkPasscode(check: PasscodeCheck): Promise<PasscodeVerdict>;
  /** Whether a sealed PIN is the token's: a worker opens it, the workflow never reads it. */
  checkPin(check: PinCheck): Promise<boolean>;
  lookupUser(userId: string): Promise<User | null>;
  /** The user of token `serial` when its audit shows it accepted by-user `attempt`; else null. */
  acceptedAttempt(serial: string, attempt: string): Promise<string | null>;
  exportAudit(records: AuditRecord[]): void;
  /** The token's status changed (search attributes in a workflow). */
  publish(status: TokenStatus): void;
}

/** What continue-as-new carries: the workflow's input. */
export interface TokenSnapshot {
  serial: string;
  state?: TokenState;
  policy?: Policy;
  user?: User;
  /** Messages that failed to go out and are tried again (token-workflow's delivery). */
  held?: HeldMessage[];
}

export type AssignResult = { outcome: 'created' | 'unchanged'; status: TokenStatus };
export type OnDemandResult = { serial: string; expiresAt: string; channel: Channel };

function byteLength(value: unknown): number {
  return new TextEncoder().encode(JSON.stringify(value)).length;
}

/** Turns a refusal the core returned into the failure an update answers with. */
function failureFor(result: Refusal) {
  return result.code === 'invalid' ? invalid(result.message) : refused(result.message);
}

const OPERATOR_ACTIONS = { unlock, disable, enable, unassign };

/**
 * How old the token's copy of the policy may be when it decides an emergency; older, it is read
 * again first: a broadcast can miss a token (one that started while it ran, a signal that failed).
 */
export const POLICY_RECHECK_MS = 3_600_000;

/**
 * What continue-as-new may carry, in bytes of JSON: well under the server's 2 MB payload limit
 * (and its 512 KB warning), whatever the audit's records hold. Past it, the oldest records of
 * the state's audit go first; they were exported when they were made.
 */
export const SNAPSHOT_BYTES = 400_000;

export class TokenEntity {
  readonly serial: string;
  private current: TokenState | null;
  private activePolicy: Policy;
  private readonly known: KnownUser;
  /**
   * Notices the core asked for, until the user's record is at hand to address them, each with the
   * moment that caused it (see `momentOf`): the time a queued notice carries.
   */
  readonly notices: Array<{ effect: Effect; at: number }> = [];
  /** Messages waiting for delivery. */
  readonly messages: DeliveryRequest[] = [];
  /** Messages that failed to go out, tried again with backoff until their EA ends. */
  readonly held: HeldMessage[];
  /** Where the lifetime timer should stand; follows every change of state or policy. */
  deadlineAt: number | null = null;
  /** When the policy was last read from the policy workflow; null: not in this run. */
  private policyReadAt: number | null = null;

  constructor(
    snapshot: TokenSnapshot,
    private readonly ports: TokenPorts,
  ) {
    this.serial = snapshot.serial;
    this.current = snapshot.state ?? null;
    this.activePolicy = snapshot.policy ?? DEFAULT_POLICY;
    this.known = new KnownUser(snapshot.user);
    this.held = snapshot.held ?? [];
    this.refreshDeadline();
  }

  snapshot(): TokenSnapshot {
    const snapshot = {
      serial: this.serial,
      state: this.current ?? undefined,
      policy: this.activePolicy,
      user: this.known.snapshot,
      held: this.held,
    };
    while (snapshot.state?.audit.length && byteLength(snapshot) > SNAPSHOT_BYTES) {
      const { audit } = snapshot.state;
      snapshot.state = { ...snapshot.state, audit: audit.slice(Math.ceil(audit.length / 4)) };
    }
    return snapshot;
  }

  get policy(): Policy {
    return this.activePolicy;
  }

  /** The state, or null before assignment. */
  get state(): TokenState | null {
    return this.current;
  }

  // ── the one way state changes ────────────────────────────────────────────────────────────────

  /** `at`: the moment that caused the step, which its notices carry (workflow time by default). */
  commit<R>(step: Step<R>, at = this.ports.now()): R {
    this.current = step.state;
    if (step.records.length > 0) this.ports.exportAudit(step.records);
    this.notices.push(...step.effects.map((effect) => ({ effect, at })));
    this.ports.publish(toStatus(step.state, this.activePolicy, this.ports.now()));
    this.refreshDeadline();
    return step.result;
  }

  /** Commits the step; a refusal becomes the update's failure (after being audited). */
  private answer<R extends { ok: boolean }>(step: Step<R>, at?: number): Exclude<R, Refusal> {
    const result = this.commit(step, at);
    if (!result.ok) throw failureFor(result as unknown as Refusal);
    return result as Exclude<R, Refusal>;
  }

  /** Audits a refusal the shell itself decides, and answers with it. */
  private refuse(requester: Requester, message: string): never {
    this.commit(
      recordEvent(this.assigned(), { type: 'refused', outcome: 'refused', reason: message }, this.ctx(requester)),
    );
    throw refused(message);
  }

  /** Audits an outcome the shell observed (a delivery). */
  record(event: AuditEvent, requester: Requester): void {
    this.commit(recordEvent(this.assigned(), event, this.ctx(requester)));
  }

  private ctx(requester: Requester): Ctx {
    return { nowMs: this.ports.now(), policy: this.activePolicy, requester };
  }

  private assigned(): TokenState {
    if (!this.current) throw refused(`token ${this.serial} is not assigned`);
    return this.current;
  }

  private refreshDeadline(): void {
    this.deadlineAt = this.current ? (nextDeadline(this.current, this.activePolicy)?.at ?? null) : null;
  }

  // ── reads ────────────────────────────────────────────────────────────────────────────────────

  status(): TokenStatus {
    const undelivered = this.held.map(({ message, failures, lastError, nextAttemptAt, giveUpAt }) => ({
      template: message.template,
      channel: message.channel,
      failures,
      lastError,
      nextAttemptAt: new Date(nextAttemptAt).toISOString(),
      giveUpAt: new Date(giveUpAt).toISOString(),
    }));
    return { ...toStatus(this.assigned(), this.activePolicy, this.ports.now()), undelivered };
  }

  audit(): AuditRecord[] {
    return this.assigned().audit;
  }

  // ── requests ─────────────────────────────────────────────────────────────────────────────────

  /** Remembers an update's request id, so a retried request is not applied twice. */
  once(requestId: string): void {
    const current = this.assigned();
    if (isDuplicateRequest(current, requestId, this.ports.now()))
      throw refused(`request ${requestId} was already handled`);
    this.current = rememberRequest(current, requestId, this.ports.now());
  }

  /** A signal's request: false (and nothing recorded) for a duplicate or before assignment. */
  acceptSignal(requestId: string): boolean {
    const current = this.current;
    if (!current || isDuplicateRequest(current, requestId, this.ports.now())) return false;
    this.current = rememberRequest(current, requestId, this.ports.now());
    return true;
  }

  /** Whether this token already handled the request id (within the 7 days it remembers them). */
  seen(requestId: string): boolean {
    return this.current !== null && isDuplicateRequest(this.current, requestId, this.ports.now());
  }

  /** A signed request refused by the trust check, audited with the principal it claimed. */
  refuseRequest(message: string, claimed: string | null, reason: string, origin: Origin): void {
    const actor = claimed ?? 'unknown';
    if (!this.current) {
      // No trail yet (or any more): the sink alone hears of it.
      const id = `token-${this.serial}:${this.ports.newId()}`;
      const nowMs = this.ports.now();
      this.ports.exportAudit([sinkRefusal({ id, nowMs, serial: this.serial, actor, origin, reason, message })]);
      return;
    }
    const event = { type: 'refused', outcome: 'refused' as const, reason, detail: { message } };
    this.commit(recordEvent(this.current, event, this.ctx({ actor, origin })));
  }

  /** Signals cannot answer: what failed validation is recorded as rejected input. */
  rejectSignal(what: string, message: string): void {
    if (this.current)
      this.commit(rejectInput(this.current, what, message, this.ctx({ actor: 'unknown', origin: 'system' })));
  }

  async assign(payload: AssignTokenPayload): Promise<AssignResult> {
    if (payload.serial !== this.serial)
      throw invalid(`serial ${payload.serial} does not match this workflow (${this.serial})`);
    const tokenExpiresAt = new Date(payload.tokenExpiresAt).toISOString();
    if (this.current?.state === 'retired')
      // Unassigned or replaced: a file imported again must not hand it back to its old user.
      throw refused(`token ${this.serial} is retired (unassigned or replaced); a retired token is not assigned again`);
    if (this.current) {
      const { userId, oath } = this.current;
      const same =
        userId === payload.userId &&
        oath.secretId === payload.oath.secretId &&
        this.current.tokenExpiresAt === tokenExpiresAt;
      if (same) return { outcome: 'unchanged', status: this.status() };
      throw refused(`token ${this.serial} is already assigned; unassign it or use a replacement`);
    }
    const token = {
      serial: this.serial,
      userId: payload.userId,
      oath: payload.oath,
      tokenExpiresAt,
      pin: payload.pin ?? null,
    };
    this.commit(newTokenState(token, this.ctx({ actor: payload.actor, origin: payload.origin })));
    return { outcome: 'created', status: this.status() };
  }

  /**
   * Spec §3 "report lost": an update shows the codes to the caller, sealed to `askedBy` (the verified
   * principal's Ed25519 public key); a signal (`askedBy` null) sends them to the user, sealed to the
   * workers' key until the delivery activity renders them.
   */
  async reportLost(payload: ReportLostPayload, askedBy: string | null): Promise<LostAnswer> {
    const viaSignal = askedBy === null;
    const user = this.userKnown() ?? (await this.lookupUser());
    const requester = { actor: payload.actor, origin: payload.origin };
    const asked = payload.delivery ?? 'display';
    // A system reports a loss for the user (spec §5): the codes go to the user's contact, and a
    // system that asks by update must name it. Shown to the caller, they would be the system's.
    if (!viaSignal && payload.origin === 'system' && asked === 'display')
      this.refuse(requester, "a system's loss report sends the codes to the user's contact on file: give email or sms");
    const channel = viaSignal ? user && preferredChannel(user) : asked === 'display' ? null : asked;
    if (channel && !(user && addressFor(user, channel)))
      this.refuse(requester, `the user has no ${channel} contact on file`);
    const request = { ...payload, delivery: viaSignal ? (channel ?? 'display') : asked };
    const at = this.momentOf(payload);
    const { plan } = this.answer(planEmergency(this.assigned(), request, user, this.ctx(requester)), at);
    const issued =
      plan.count > 0
        ? await this.ports.generateCodes({
            format: plan.format,
            count: plan.count,
            requestKey: this.requestKey(payload.requestId),
            sealTo: channel ? null : askedBy,
          })
        : null;
    this.commit(
      startEmergency(
        this.assigned(),
        plan,
        { hashes: issued?.hashes ?? [], codeLength: plan.format.length },
        this.ctx(requester),
      ),
      at,
    );
    if (channel && user && issued)
      this.messages.push(messageForCodes(user, channel, this.assigned(), issued.sealed, this.stamp(payload)));
    this.queueNotices(user);
    const ea = this.assigned().emergency!;
    return {
      serial: this.serial,
      state: this.assigned().state,
      reason: ea.reason,
      kind: ea.kind,
      sealedCodes: channel ? null : (issued?.sealed ?? null),
      expiresAt: ea.expiresAt,
    };
  }

  reportFound(meta: RequestMetaPayload): TokenStatus {
    return this.change(reportFound(this.assigned(), meta, this.ctx(meta)), meta);
  }

  clear(meta: RequestMetaPayload): TokenStatus {
    return this.change(clearEmergency(this.assigned(), meta, this.ctx(meta)), meta);
  }

  requestReplacement(meta: RequestMetaPayload): TokenStatus {
    return this.change(requestReplacement(this.assigned(), meta, this.ctx(meta)), meta);
  }

  extend(payload: ExtendPayload): TokenStatus {
    return this.change(extendEmergency(this.assigned(), payload, this.ctx(payload)), payload);
  }

  operatorAction(payload: OperatorActionPayload): TokenStatus {
    return this.change(OPERATOR_ACTIONS[payload.action](this.assigned(), payload, this.ctx(payload)), payload);
  }

  assignReplacement(payload: RequestMetaPayload & { newSerial: string }): TokenStatus {
    return this.change(retireAsReplaced(this.assigned(), payload.newSerial, payload, this.ctx(payload)), payload);
  }

  setPin(payload: SetPinPayload): TokenStatus {
    return this.change(setPinHash(this.assigned(), payload.pin, payload, this.ctx(payload)), payload);
  }

  async requestOnDemand(payload: RequestOnDemandPayload): Promise<OnDemandResult> {
    const user = this.userKnown() ?? (await this.lookupUser());
    const pinRight =
      payload.sealedPin === undefined
        ? undefined
        : await this.ports.checkPin({ sealedPin: payload.sealedPin, pin: this.assigned().pin });
    const planned = this.answer(planOnDemandCode(this.assigned(), user, this.ctx(payload), pinRight));
    const format = { ...this.activePolicy.codeFormat, length: planned.codeLength };
    const { sealed, hashes } = await this.ports.generateCodes({
      format,
      count: 1,
      requestKey: this.requestKey(payload.requestId),
      sealTo: null,
    });
    this.commit(issueOnDemandCode(this.assigned(), hashes[0]!, planned.expiresAt, this.ctx(payload)));
    const lifetime = { lifetime: formatDuration(this.activePolicy.onDemand.codeLifetimeMs) };
    // planOnDemandCode refuses a user without the channel's contact, so `user` is there.
    this.messages.push(
      messageForCodes(user!, planned.channel, this.assigned(), sealed, this.stamp(payload), 'on-demand-code', lifetime),
    );
    return { serial: this.serial, expiresAt: planned.expiresAt, channel: planned.channel };
  }

  /**
   * A worker checks the sealed passcode (only it reads the passcode and the seed) and answers a
   * verdict that names no secret; then checking and consuming a one-time code happen in one
   * synchronous step: never spent twice. When the PIN or the codes changed while the worker checked,
   * it checks again (twice at most; after that the verdict on an old PIN proves nothing).
   */
  async authenticate({ sealedPasscode, actor, userId, via, attempt }: AuthenticatePayload): Promise<AuthResult> {
    const ctx = () => this.ctx({ actor: actor ?? 'auth', origin: 'system', ...(via ? { via } : {}) });
    for (let round = 1; ; round++) {
      const before = this.assigned();
      // Another user's token answers a plain rejection: no worker asked, nothing counted.
      if (userId !== undefined && before.userId !== userId) return notThisUsers(before).result;
      const verdict = await this.ports.checkPasscode({
        sealedPasscode,
        subject: verdictSubject(before),
        oath: before.oath,
        nowMs: this.ports.now(),
        lastAcceptedStep: before.lastOathStep,
      });
      const state = this.assigned();
      const changed = state.pin !== before.pin || state.emergency !== before.emergency;
      if (changed && round < 3) continue;
      return this.commit(authenticate(state, verdict, ctx(), attempt));
    }
  }

  /**
   * Ends a by-user attempt here. Whether it was accepted on another token is not believed: that
   * token's own audit must show it, and that token must be this token's user's.
   */
  async settleAttempt({ attempt, acceptedOn, actor }: SettleAttemptPayload): Promise<null> {
    const userId = this.assigned().userId;
    const acceptedElsewhere =
      acceptedOn !== null &&
      acceptedOn !== this.serial &&
      userId !== null &&
      (await this.ports.acceptedAttempt(acceptedOn, attempt)) === userId;
    const ctx = this.ctx({ actor: actor ?? 'auth', origin: 'system' });
    this.commit(settleAttempt(this.assigned(), attempt, acceptedElsewhere, ctx));
    return null;
  }

  /**
   * The lifetime deadline passed: the core applies every due timer. Their notices carry the deadline
   * (the earliest, when several were due), not the task's time, so a task retried later queues them
   * under the same moment.
   */
  fireDueTimers(): void {
    if (!this.current) return;
    const at = this.deadlineAt ?? this.ports.now();
    this.commit(fireDueTimers(this.current, this.ctx({ actor: 'timer', origin: 'timer' })), at);
  }

  // ── what other workflows tell it ─────────────────────────────────────────────────────────────

  /** A newer policy replaces the one the token runs under; an older one is ignored. */
  /** The current policy, as read from the policy workflow (or announced in the in-memory service). */
  policyChanged(next: Policy): void {
    this.policyReadAt = this.ports.now();
    if (next.version <= this.activePolicy.version) return;
    this.activePolicy = next;
    // The version is published with the status: a token left on an older one is found (`ea doctor`).
    if (this.current) this.ports.publish(toStatus(this.current, next, this.ports.now()));
    this.refreshDeadline();
  }

  /** Whether the policy should be read again before the next emergency decision. */
  policyMayBeStale(): boolean {
    return this.policyReadAt === null || this.ports.now() - this.policyReadAt > POLICY_RECHECK_MS;
  }

  /** The user workflow says the record changed: look it up again rather than believe the signal. */
  async userChanged(): Promise<void> {
    const userId = this.current?.userId;
    if (!userId) return;
    const user = await this.ports.lookupUser(userId);
    if (user) this.known.heard(user);
  }

  // ── the user's record and messages ───────────────────────────────────────────────────────────

  /** The user's record when this token already knows it: then no await is needed. */
  userKnown(): User | undefined {
    return this.current?.userId ? this.known.of(this.current.userId) : undefined;
  }

  async lookupUser(): Promise<User | null> {
    const userId = this.current?.userId;
    if (!userId) return null;
    return this.known.of(userId) ?? this.known.lookUp(userId, (id) => this.ports.lookupUser(id));
  }

  /** Notices the core asked for become messages to the user's contact on file, each with its moment. */
  queueNotices(user: User | null): void {
    const notices = this.notices.splice(0);
    const channel = user && preferredChannel(user);
    if (!user || !channel) return;
    for (const { effect, at } of notices)
      this.messages.push(messageForNotice(user, channel, this.assigned(), effect, this.stampAt(at)));
  }

  private change(step: Step<{ ok: boolean }>, request: { envelope?: { at: string } }): TokenStatus {
    this.answer(step, this.momentOf(request));
    return this.status();
  }

  /**
   * The moment a request's messages carry: its signed time, not the workflow task's. A task retried
   * after a worker died re-queues them under the same name (the id is deterministic anyway), so the
   * outbox holds each once (issue #16 item 16). Timers carry their deadline (fireDueTimers); only
   * what nothing requested (deliveries) takes the task's time.
   */
  private momentOf(request?: { envelope?: { at: string } }): number {
    const signedAt = request?.envelope ? Date.parse(request.envelope.at) : NaN;
    return Number.isNaN(signedAt) ? this.ports.now() : signedAt;
  }

  /** A message's id and queue time. */
  private stamp(request?: { envelope?: { at: string } }) {
    return this.stampAt(this.momentOf(request));
  }

  private stampAt(at: number) {
    return { id: this.ports.newId(), queuedAt: new Date(at).toISOString() };
  }

  /** Names a request for code generation: the same request on this token's same history, the same codes. */
  private requestKey(requestId: string): string {
    return `${this.serial}\u0000${requestId}\u0000${this.assigned().auditSeq}`;
  }
}

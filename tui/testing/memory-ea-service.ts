// An in-memory EaService for the dashboard's tests and benchmark: the product's behaviour in
// plain objects, with the timers applied lazily whenever a token is read, and the domain's own
// rules for users, PINs, codes and the policy. Not used in production. It knows emergency codes
// and PINs but not OATH: a token's own tokencode is never accepted here.
import { randomInt } from 'node:crypto';
import { EaError, type CallMeta, type EaService, type LostOptions, type NewToken, type OperatorAction, type OutboxMessage, type TokenListItem, type UserInput } from '../../client/ea-service.js';
import { generateCode } from '../../domain/code-format.js';
import { isValidPin } from '../../domain/passcode.js';
import { applyPolicyAssignments, DEFAULT_POLICY } from '../../domain/policy.js';
import { DAY_MS } from '../../domain/time.js';
import type { AuditRecord, Channel, Origin, Policy, PolicyChange, Reason, User } from '../../domain/types.js';
import { addSerial, contactFor, removeSerial, validateUser } from '../../domain/user.js';
import type { AuthResult, LostResult, TokenStatus } from '../../domain/views.js';

interface Entry {
  status: TokenStatus;
  pin: string | null;
  /** Live emergency codes: the fixed code, or the unused one-time codes. */
  codes: string[];
  onDemandCode: string | null;
  seq: number;
}

function lifetimeRules(policy: Policy, reason: Reason) {
  return reason === 'permanently-lost' ? policy.permanentlyLost : policy.temporarilyUnavailable;
}

export class MemoryEaService implements EaService {
  private readonly tokens = new Map<string, Entry>();
  private readonly users = new Map<string, User>();
  private readonly feed: AuditRecord[] = [];
  private readonly messages: OutboxMessage[] = [];
  private readonly changes: PolicyChange[] = [];
  private current: Policy = DEFAULT_POLICY;

  constructor(private readonly clock: () => number = Date.now) {}

  async putUser(input: UserInput, _meta: CallMeta) {
    const old = this.users.get(input.id);
    const checked = validateUser({
      id: input.id,
      name: input.name ?? old?.name ?? input.id,
      email: input.email === undefined ? (old?.email ?? null) : input.email,
      mobile: input.mobile === undefined ? (old?.mobile ?? null) : input.mobile,
      onDemand: input.onDemand === undefined ? (old?.onDemand ?? null) : input.onDemand,
    });
    if (!checked.ok) throw new EaError('invalid', checked.errors.map((e) => e.message).join('; '), checked.errors);
    const user: User = { ...checked.user, serials: old?.serials ?? [] };
    this.users.set(user.id, user);
    const outcome = !old ? 'created' : JSON.stringify(old) === JSON.stringify(user) ? 'unchanged' : 'updated';
    return { user, outcome } as const;
  }

  async getUser(id: string) {
    return this.users.get(id) ?? null;
  }

  async addToken(token: NewToken, meta: CallMeta) {
    const user = this.users.get(token.userId);
    if (!user) throw new EaError('refused', `user ${token.userId} does not exist; add the user first`);
    if (this.tokens.has(token.serial)) return { status: this.read(token.serial).status, outcome: 'unchanged' as const };
    const held = addSerial(user, token.serial);
    if (!held.ok) throw new EaError(held.code, held.message);
    const entry: Entry = {
      status: {
        serial: token.serial,
        user: user.id,
        state: 'active',
        reason: null,
        kind: null,
        unusedCodes: null,
        expiresAt: null,
        tokenExpiresAt: token.tokenExpiresAt,
        locked: false,
        lockedUntil: null,
        disabled: false,
        replacementEligible: false,
        replacementRequested: false,
        rule: null,
        startedAt: null,
        startedBy: null,
        issuedAt: null,
        delivery: null,
        hasPin: token.pin !== undefined,
        failures: 0,
        replacedBy: null,
        timers: [],
        onDemandCodeExpiresAt: null,
      },
      pin: token.pin ?? null,
      codes: [],
      onDemandCode: null,
      seq: 0,
    };
    this.tokens.set(token.serial, entry);
    this.users.set(user.id, held.user);
    this.record(entry, 'token-assigned', meta.actor, 'operator');
    return { status: this.read(token.serial).status, outcome: 'created' as const };
  }

  async listTokens(): Promise<TokenListItem[]> {
    return [...this.tokens.keys()].map((serial) => {
      const s = this.read(serial).status;
      const flags = [s.locked ? 'locked' : '', s.disabled ? 'disabled' : '', s.replacementRequested ? 'replacement-requested' : s.replacementEligible ? 'replacement-eligible' : ''];
      return { serial, user: s.user, state: s.state, reason: s.reason, kind: s.kind, unusedCodes: s.unusedCodes, expiresAt: s.expiresAt, tokenExpiresAt: s.tokenExpiresAt, flags: flags.filter(Boolean) };
    });
  }

  async status(serial: string) {
    return this.read(serial).status;
  }

  async audit(serial: string) {
    this.read(serial);
    return this.feed.filter((r) => r.serial === serial);
  }

  async auditFeed(since?: string) {
    // Inclusive, like a time-based query: callers recognise repeats by id.
    return since === undefined ? [...this.feed] : this.feed.filter((r) => r.at >= since);
  }

  async lost(serial: string, options: LostOptions, meta: CallMeta): Promise<LostResult> {
    const entry = this.read(serial);
    const s = entry.status;
    const origin: Origin = options.selfService ? 'self-service' : 'operator';
    if (s.state === 'expired' || s.state === 'retired' || s.state === 'unassigned') throw new EaError('refused', `token ${serial} is ${s.state}`);
    if (origin !== 'operator' && !this.current.allowEmergencyAccessMode) throw new EaError('refused', 'the policy does not allow users to start emergency access');
    const regenerate = s.state === 'emergency';
    if (regenerate && !options.regenerate) throw new EaError('refused', `token ${serial} is already in emergency access; regenerate for new codes`);
    const rules = lifetimeRules(this.current, options.reason);
    const now = this.clock();
    const kind = options.kind ?? (regenerate && s.kind ? s.kind : this.current.tokenCode.kind);
    const defaultEnd = regenerate && s.expiresAt ? Date.parse(s.expiresAt) : now + (kind === 'on-demand' ? this.current.onDemand.emergencyLifetimeDays * DAY_MS : rules.lifetimeMs);
    const end = options.expiresAt ? Date.parse(options.expiresAt) : options.lifetimeMs !== undefined ? now + options.lifetimeMs : defaultEnd;
    this.checkEnd(end, now);
    const count = kind === 'one-time-set' ? (options.count ?? this.current.tokenCode.setSize) : kind === 'temporary-fixed' ? 1 : 0;
    const delivery = options.delivery ?? 'display';
    entry.codes = Array.from({ length: count }, () => this.newCode());
    entry.onDemandCode = null;
    entry.status = {
      ...s,
      state: 'emergency',
      reason: options.reason,
      kind,
      unusedCodes: kind === 'one-time-set' ? count : null,
      expiresAt: new Date(end).toISOString(),
      rule: options.ifFound ?? (regenerate ? s.rule : rules.ifTokenBecomesAvailable),
      startedAt: regenerate ? s.startedAt : new Date(now).toISOString(),
      startedBy: regenerate ? s.startedBy : { actor: meta.actor, origin },
      issuedAt: new Date(now).toISOString(),
      delivery,
      onDemandCodeExpiresAt: null,
    };
    this.record(entry, regenerate ? 'ea-regenerated' : 'ea-started', meta.actor, origin, options.reason, { kind, count });
    if (delivery !== 'display' && count > 0) this.send(entry, delivery, `Your emergency access codes for ${serial}`);
    return { serial, state: 'emergency', reason: options.reason, kind, codes: delivery === 'display' ? [...entry.codes] : [], expiresAt: entry.status.expiresAt! };
  }

  async action(serial: string, action: OperatorAction, meta: CallMeta) {
    const entry = this.read(serial);
    const s = entry.status;
    const refuse = (why: string) => new EaError('refused', `token ${serial} ${why}`);
    switch (action) {
      case 'found':
      case 'clear':
        if (s.state !== 'emergency' && s.state !== 'emergency-lapsed') throw refuse('is not in emergency access');
        this.endEmergency(entry, 'active');
        break;
      case 'unlock':
        if (!s.locked) throw refuse('is not locked');
        entry.status = { ...s, locked: false, lockedUntil: null, failures: 0 };
        break;
      case 'disable':
      case 'enable':
        entry.status = { ...s, disabled: action === 'disable' };
        break;
      case 'unassign':
        if (s.state === 'retired') throw refuse('is already retired');
        this.endEmergency(entry, 'retired');
        this.detach(entry);
        break;
    }
    this.record(entry, action === 'found' || action === 'clear' ? `ea-ended-${action === 'found' ? 'found' : 'cleared'}` : action, meta.actor, 'operator');
    return this.read(serial).status;
  }

  async extend(serial: string, change: { lifetimeMs?: number; expiresAt?: string }, meta: CallMeta) {
    const entry = this.read(serial);
    if (entry.status.state !== 'emergency') throw new EaError('refused', `token ${serial} is not in emergency access`);
    const now = this.clock();
    const end = change.expiresAt ? Date.parse(change.expiresAt) : now + (change.lifetimeMs ?? 0);
    this.checkEnd(end, now);
    entry.status = { ...entry.status, expiresAt: new Date(end).toISOString() };
    this.record(entry, 'ea-expiry-changed', meta.actor, 'operator');
    return this.read(serial).status;
  }

  async setPin(serial: string, pin: string | null, meta: CallMeta) {
    const entry = this.read(serial);
    if (pin !== null && !isValidPin(pin)) throw new EaError('invalid', 'a PIN is 4–8 letters or digits', [{ field: 'pin', message: 'a PIN is 4–8 letters or digits' }]);
    entry.pin = pin;
    entry.status = { ...entry.status, hasPin: pin !== null };
    this.record(entry, pin === null ? 'pin-cleared' : 'pin-set', meta.actor, 'operator');
    return this.read(serial).status;
  }

  async requestReplacement(serial: string, meta: CallMeta) {
    const entry = this.read(serial);
    if (!entry.status.replacementEligible) throw new EaError('refused', `token ${serial} is not eligible for a replacement yet`);
    entry.status = { ...entry.status, replacementRequested: true };
    this.record(entry, 'replacement-requested', meta.actor, 'operator');
    return this.read(serial).status;
  }

  async replace(serial: string, replacement: { newSerial: string; secretBase32: string; tokenExpiresAt: string }, meta: CallMeta) {
    const entry = this.read(serial);
    const userId = entry.status.user;
    if (!userId || entry.status.state === 'retired') throw new EaError('refused', `token ${serial} has no user to give a replacement to`);
    if (this.tokens.has(replacement.newSerial)) throw new EaError('refused', `token ${replacement.newSerial} already exists`);
    this.endEmergency(entry, 'retired');
    this.detach(entry);
    entry.status = { ...entry.status, replacedBy: replacement.newSerial };
    this.record(entry, 'replacement-assigned', meta.actor, 'operator', null, { newSerial: replacement.newSerial });
    const oath = { type: 'totp' as const, secretBase32: replacement.secretBase32, digits: 6 as const, period: 30, algorithm: 'SHA1' as const, counter: 0 };
    await this.addToken({ serial: replacement.newSerial, userId, oath, tokenExpiresAt: replacement.tokenExpiresAt }, meta);
    return this.read(serial).status;
  }

  async requestOnDemand(serial: string, meta: CallMeta) {
    const entry = this.read(serial);
    if (entry.status.state !== 'emergency' || entry.status.kind !== 'on-demand') throw new EaError('refused', `token ${serial} is not in on-demand emergency access`);
    const user = entry.status.user ? this.users.get(entry.status.user) : undefined;
    const channel = user?.onDemand;
    if (!channel) throw new EaError('refused', `user ${entry.status.user} is not enabled for on-demand codes`);
    const expiresAt = new Date(this.clock() + this.current.onDemand.codeLifetimeMs).toISOString();
    entry.onDemandCode = this.newCode();
    entry.status = { ...entry.status, onDemandCodeExpiresAt: expiresAt };
    this.send(entry, channel, `Your on-demand code for ${serial}`);
    this.record(entry, 'on-demand-code-sent', meta.actor, 'operator', null, { channel });
    return { serial, expiresAt, channel };
  }

  async authenticate(userId: string, passcode: string, serial?: string): Promise<AuthResult> {
    const serials = serial ? [serial] : (this.users.get(userId)?.serials ?? []);
    for (const candidate of serials) {
      const entry = this.tokens.has(candidate) ? this.read(candidate) : undefined;
      if (!entry || entry.status.user !== userId) continue;
      if (entry.status.locked) return { accepted: false, serial: candidate, method: null, reason: 'locked' };
      if (entry.status.disabled) return { accepted: false, serial: candidate, method: null, reason: 'disabled' };
      const pin = entry.pin ?? '';
      const code = passcode.startsWith(pin) ? passcode.slice(pin.length) : null;
      const method = code === null ? null : this.consume(entry, code);
      if (method) {
        entry.status = { ...entry.status, failures: 0 };
        this.record(entry, 'auth-accepted', 'self-service', 'self-service', null, { method });
        return { accepted: true, serial: candidate, method, reason: 'ok' };
      }
      this.fail(entry);
    }
    return { accepted: false, serial: null, method: null, reason: 'rejected' };
  }

  async policy() {
    return this.current;
  }

  async setPolicy(assignments: Record<string, string>, meta: CallMeta) {
    const result = applyPolicyAssignments(this.current, assignments);
    if (!result.ok) throw new EaError('invalid', `policy not changed: ${result.errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`, result.errors);
    if (result.changes.length === 0) return this.current;
    this.current = result.policy;
    this.changes.push({ version: this.current.version, at: new Date(this.clock()).toISOString(), actor: meta.actor, changes: result.changes });
    return this.current;
  }

  async policyHistory() {
    return [...this.changes];
  }

  async outbox() {
    return [...this.messages];
  }

  /** The entry with its timers applied up to now: what a durable timer would have done. */
  private read(serial: string): Entry {
    const entry = this.tokens.get(serial);
    if (!entry) throw new EaError('not-found', `no token ${serial}`);
    const now = this.clock();
    const s = entry.status;
    const at = (iso: string | null) => (iso === null ? Infinity : Date.parse(iso));
    if (s.state !== 'retired' && s.state !== 'expired' && now >= at(s.tokenExpiresAt)) {
      this.endEmergency(entry, 'expired');
      this.record(entry, 'token-expired', 'timer', 'timer');
    } else if (s.state === 'emergency' && now >= at(s.expiresAt)) {
      // Under `deny` the token stays blocked until an operator acts (spec §1).
      if (s.rule === 'deny') {
        entry.codes = [];
        entry.status = { ...s, state: 'emergency-lapsed', unusedCodes: null, onDemandCodeExpiresAt: null };
      } else this.endEmergency(entry, 'active');
      this.record(entry, s.rule === 'deny' ? 'ea-lapsed' : 'ea-ended-expired', 'timer', 'timer');
    }
    if (entry.status.locked && now >= at(entry.status.lockedUntil)) entry.status = { ...entry.status, locked: false, lockedUntil: null, failures: 0 };
    const eligibleAt = at(entry.status.tokenExpiresAt) - this.current.expiringToken.replacementWindowMs;
    if (!entry.status.replacementEligible && now >= eligibleAt && entry.status.state !== 'retired') entry.status = { ...entry.status, replacementEligible: true };
    entry.status = { ...entry.status, timers: this.timers(entry.status, now) };
    return entry;
  }

  private timers(s: TokenStatus, now: number): TokenStatus['timers'] {
    if (s.state === 'retired' || s.state === 'expired') return [];
    const timers: TokenStatus['timers'] = [];
    const add = (name: TokenStatus['timers'][number]['name'], at: number) => {
      if (at > now) timers.push({ name, at: new Date(at).toISOString() });
    };
    if (s.state === 'emergency' && s.expiresAt) {
      add('emergency-end', Date.parse(s.expiresAt));
      if (this.current.notifications.expiryNoticeLeadMs > 0) add('emergency-ending-notice', Date.parse(s.expiresAt) - this.current.notifications.expiryNoticeLeadMs);
    }
    if (!s.replacementEligible) add('replacement-window', Date.parse(s.tokenExpiresAt) - this.current.expiringToken.replacementWindowMs);
    add('token-expiry', Date.parse(s.tokenExpiresAt));
    if (s.lockedUntil) add('lockout-end', Date.parse(s.lockedUntil));
    return timers.sort((a, b) => (a.at < b.at ? -1 : 1));
  }

  private checkEnd(end: number, now: number): void {
    if (!(end > now)) throw new EaError('invalid', 'the end of emergency access must be in the future');
    if (end - now > this.current.maxEmergencyLifetimeMs) throw new EaError('invalid', 'that is beyond the policy cap on emergency access (maxEmergencyLifetime)');
  }

  private endEmergency(entry: Entry, state: TokenStatus['state']): void {
    entry.codes = [];
    entry.onDemandCode = null;
    entry.status = { ...entry.status, state, reason: null, kind: null, unusedCodes: null, expiresAt: null, rule: null, startedAt: null, startedBy: null, issuedAt: null, delivery: null, onDemandCodeExpiresAt: null };
  }

  private detach(entry: Entry): void {
    const user = entry.status.user ? this.users.get(entry.status.user) : undefined;
    const released = user && removeSerial(user, entry.status.serial);
    if (released?.ok) this.users.set(released.user.id, released.user);
  }

  private consume(entry: Entry, code: string): AuthResult['method'] {
    const { kind } = entry.status;
    if (entry.status.state !== 'emergency') return null;
    if (kind === 'temporary-fixed' && entry.codes[0] === code) return 'temporary-fixed';
    if (kind === 'one-time-set' && entry.codes.includes(code)) {
      entry.codes = entry.codes.filter((c) => c !== code);
      entry.status = { ...entry.status, unusedCodes: entry.codes.length };
      return 'one-time';
    }
    if (kind === 'on-demand' && entry.onDemandCode === code && this.clock() < Date.parse(entry.status.onDemandCodeExpiresAt ?? '')) {
      entry.onDemandCode = null;
      entry.status = { ...entry.status, onDemandCodeExpiresAt: null };
      return 'on-demand';
    }
    return null;
  }

  private fail(entry: Entry): void {
    const failures = entry.status.failures + 1;
    const { maxFailures, durationMs } = this.current.lockout;
    const locked = failures >= maxFailures;
    entry.status = { ...entry.status, failures, locked, lockedUntil: locked && durationMs !== null ? new Date(this.clock() + durationMs).toISOString() : null };
    this.record(entry, locked ? 'auth-locked' : 'auth-rejected', 'self-service', 'self-service');
  }

  private newCode(): string {
    return generateCode(this.current.codeFormat, randomInt);
  }

  private send(entry: Entry, channel: Channel, subject: string): void {
    const user = entry.status.user ? this.users.get(entry.status.user) : undefined;
    const to = (user && contactFor(user, channel)) ?? '(no contact)';
    const at = new Date(this.clock()).toISOString();
    this.messages.push({ file: `${at.replace(/[:.]/g, '-')}-${this.messages.length + 1}.eml`, at, to, subject, channel });
  }

  private record(entry: Entry, type: string, actor: string, origin: Origin | 'timer', reason: string | null = null, detail?: AuditRecord['detail']): void {
    const record: AuditRecord = { id: `${entry.status.serial}:${++entry.seq}`, at: new Date(this.clock()).toISOString(), serial: entry.status.serial, user: entry.status.user, actor, origin, type, outcome: 'ok', reason, ...(detail ? { detail } : {}) };
    this.feed.push(record);
  }
}

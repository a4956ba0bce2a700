// An in-memory EaService for the CLI's tests: enough of the product's behaviour to drive every command
// (state changes, refusals, unknown serials, idempotent upserts). Of the real rules it applies only the
// domain's user and policy checks. It knows emergency codes but not OATH: a token's own tokencode is
// never accepted here.
import { EaError, type CallMeta, type EaService, type LostOptions, type NewToken, type OperatorAction, type UserInput } from '../../client/ea-service.js';
import { applyPolicyAssignments, DEFAULT_POLICY } from '../../domain/policy.js';
import type { AuditRecord, Policy, PolicyChange, User } from '../../domain/types.js';
import { validateUser } from '../../domain/user.js';
import type { AuthResult, LostResult, TokenStatus } from '../../domain/views.js';

const DAY = 86_400_000;

interface FakeToken {
  input: NewToken;
  status: TokenStatus;
  pin: string | null;
  codes: string[];
}

export class FakeEaService implements EaService {
  readonly users = new Map<string, User>();
  readonly tokens = new Map<string, FakeToken>();
  readonly auditLog: AuditRecord[] = [];
  readonly history: PolicyChange[] = [];
  /** Every call, in order, with its arguments: what the CLI asked for. */
  readonly calls: { method: keyof EaService; args: unknown[] }[] = [];
  currentPolicy: Policy = DEFAULT_POLICY;
  private issued = 0;

  constructor(readonly now: Date = new Date('2026-03-01T12:00:00Z')) {}

  async putUser(input: UserInput, meta: CallMeta) {
    this.calls.push({ method: 'putUser', args: [input, meta] });
    const old = this.users.get(input.id);
    const user: User = {
      id: input.id,
      name: input.name ?? old?.name ?? input.id,
      email: input.email === undefined ? (old?.email ?? null) : input.email,
      mobile: input.mobile === undefined ? (old?.mobile ?? null) : input.mobile,
      onDemand: input.onDemand === undefined ? (old?.onDemand ?? null) : input.onDemand,
      serials: old?.serials ?? [],
    };
    const verdict = validateUser(user);
    if (!verdict.ok) throw new EaError('invalid', verdict.errors.map((e) => e.message).join('; '), verdict.errors);
    this.users.set(user.id, user);
    return { user, outcome: upsertOutcome(old, user) };
  }

  async addToken(input: NewToken, meta: CallMeta) {
    this.calls.push({ method: 'addToken', args: [input, meta] });
    const user = this.users.get(input.userId);
    if (!user) throw new EaError('refused', `user ${input.userId} does not exist; add the user first`);
    const old = this.tokens.get(input.serial);
    if (old && JSON.stringify(old.input) === JSON.stringify(input)) return { status: old.status, outcome: 'unchanged' as const };
    const status = newStatus(input.serial, input.userId, input.tokenExpiresAt, input.pin !== undefined);
    this.tokens.set(input.serial, { input, status, pin: input.pin ?? null, codes: [] });
    if (!user.serials.includes(input.serial)) user.serials.push(input.serial);
    this.record(input.serial, meta.actor, 'token assigned');
    return { status, outcome: old ? ('updated' as const) : ('created' as const) };
  }

  async listTokens() {
    return [...this.tokens.values()].map(({ status: s }) => ({ ...s, flags: [] }));
  }

  async status(serial: string) {
    this.calls.push({ method: 'status', args: [serial] });
    return this.token(serial).status;
  }

  async audit(serial: string) {
    this.token(serial);
    return this.auditLog.filter((r) => r.serial === serial);
  }

  async lost(serial: string, options: LostOptions, meta: CallMeta): Promise<LostResult> {
    this.calls.push({ method: 'lost', args: [serial, options, meta] });
    const token = this.token(serial);
    if (token.status.state === 'emergency' && !options.regenerate) throw new EaError('refused', `token ${serial} is already in emergency access; use --regenerate for new codes`);
    const kind = options.kind ?? this.currentPolicy.tokenCode.kind;
    const count = kind === 'on-demand' ? 0 : kind === 'one-time-set' ? (options.count ?? this.currentPolicy.tokenCode.setSize) : 1;
    token.codes = Array.from({ length: count }, () => `CODE${String(++this.issued).padStart(4, '0')}`);
    const expiresAt = options.expiresAt ?? new Date(this.now.getTime() + (options.lifetimeMs ?? 7 * DAY)).toISOString();
    token.status = { ...token.status, state: 'emergency', reason: options.reason, kind, expiresAt, unusedCodes: kind === 'one-time-set' ? count : null };
    this.record(serial, meta.actor, 'emergency started');
    const shown = options.delivery === 'email' || options.delivery === 'sms' ? [] : token.codes;
    return { serial, state: 'emergency', reason: options.reason, kind, codes: shown, expiresAt };
  }

  async action(serial: string, action: OperatorAction, meta: CallMeta) {
    this.calls.push({ method: 'action', args: [serial, action, meta] });
    const token = this.token(serial);
    const s = token.status;
    const inEmergency = s.state === 'emergency' || s.state === 'emergency-lapsed';
    if ((action === 'found' || action === 'clear') && !inEmergency) throw new EaError('refused', `token ${serial} is not in emergency access`);
    const next: Record<OperatorAction, Partial<TokenStatus>> = {
      found: endEmergency,
      clear: endEmergency,
      unlock: { locked: false, lockedUntil: null, failures: 0 },
      disable: { disabled: true },
      enable: { disabled: false },
      unassign: { ...endEmergency, state: 'retired', user: null },
    };
    if (next[action] === endEmergency || action === 'unassign') token.codes = [];
    token.status = { ...s, ...next[action] };
    this.record(serial, meta.actor, action);
    return token.status;
  }

  async extend(serial: string, change: { lifetimeMs?: number; expiresAt?: string }, meta: CallMeta) {
    this.calls.push({ method: 'extend', args: [serial, change, meta] });
    const token = this.token(serial);
    if (token.status.state !== 'emergency') throw new EaError('refused', `token ${serial} is not in emergency access`);
    const expiresAt = change.expiresAt ?? new Date(this.now.getTime() + (change.lifetimeMs ?? 0)).toISOString();
    token.status = { ...token.status, expiresAt };
    return token.status;
  }

  async setPin(serial: string, pin: string | null, meta: CallMeta) {
    this.calls.push({ method: 'setPin', args: [serial, pin, meta] });
    const token = this.token(serial);
    token.pin = pin;
    token.status = { ...token.status, hasPin: pin !== null };
    return token.status;
  }

  async requestReplacement(serial: string, meta: CallMeta) {
    this.calls.push({ method: 'requestReplacement', args: [serial, meta] });
    const token = this.token(serial);
    if (!token.status.replacementEligible) throw new EaError('refused', `token ${serial} is not eligible for a replacement yet`);
    token.status = { ...token.status, replacementRequested: true };
    return token.status;
  }

  async replace(serial: string, replacement: { newSerial: string; secretBase32: string; tokenExpiresAt: string }, meta: CallMeta) {
    this.calls.push({ method: 'replace', args: [serial, replacement, meta] });
    const old = this.token(serial);
    if (!old.status.user) throw new EaError('refused', `token ${serial} has no user to hand a replacement to`);
    const oath = { ...old.input.oath, secretBase32: replacement.secretBase32 };
    await this.addToken({ serial: replacement.newSerial, userId: old.status.user, oath, tokenExpiresAt: replacement.tokenExpiresAt }, meta);
    old.status = { ...old.status, ...endEmergency, state: 'retired', replacedBy: replacement.newSerial };
    return old.status;
  }

  async requestOnDemand(serial: string, meta: CallMeta) {
    this.calls.push({ method: 'requestOnDemand', args: [serial, meta] });
    const token = this.token(serial);
    const channel = this.users.get(token.status.user ?? '')?.onDemand;
    if (token.status.kind !== 'on-demand' || !channel) throw new EaError('refused', `token ${serial} is not in on-demand emergency access`);
    token.codes = [`OD${String(++this.issued).padStart(6, '0')}`];
    return { serial, expiresAt: new Date(this.now.getTime() + this.currentPolicy.onDemand.codeLifetimeMs).toISOString(), channel };
  }

  async authenticate(userId: string, passcode: string, serial?: string): Promise<AuthResult> {
    this.calls.push({ method: 'authenticate', args: [userId, passcode, serial] });
    const serials = (this.users.get(userId)?.serials ?? []).filter((s) => serial === undefined || s === serial);
    for (const candidate of serials) {
      const token = this.token(candidate);
      const code = token.codes.find((c) => `${token.pin ?? ''}${c}` === passcode);
      if (token.status.state !== 'emergency' || code === undefined) continue;
      const kind = token.status.kind;
      if (kind !== 'temporary-fixed') token.codes = token.codes.filter((c) => c !== code);
      if (kind === 'one-time-set') token.status = { ...token.status, unusedCodes: token.codes.length };
      return { accepted: true, serial: candidate, method: kind === 'temporary-fixed' ? 'temporary-fixed' : kind === 'one-time-set' ? 'one-time' : 'on-demand', reason: 'ok' };
    }
    return { accepted: false, serial: serial ?? null, method: null, reason: 'rejected' };
  }

  async getUser(id: string) {
    return this.users.get(id) ?? null;
  }

  async policy() {
    return this.currentPolicy;
  }

  async setPolicy(assignments: Record<string, string>, meta: CallMeta) {
    this.calls.push({ method: 'setPolicy', args: [assignments, meta] });
    const result = applyPolicyAssignments(this.currentPolicy, assignments);
    if (!result.ok) throw new EaError('invalid', result.errors.map((e) => e.message).join('; '), result.errors);
    if (result.changes.length) this.history.push({ version: result.policy.version, at: this.now.toISOString(), actor: meta.actor, changes: result.changes });
    this.currentPolicy = result.policy;
    return result.policy;
  }

  async policyHistory() {
    return this.history;
  }

  async outbox() {
    return [];
  }

  async auditFeed(since?: string) {
    this.calls.push({ method: 'auditFeed', args: [since] });
    return since ? this.auditLog.filter((r) => r.at > since) : this.auditLog;
  }

  private token(serial: string): FakeToken {
    const token = this.tokens.get(serial);
    if (!token) throw new EaError('not-found', `unknown token ${serial}`);
    return token;
  }

  private record(serial: string, actor: string, type: string): void {
    const user = this.tokens.get(serial)?.status.user ?? null;
    this.auditLog.push({ id: `${serial}:${this.auditLog.length + 1}`, at: this.now.toISOString(), serial, user, actor, origin: 'operator', type, outcome: 'ok', reason: null });
  }
}

const endEmergency: Partial<TokenStatus> = { state: 'active', reason: null, kind: null, unusedCodes: null, expiresAt: null };

function upsertOutcome<T>(old: T | undefined, next: T): 'created' | 'updated' | 'unchanged' {
  if (old === undefined) return 'created';
  return JSON.stringify(old) === JSON.stringify(next) ? 'unchanged' : 'updated';
}

function newStatus(serial: string, user: string, tokenExpiresAt: string, hasPin: boolean): TokenStatus {
  return {
    serial,
    user,
    state: 'active',
    reason: null,
    kind: null,
    unusedCodes: null,
    expiresAt: null,
    tokenExpiresAt,
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
    hasPin,
    failures: 0,
    replacedBy: null,
    timers: [],
    onDemandCodeExpiresAt: null,
  };
}

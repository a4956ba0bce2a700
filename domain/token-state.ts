// One token's entity state (spec §3) and the shape of every transition on it. Plain JSON: the
// workflow carries it across continue-as-new, and it is encrypted at rest by the payload codec.
import { recordEvent } from './audit.js';
import type { AuditRecord, Delivery, EaKind, FoundRule, OathSpec, Origin, Policy, Reason, Requester, SecretHash, TokenStateName } from './types.js';

export interface Emergency {
  reason: Reason;
  kind: EaKind;
  rule: FoundRule;
  startedAt: string;
  expiresAt: string;
  startedBy: { actor: string; origin: Origin };
  delivery: Delivery;
  codeLength: number;
  /** When codes were last issued (null until an on-demand EA issues its first). */
  issuedAt: string | null;
  /** Temporary fixed: one (never used up); one-time set: N; on-demand: none. */
  codes: { hash: SecretHash; used: boolean }[];
  onDemand: { current: { hash: SecretHash; expiresAt: string } | null; requestTimes: string[] } | null;
  /** The ending-soon notice has gone out. */
  noticeSent: boolean;
}

export interface TokenState {
  serial: string;
  userId: string | null;
  state: TokenStateName;
  oath: OathSpec;
  /** The last accepted TOTP step or HOTP counter: anything at or below it is a replay. */
  lastOathStep: number | null;
  tokenExpiresAt: string;
  pin: SecretHash | null;
  /** Present while state === 'emergency'. */
  emergency: Emergency | null;
  /** Set while state === 'emergency-lapsed': the rule that keeps the token blocked. */
  lapsedRule: FoundRule | null;
  disabled: boolean;
  /** Consecutive failed passcodes. */
  failures: number;
  lockedUntil: string | null;
  lockedIndefinitely: boolean;
  replacementEligible: boolean;
  replacementRequested: boolean;
  replacedBy: string | null;
  /** The newest AUDIT_LIMIT records, carried across continue-as-new. */
  audit: AuditRecord[];
  auditSeq: number;
  /** requestId → when first seen (ISO); kept for 7 days. */
  seenRequests: Record<string, string>;
}

export type Notice = 'emergency-started' | 'emergency-ended' | 'emergency-ending-soon' | 'replacement-window-open' | 'token-locked';

/** What the workflow must do outside the pure core: tell the user. */
export type Effect = { type: 'notify'; notice: Notice; detail: Record<string, string> };

export interface Ctx {
  nowMs: number;
  policy: Policy;
  requester: Requester;
}

/** Every transition's answer: the new state, the audit records it appended, effects, and a result. */
export interface Step<R = undefined> {
  state: TokenState;
  records: AuditRecord[];
  effects: Effect[];
  result: R;
}

/** How a transition says no; it is audited all the same. `invalid`: bad input; `refused`: not now. */
export type Refusal = { ok: false; code: 'refused' | 'invalid'; message: string };

/** A transition's answer: a refusal, or ok with what the caller needs. */
export type Outcome<T = object> = Refusal | ({ ok: true } & T);

/** Runs `next` on the state `first` produced; records and effects add up in order. */
export function andThen<A, B>(first: Step<A>, next: (state: TokenState) => Step<B>): Step<B> {
  const second = next(first.state);
  return { state: second.state, records: [...first.records, ...second.records], effects: [...first.effects, ...second.effects], result: second.result };
}

export interface NewToken {
  serial: string;
  userId: string | null;
  oath: OathSpec;
  tokenExpiresAt: string;
  pin: SecretHash | null;
}

/** A token as assigned: active for its user (or unassigned without one), audited as `token-assigned`. */
export function newTokenState(req: NewToken, ctx: Ctx): Step {
  const state: TokenState = {
    serial: req.serial,
    userId: req.userId,
    state: req.userId ? 'active' : 'unassigned',
    oath: req.oath,
    lastOathStep: null,
    tokenExpiresAt: req.tokenExpiresAt,
    pin: req.pin,
    emergency: null,
    lapsedRule: null,
    disabled: false,
    failures: 0,
    lockedUntil: null,
    lockedIndefinitely: false,
    replacementEligible: false,
    replacementRequested: false,
    replacedBy: null,
    audit: [],
    auditSeq: 0,
    seenRequests: {},
  };
  const { type, algorithm, digits } = req.oath;
  return recordEvent(state, { type: 'token-assigned', outcome: 'ok', reason: null, detail: { oathType: type, algorithm, digits, tokenExpiresAt: req.tokenExpiresAt, hasPin: req.pin !== null } }, ctx);
}

// What callers see of a token and of the product's answers. Shapes are part of the CLI contract
// (product spec §8): field names here are the `--json` field names.
import type {
  AuditRecord,
  AuthMethod,
  Channel,
  Delivery,
  EaKind,
  FoundRule,
  Origin,
  Reason,
  TokenStateName,
} from './types.js';

export interface TokenStatus {
  serial: string;
  user: string | null;
  state: TokenStateName;
  reason: Reason | null;
  kind: EaKind | null;
  /** Unused one-time codes; null unless the EA is a one-time set. */
  unusedCodes: number | null;
  /** EA end (ISO UTC), null outside EA. */
  expiresAt: string | null;
  tokenExpiresAt: string;
  locked: boolean;
  /** Null while unlocked, and also when locked `until-unlocked`. */
  lockedUntil: string | null;
  disabled: boolean;
  replacementEligible: boolean;
  replacementRequested: boolean;
  // Beyond the contract's minimum: what an operator needs on the detail screen.
  rule: FoundRule | null;
  startedAt: string | null;
  startedBy: { actor: string; origin: Origin } | null;
  issuedAt: string | null;
  delivery: Delivery | null;
  hasPin: boolean;
  failures: number;
  replacedBy: string | null;
  /** Every running timer, soonest first: what fires, and when. */
  timers: {
    name: 'emergency-end' | 'emergency-ending-notice' | 'replacement-window' | 'token-expiry' | 'lockout-end';
    at: string;
  }[];
  /** On-demand EA: when the current on-demand code expires (null when none is live). */
  onDemandCodeExpiresAt: string | null;
  /** Messages to the user that failed to go out and are being retried (spec §8 extension). */
  undelivered: UndeliveredMessage[];
  /** The version of the policy the token runs under (spec §8 extension; `ea doctor` compares it). */
  policyVersion: number;
}

/** A message whose delivery failed; retried with backoff until `giveUpAt` (the EA's end). */
export interface UndeliveredMessage {
  template: string;
  channel: Channel;
  /** Failed rounds of attempts so far. */
  failures: number;
  lastError: string;
  nextAttemptAt: string;
  giveUpAt: string;
}

/** The answer to `reportLost` (spec §8 `ea lost`). Codes appear only in the answer to the caller who asked for display. */
export interface LostResult {
  serial: string;
  state: TokenStateName;
  reason: Reason;
  kind: EaKind;
  codes: string[];
  expiresAt: string;
}

/**
 * What the token workflow answers a loss report with (spec §5 "Secrets only their owners read"): the
 * codes sealed to the principal that asked, null when none are shown; the client opens them.
 */
export type LostAnswer = Omit<LostResult, 'codes'> & { sealedCodes: string | null };

export interface AuthResult {
  accepted: boolean;
  serial: string | null;
  method: AuthMethod | null;
  /**
   * Coarse on purpose: the audit keeps the detail. `not-allowed-by-rule` only answers the token's own
   * right passcode (the caller holds the token); any other rejection is `rejected`, serial null.
   */
  reason: 'ok' | 'rejected' | 'not-allowed-by-rule';
}

export type { AuditRecord };

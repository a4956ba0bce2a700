// One token's entity state (spec §3). Plain JSON: the workflow carries it across continue-as-new,
// and it is encrypted at rest by the payload codec.
import type {
  AuditRecord,
  Delivery,
  EaKind,
  FoundRule,
  SealedOath,
  PinHash,
  Origin,
  Reason,
  SecretHash,
  TokenStateName,
} from './types.js';

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
  /** Regenerations by non-operators in the last hour (rate-limited); absent in states from before. */
  regeneratedAt?: string[];
}

export interface TokenState {
  serial: string;
  userId: string | null;
  state: TokenStateName;
  oath: SealedOath;
  /** The last accepted TOTP step or HOTP counter: anything at or below it is a replay. */
  lastOathStep: number | null;
  tokenExpiresAt: string;
  pin: PinHash | null;
  /** Present while state === 'emergency'. */
  emergency: Emergency | null;
  /** Set while state === 'emergency-lapsed': the rule that keeps the token blocked. */
  lapsedRule: FoundRule | null;
  disabled: boolean;
  /** Consecutive failed passcodes. */
  failures: number;
  /**
   * A failure of a by-user attempt, not counted until the attempt is settled (accepted on another
   * of the user's tokens: dropped) or the next passcode arrives; absent in states from before.
   */
  pendingFailure?: { attempt: string; at: string } | null;
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

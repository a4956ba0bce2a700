// The vocabulary of emergency access (product spec §1–§6). Plain data only: every value here can
// cross a Temporal boundary as JSON (workflow state, continue-as-new input, query results).
// Times are ISO-8601 UTC strings in stored state and epoch milliseconds in computation.

export const REASONS = ['permanently-lost', 'temporarily-unavailable'] as const;
export type Reason = (typeof REASONS)[number];

export const FOUND_RULES = ['deny', 'allow-and-end-emergency', 'allow-after-expiry'] as const;
export type FoundRule = (typeof FOUND_RULES)[number];

export const EA_KINDS = ['temporary-fixed', 'one-time-set', 'on-demand'] as const;
export type EaKind = (typeof EA_KINDS)[number];

export const ORIGINS = ['operator', 'self-service', 'system'] as const;
export type Origin = (typeof ORIGINS)[number];

export const DELIVERIES = ['display', 'email', 'sms'] as const;
export type Delivery = (typeof DELIVERIES)[number];

export const CHANNELS = ['email', 'sms'] as const;
export type Channel = (typeof CHANNELS)[number];

export const TOKEN_STATES = ['unassigned', 'active', 'emergency', 'emergency-lapsed', 'expired', 'retired'] as const;
export type TokenStateName = (typeof TOKEN_STATES)[number];

export const OATH_TYPES = ['totp', 'hotp'] as const;
export type OathType = (typeof OATH_TYPES)[number];
export const OATH_ALGORITHMS = ['SHA1', 'SHA256', 'SHA512'] as const;
export type OathAlgorithm = (typeof OATH_ALGORITHMS)[number];

export type AuthMethod = 'token' | 'temporary-fixed' | 'one-time' | 'on-demand';

/** Who asked: `actor` is a recorded claim (operator name, system name, `self-service`, `timer`). */
export interface Requester {
  actor: string;
  origin: Origin | 'timer';
  /** The front end a gateway heard the request on (spec §7: its client and NAS-Identifier). */
  via?: string;
}

export interface CodeFormat {
  length: number;
  numeric: boolean;
  alphabetic: boolean;
  special: boolean;
  excludeLookAlikes: boolean;
}

/** The seed's settings page, one to one (spec §2). Durations are milliseconds. */
export interface Policy {
  version: number;
  allowEmergencyAccessMode: boolean;
  tokenCode: { enabled: boolean; kind: 'temporary-fixed' | 'one-time-set'; setSize: number };
  onDemand: { enabled: boolean; emergencyLifetimeDays: number; codeLifetimeMs: number; rateLimitPerHour: number };
  permanentlyLost: { lifetimeMs: number; ifTokenBecomesAvailable: FoundRule };
  temporarilyUnavailable: { lifetimeMs: number; ifTokenBecomesAvailable: FoundRule };
  expiringToken: { replacementWindowMs: number };
  codeFormat: CodeFormat;
  /** durationMs null means `until-unlocked`. */
  lockout: { maxFailures: number; durationMs: number | null };
  maxEmergencyLifetimeMs: number;
  notifications: { expiryNoticeLeadMs: number };
}

export interface FieldError {
  field: string;
  message: string;
}

export interface PolicyChange {
  version: number;
  at: string;
  actor: string;
  changes: { key: string; from: string; to: string }[];
}

/** A salted hash of a secret (PIN, emergency code). Hex strings. */
export interface SecretHash {
  salt: string;
  hash: string;
}

/**
 * A PIN as it leaves the operator's machine (spec §5): PBKDF2-HMAC-SHA256 over a random salt, made by
 * the client (domain/pin-hash.ts). The workflow only ever compares typed PINs against it.
 */
export interface PinHash {
  kdf: 'pbkdf2-sha256';
  iterations: number;
  salt: string;
  hash: string;
}

/** The token's own OATH parameters with the seed in clear: what clients send sealed and workers open. */
export interface OathSpec {
  type: OathType;
  secretBase32: string;
  digits: 6 | 8;
  period: number;
  algorithm: OathAlgorithm;
  /** HOTP: next expected counter. TOTP: unused (0). */
  counter: number;
}

/**
 * The token's own OATH parameters as a token keeps them (spec §5): the seed sealed to the workers'
 * key, so the payload key alone never reveals it. HOTP's counter stays here, in the workflow.
 */
export interface SealedOath extends Omit<OathSpec, 'secretBase32'> {
  /** The seed sealed to the workers' key (secrets/sealed-box.ts, purpose `seed`). */
  sealedSecret: string;
  /** Tells one seed from another without revealing it (secrets/seed-id.ts): a re-import is a no-op. */
  secretId: string;
}

export interface User {
  id: string;
  name: string;
  email: string | null;
  mobile: string | null;
  onDemand: Channel | null;
  serials: string[];
}

export interface AuditRecord {
  /** `<serial>:<seq>` — unique, so an at-least-once sink can be de-duplicated. */
  id: string;
  at: string;
  serial: string;
  user: string | null;
  actor: string;
  origin: Origin | 'timer';
  type: string;
  outcome: 'ok' | 'refused' | 'rejected' | 'failed';
  reason: string | null;
  detail?: Record<string, string | number | boolean | null>;
  /** Set for an authentication through the gateway: `radius client=NAME nas=NAS-Identifier` or `http caller=NAME`. */
  via?: string;
}

// What callers ask of a token, after validation at the edge (contract/payload-schemas.ts holds the schemas).
// Every request carries a requestId (idempotency, spec §5) and the requester's claimed identity.
import type { PinHash, Delivery, EaKind, FoundRule, Origin, Reason } from './types.js';

export interface RequestMeta {
  requestId: string;
  actor: string;
  origin: Origin;
}

export interface ReportLostRequest extends RequestMeta {
  /** Required for a new EA; a regeneration keeps the running EA's reason when none is given. */
  reason?: Reason;
  /** Operators only; self-service and systems get what the policy says. */
  kind?: EaKind;
  count?: number;
  /** Lifetime in ms, or an explicit end (ISO). At most one of the two. */
  lifetimeMs?: number;
  expiresAt?: string;
  ifFound?: FoundRule;
  delivery?: Delivery;
  regenerate?: boolean;
}

export type ReportFoundRequest = RequestMeta;
export type ClearRequest = RequestMeta;

export interface AuthenticateRequest {
  passcode: string;
  /** For the audit trail: which front end asked. */
  actor?: string;
}

export interface ExtendRequest extends RequestMeta {
  lifetimeMs?: number;
  expiresAt?: string;
}

export interface SetPinRequest extends RequestMeta {
  /** null clears the PIN. */
  pin: PinHash | null;
}

export interface AssignReplacementRequest extends RequestMeta {
  newSerial: string;
  secretBase32: string;
  tokenExpiresAt: string;
  pin?: string;
}

export type SimpleOperatorAction =
  'unlock' | 'disable' | 'enable' | 'unassign' | 'requestReplacement' | 'requestOnDemand';

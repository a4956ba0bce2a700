// The trust decision (product spec §5, "Trust (revised)"): is this signed message, to this workflow,
// from a registered, active principal, fresh, new, within its roles, under an origin its roles allow,
// and (for self-service) about its own user's token? Pure and deterministic: the caller passes the
// registry, the workflow's time and its memory of request ids. Never throws, whatever the input.

import { isPlainObject, splitEnvelope, verifySplit, type JsonObject } from './envelope.js';
import { lookupPrincipal, type PrincipalRecord, type PrincipalRegistry } from './principal.js';
import { isOrigin, originAllowed, rolesFor, type Role } from './roles.js';
import { parseIsoUtc } from './time.js';

/** A signature more than this far from the workflow's time, either way, is stale. */
export const MAX_SKEW_MS = 5 * 60_000;

export const REFUSALS = [
  'unsigned',
  'unknown-principal',
  'revoked',
  'bad-signature',
  'stale',
  'replayed',
  'out-of-role',
  'origin-not-allowed',
  'not-this-user',
] as const;
export type Refusal = (typeof REFUSALS)[number];

export interface AuthorizeInput {
  registry: PrincipalRegistry;
  workflowId: string;
  /** The signal or update name. */
  message: string;
  /** The message argument as received: the payload with its envelope. */
  argument: unknown;
  /** The workflow's time (epoch milliseconds). */
  nowMs: number;
  /**
   * Whether this request id was already handled. Fails closed: anything but `false`, or a throw,
   * counts as seen. Not asked when the payload has no string `requestId` (authenticate has none).
   */
  seen?: (requestId: string) => boolean;
  /** The user of the token the message is about (null or absent: none), for selfservice. */
  tokenUser?: string | null;
}

export type Decision =
  | { ok: true; principal: PrincipalRecord; payload: JsonObject }
  | { ok: false; reason: Refusal; claimed: string | null; message: string };

const own = (object: JsonObject, key: string): unknown =>
  Object.prototype.hasOwnProperty.call(object, key) ? object[key] : undefined;

/** The principal name an argument claims, if it is a sensible string; for the audit of a refusal. */
function claimedPrincipal(argument: unknown): string | null {
  try {
    if (!isPlainObject(argument)) return null;
    const envelope = own(argument, 'envelope');
    if (!isPlainObject(envelope)) return null;
    const principal = own(envelope, 'principal');
    return typeof principal === 'string' && principal.length > 0 && principal.length <= 200 ? principal : null;
  } catch {
    return null;
  }
}

function quote(text: unknown, max = 64): string {
  const value = typeof text === 'string' ? text : String(typeof text);
  return JSON.stringify(value.length > max ? `${value.slice(0, max)}…` : value);
}

export function authorize(input: AuthorizeInput): Decision {
  try {
    return decide(input);
  } catch {
    // Unreachable by design (every step guards its input); a refusal, never a throw, if it is not.
    return {
      ok: false,
      reason: 'unsigned',
      claimed: claimedPrincipal(input?.argument),
      message: 'the request could not be read',
    };
  }
}

function decide({ registry, workflowId, message, argument, nowMs, seen, tokenUser }: AuthorizeInput): Decision {
  const refuse = (reason: Refusal, claimed: string | null, text: string): Decision => ({
    ok: false,
    reason,
    claimed,
    message: text,
  });

  const split = splitEnvelope(argument);
  if (split === null)
    return refuse('unsigned', claimedPrincipal(argument), 'the request carries no well-formed signed envelope');
  const { payload, envelope } = split;
  const name = envelope.principal;

  const principal = lookupPrincipal(registry, name);
  if (principal === null) return refuse('unknown-principal', name, `no principal ${quote(name)} is registered`);
  if (principal.state !== 'active') return refuse('revoked', name, `principal ${quote(name)} is revoked`);

  if (!verifySplit(principal.publicKey, workflowId, message, payload, envelope)) {
    return refuse(
      'bad-signature',
      name,
      `the signature is not ${quote(name)}'s over this workflow, message and payload`,
    );
  }

  const at = parseIsoUtc(envelope.at);
  if (at === null) return refuse('stale', name, `the signing time ${quote(envelope.at)} is not an ISO-8601 UTC time`);
  if (!(Math.abs(at - nowMs) <= MAX_SKEW_MS))
    return refuse('stale', name, `signed at ${envelope.at}, more than 5 minutes from the workflow's time`);

  const requestId = own(payload, 'requestId');
  if (seen !== undefined && typeof requestId === 'string') {
    let repeat: boolean;
    try {
      repeat = seen(requestId) !== false;
    } catch {
      repeat = true;
    }
    if (repeat) return refuse('replayed', name, `request ${quote(requestId)} was already handled`);
  }

  const allowed = rolesFor(message, payload);
  const acting: Role[] = principal.roles.filter((role) => allowed.includes(role));
  if (acting.length === 0) {
    return refuse(
      'out-of-role',
      name,
      `${quote(name)} (${principal.roles.join(', ') || 'no role'}) may not send ${quote(message)}`,
    );
  }

  const origin = own(payload, 'origin');
  if (origin !== undefined && !(isOrigin(origin) && originAllowed(acting, origin))) {
    return refuse(
      'origin-not-allowed',
      name,
      `${quote(name)} may not act under origin ${quote(origin)} for ${quote(message)}`,
    );
  }

  // Self-service acts for its one user only; a principal with another role that allows the message
  // is not bound to a user.
  if (acting.every((role) => role === 'selfservice')) {
    const user = principal.user;
    if (typeof user !== 'string' || typeof tokenUser !== 'string' || user !== tokenUser) {
      return refuse('not-this-user', name, `${quote(name)} acts only for user ${quote(user ?? '(none)')}`);
    }
  }

  return { ok: true, principal, payload };
}

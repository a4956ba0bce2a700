// The signed envelope (product spec §5, "Trust (revised)"). Every state-changing message argument is
// `{ ...payload, envelope: { principal, at, signature } }`. The signature is Ed25519 (RFC 8032, pure
// Ed25519, no context) over the UTF-8 bytes of the RFC 8785 canonical JSON of
//
//   { "at": <at>, "message": <signal or update name>, "payload": <argument without envelope>,
//     "principal": <principal>, "workflowId": <receiving workflow id> }
//
// so a signature binds one request to one workflow, one message and one moment. Pure and synchronous:
// verification runs inside workflow code (no node:crypto, no Buffer, no clock, no randomness).

import { ed25519 } from '@noble/curves/ed25519.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { base64urlToBytesOfSize, bytesToBase64url } from './base64url.js';
import { canonicalJson } from './canonical.js';
import { verifyEd25519 } from './ed25519-verify.js';

export const ENVELOPE_FIELD = 'envelope';
export const SIGNATURE_BYTES = 64;
export const PUBLIC_KEY_BYTES = 32;
export const PRIVATE_KEY_BYTES = 32;
/** Longest principal name an envelope may carry. */
export const MAX_PRINCIPAL_LENGTH = 200;
/** Longest `at` an envelope may carry (an ISO time is 24 characters; a little slack for offsets). */
export const MAX_AT_LENGTH = 40;

export interface Envelope {
  /** The signer's name in the principal registry. */
  principal: string;
  /** When the request was signed, ISO-8601 UTC (`2026-01-15T09:30:00.000Z`). */
  at: string;
  /** Ed25519 signature, unpadded base64url of 64 bytes (86 characters). */
  signature: string;
}

export type JsonObject = { [key: string]: unknown };
export type Signed<P extends JsonObject> = P & { envelope: Envelope };

export interface SigningInput {
  workflowId: string;
  message: string;
  payload: unknown;
  principal: string;
  at: string;
}

/** The canonical JSON the signature covers (RFC 8785). Throws on a value JSON cannot carry. */
export function signingString({ workflowId, message, payload, principal, at }: SigningInput): string {
  return canonicalJson({ workflowId, message, payload, principal, at });
}

/** The bytes the signature covers: UTF-8 of `signingString`. Throws on a value JSON cannot carry. */
export function signingBytes(input: SigningInput): Uint8Array {
  return utf8ToBytes(signingString(input));
}

export function isPlainObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Separates a message argument into the payload and a well-formed envelope; null when the argument
 * is not an object, has no envelope, or its envelope is not exactly `{ principal, at, signature }`
 * with bounded strings and a signature that decodes to 64 bytes. Never throws.
 */
export function splitEnvelope(argument: unknown): { payload: JsonObject; envelope: Envelope } | null {
  if (!isPlainObject(argument) || !Object.prototype.hasOwnProperty.call(argument, ENVELOPE_FIELD)) return null;
  const envelope = argument[ENVELOPE_FIELD];
  if (!isPlainObject(envelope)) return null;
  const keys = Object.keys(envelope);
  if (keys.length !== 3) return null;
  const { principal, at, signature } = envelope;
  if (typeof principal !== 'string' || principal.length === 0 || principal.length > MAX_PRINCIPAL_LENGTH) return null;
  if (typeof at !== 'string' || at.length === 0 || at.length > MAX_AT_LENGTH) return null;
  if (base64urlToBytesOfSize(signature, SIGNATURE_BYTES) === null) return null;
  const payload: JsonObject = {};
  for (const key of Object.keys(argument)) {
    if (key === ENVELOPE_FIELD) continue;
    // defineProperty, not assignment: a `__proto__` key stays an ordinary own key.
    Object.defineProperty(payload, key, { value: argument[key], enumerable: true, writable: true, configurable: true });
  }
  return { payload, envelope: { principal, at, signature: signature as string } };
}

/** The raw 32-byte Ed25519 public key of a raw 32-byte private key (seed). */
export function publicKeyOf(privateKey: Uint8Array): Uint8Array {
  return ed25519.getPublicKey(privateKey);
}

/**
 * Signs `payload` for `message` to `workflowId` as `principal` at `atIso`, and returns the argument to
 * send: the payload (as JSON will carry it) with the envelope added. Throws on a payload that already
 * has an envelope or that JSON cannot carry. For callers (the client, `ea`), not for workflow code.
 */
export function signRequest<P extends JsonObject>(
  privateKey: Uint8Array,
  principal: string,
  workflowId: string,
  message: string,
  payload: P,
  atIso: string,
): Signed<P> {
  if (privateKey.length !== PRIVATE_KEY_BYTES)
    throw new RangeError(`an Ed25519 private key is ${PRIVATE_KEY_BYTES} bytes`);
  if (!isPlainObject(payload)) throw new TypeError('the payload must be an object');
  if (Object.prototype.hasOwnProperty.call(payload, ENVELOPE_FIELD))
    throw new TypeError('the payload already has an envelope');
  if (principal.length === 0 || principal.length > MAX_PRINCIPAL_LENGTH)
    throw new RangeError('the principal name must be 1–200 characters');
  // Sign exactly what the receiver will see: the payload after a JSON round trip (undefined fields
  // dropped, dates as strings), which is also what this returns.
  const carried = JSON.parse(JSON.stringify(payload)) as P;
  const bytes = signingBytes({ workflowId, message, payload: carried, principal, at: atIso });
  const signature = bytesToBase64url(ed25519.sign(bytes, privateKey));
  return { ...carried, envelope: { principal, at: atIso, signature } };
}

/**
 * True when `argument` carries a well-formed envelope whose signature is a valid strict (RFC 8032 /
 * FIPS 186-5, not ZIP-215) Ed25519 signature by `publicKey` over this workflow id, message and the
 * argument's payload. Never throws: anything malformed is false.
 */
export function verifySignature(
  publicKey: Uint8Array | string,
  workflowId: string,
  message: string,
  argument: unknown,
): boolean {
  try {
    const split = splitEnvelope(argument);
    if (split === null) return false;
    return verifySplit(publicKey, workflowId, message, split.payload, split.envelope);
  } catch {
    return false;
  }
}

/** verifySignature for an argument already split. Never throws. */
export function verifySplit(
  publicKey: Uint8Array | string,
  workflowId: string,
  message: string,
  payload: JsonObject,
  envelope: Envelope,
): boolean {
  try {
    const key = typeof publicKey === 'string' ? base64urlToBytesOfSize(publicKey, PUBLIC_KEY_BYTES) : publicKey;
    if (!(key instanceof Uint8Array) || key.length !== PUBLIC_KEY_BYTES) return false;
    const signature = base64urlToBytesOfSize(envelope.signature, SIGNATURE_BYTES);
    if (signature === null) return false;
    const bytes = signingBytes({ workflowId, message, payload, principal: envelope.principal, at: envelope.at });
    return verifyEd25519(signature, bytes, key);
  } catch {
    return false;
  }
}

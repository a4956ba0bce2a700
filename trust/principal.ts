// Principals (product spec §5): every operator, outside system, portal and authentication gateway
// has its own Ed25519 key pair and roles. The registry maps a principal's name to its record.

import { base64urlToBytesOfSize, bytesToBase64url } from './base64url.js';
import { MAX_PRINCIPAL_LENGTH, PUBLIC_KEY_BYTES } from './envelope.js';
import { isRole, type Role } from './roles.js';

export interface PrincipalRecord {
  name: string;
  /** Raw 32-byte Ed25519 public key, unpadded base64url (43 characters). */
  publicKey: string;
  roles: Role[];
  state: 'active' | 'revoked';
  /** selfservice only: the one user it acts for. */
  user?: string;
  /** ISO-8601 UTC. */
  addedAt: string;
  /** ISO-8601 UTC, when revoked. */
  revokedAt?: string;
}

/** The registry as workflows keep it: every principal by name, and how many changes made it. */
export interface PrincipalsView {
  /** Counts the registry's changes: a higher version is newer. */
  version: number;
  principals: Record<string, PrincipalRecord>;
}

export type PrincipalRegistry = ReadonlyMap<string, PrincipalRecord> | Readonly<Record<string, PrincipalRecord>>;

export function encodePublicKey(publicKey: Uint8Array): string {
  if (publicKey.length !== PUBLIC_KEY_BYTES) throw new RangeError(`an Ed25519 public key is ${PUBLIC_KEY_BYTES} bytes`);
  return bytesToBase64url(publicKey);
}

/** The raw public key of a record's `publicKey`, or null when it is not 32 bytes of base64url. */
export function decodePublicKey(text: unknown): Uint8Array | null {
  return base64urlToBytesOfSize(text, PUBLIC_KEY_BYTES);
}

/**
 * The record registered under `name` (whose own name must be `name`), or null. Own entries only: a name like `__proto__` or
 * `constructor` never reaches Object.prototype. Never throws.
 */
export function lookupPrincipal(registry: PrincipalRegistry, name: string): PrincipalRecord | null {
  try {
    let record: unknown;
    if (registry instanceof Map) record = registry.get(name);
    else if (
      typeof registry === 'object' &&
      registry !== null &&
      Object.prototype.hasOwnProperty.call(registry, name)
    ) {
      record = (registry as Record<string, unknown>)[name];
    }
    return isPrincipalRecord(record) && record.name === name ? record : null;
  } catch {
    return null;
  }
}

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?Z$/;

/** Structural check of a stored record; a malformed one is treated as not registered. */
export function isPrincipalRecord(value: unknown): value is PrincipalRecord {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const record = value as Record<string, unknown>;
  if (typeof record.name !== 'string' || record.name.length === 0 || record.name.length > MAX_PRINCIPAL_LENGTH)
    return false;
  if (typeof record.publicKey !== 'string') return false;
  if (!Array.isArray(record.roles) || !record.roles.every(isRole)) return false;
  if (record.state !== 'active' && record.state !== 'revoked') return false;
  if (record.user !== undefined && (typeof record.user !== 'string' || record.user.length === 0)) return false;
  if (typeof record.addedAt !== 'string' || !ISO_UTC.test(record.addedAt)) return false;
  if (record.revokedAt !== undefined && (typeof record.revokedAt !== 'string' || !ISO_UTC.test(record.revokedAt)))
    return false;
  return true;
}

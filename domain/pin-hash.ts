// PINs as salted, slow hashes (spec §5 "a PIN leaves the operator's machine only as a salted hash").
// The client hashes (any random salt); a worker checks a typed PIN against the hash on every
// authentication (activities/passcode-check.ts), so the cost is bounded by the authentication
// budget: 1,000 PBKDF2-HMAC-SHA256 iterations take 0.7 ms in OpenSSL (7 ms in pure JavaScript) on
// the shared reference machine under load. The derivation is pluggable so clients and workers use
// node:crypto and pure code (tests, any runtime) gets the same bytes from @noble/hashes.
// A 4-digit PIN falls to an offline search whatever the cost; the cost matters for longer PINs (a
// 6-character alphanumeric PIN then takes CPU-years), and the salt stops precomputed tables.
// Whoever reads the hash already holds the payload key; the PIN alone opens nothing without the code.
import { pbkdf2 } from '@noble/hashes/pbkdf2.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import type { PinHash } from './types.js';

export const PIN_KDF_ITERATIONS = 1_000;
/** What a stored hash may ask for: a hostile caller must not make each authentication cost seconds. */
export const PIN_KDF_MAX_ITERATIONS = 10_000;
const HASH_BYTES = 32;
const HEX = /^(?:[0-9a-f]{2})+$/i;

/** PBKDF2-HMAC-SHA256 of `pin` under the salt: 32 bytes. */
export type PinDerivation = (pin: string, saltHex: string, iterations: number) => Uint8Array;

export const purePinDerivation: PinDerivation = (pin, saltHex, iterations) =>
  pbkdf2(sha256, pin, hexToBytes(saltHex), { c: iterations, dkLen: HASH_BYTES });

/** The hash of `pin` under `saltHex` (16 random bytes, hex, from the caller's CSPRNG). */
export function hashPin(
  pin: string,
  saltHex: string,
  derive: PinDerivation = purePinDerivation,
  iterations = PIN_KDF_ITERATIONS,
): PinHash {
  if (!HEX.test(saltHex)) throw new Error('the salt must be a non-empty hex string');
  return { kdf: 'pbkdf2-sha256', iterations, salt: saltHex, hash: bytesToHex(derive(pin, saltHex, iterations)) };
}

/** Constant-time in the digest; a malformed stored hash never matches (and never throws). */
export function verifyPin(pin: string, stored: PinHash, derive: PinDerivation = purePinDerivation): boolean {
  if (!HEX.test(stored.salt) || !HEX.test(stored.hash)) return false;
  if (!Number.isSafeInteger(stored.iterations) || stored.iterations < 1) return false;
  if (stored.iterations > PIN_KDF_MAX_ITERATIONS) return false;
  const expected = hexToBytes(stored.hash);
  const actual = derive(pin, stored.salt, stored.iterations);
  let difference = expected.length ^ actual.length;
  for (let i = 0; i < actual.length; i++) difference |= actual[i]! ^ (expected[i] ?? 0);
  return difference === 0;
}

// Keyed MACs of secrets (PINs, emergency codes): HMAC-SHA256 keyed by a random per-secret salt.
// Fast on purpose — it runs on the authentication hot path inside workflow code; the state that holds
// these hashes is encrypted at rest by the payload codec (spec §5).
import { hmac } from '@noble/hashes/hmac';
import { sha256 } from '@noble/hashes/sha2';
import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils';
import type { SecretHash } from './types.js';

const HEX = /^(?:[0-9a-f]{2})+$/i;

function mac(secret: string, saltHex: string): Uint8Array {
  return hmac(sha256, hexToBytes(saltHex), utf8ToBytes(secret));
}

/** Throws on a salt that is not hex: salts come from the CSPRNG activity, never from users. */
export function hashSecret(secret: string, saltHex: string): SecretHash {
  if (!HEX.test(saltHex)) throw new Error('the salt must be a non-empty hex string');
  return { salt: saltHex, hash: bytesToHex(mac(secret, saltHex)) };
}

/** Constant-time in the digest; a malformed stored hash never matches (and never throws). */
export function verifySecret(secret: string, stored: SecretHash): boolean {
  if (!HEX.test(stored.salt) || !HEX.test(stored.hash)) return false;
  const expected = hexToBytes(stored.hash);
  const actual = mac(secret, stored.salt);
  let difference = expected.length ^ actual.length;
  for (let i = 0; i < actual.length; i++) difference |= actual[i]! ^ (expected[i] ?? 0);
  return difference === 0;
}

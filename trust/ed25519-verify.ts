// Strict Ed25519 verification (RFC 8032 / FIPS 186-5, as noble's `verify` with `zip215: false`),
// with a precomputed multiplication table per public key. A principal signs many requests and each
// worker thread verifies them all: noble decodes the key and multiplies it by a double-and-add
// ladder every time, which is most of a verification's cost. Here a key is decoded, checked and
// given a wNAF window table once per thread; a verification then pays for R's decoding, two table
// multiplications and the hash. Same equation and the same checks as noble's, so the same answers
// (ed25519-verify.test.ts holds them side by side). Pure and deterministic: the cache holds
// results of pure functions of the key only, so it is safe in a module the workflows share.
import { ed25519 } from '@noble/curves/ed25519.js';
import type { EdwardsPoint } from '@noble/curves/abstract/edwards.js';
import { sha512 } from '@noble/hashes/sha2.js';
import { concatBytes } from '@noble/hashes/utils.js';

const { Point } = ed25519;
const ORDER = Point.Fn.ORDER;
/** Window bits: 6 builds a table in tens of milliseconds and multiplies in about a third of the ladder's time. */
const WINDOW = 6;
/** Keys kept decoded per thread; principals are few, and a key that falls out is just decoded again. */
const MAX_KEYS = 64;

/** Verifications of a key before it gets its table: a key seen once or twice is not worth one. */
const TABLE_AFTER = 3;

/** A decoded public key (null: an encoding strict verification refuses) and how often it was used. */
const keys = new Map<string, { point: EdwardsPoint | null; uses: number }>();

function littleEndian(bytes: Uint8Array): bigint {
  let n = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) n = (n << 8n) | BigInt(bytes[i]!);
  return n;
}

function decodeKey(publicKey: Uint8Array): EdwardsPoint | null {
  try {
    const point = Point.fromBytes(publicKey, false);
    return point.isSmallOrder() ? null : point;
  } catch {
    return null;
  }
}

function keyPoint(publicKey: Uint8Array): EdwardsPoint | null {
  const id = String.fromCharCode(...publicKey);
  let entry = keys.get(id);
  if (entry === undefined) {
    if (keys.size >= MAX_KEYS) keys.delete(keys.keys().next().value!);
    entry = { point: decodeKey(publicKey), uses: 0 };
    keys.set(id, entry);
  }
  entry.uses += 1;
  if (entry.uses === TABLE_AFTER) entry.point?.precompute(WINDOW, false);
  return entry.point;
}

/**
 * True when `signature` is a valid strict Ed25519 signature of `message` by the 32-byte
 * `publicKey`: canonical encodings of A and R, A not of small order, 0 ≤ S < L, and
 * [8][S]B = [8]R + [8][k]A with k = SHA-512(R ‖ A ‖ M) mod L. Never throws.
 */
export function verifyEd25519(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean {
  try {
    if (signature.length !== 64 || publicKey.length !== 32) return false;
    const A = keyPoint(publicKey);
    if (A === null) return false;
    const r = signature.subarray(0, 32);
    const s = littleEndian(signature.subarray(32));
    if (s >= ORDER) return false;
    // Strict decoding accepts only canonical encodings, so hashing the bytes as received is hashing
    // their re-encoding, as RFC 8032 §5.1.7 does.
    const R = Point.fromBytes(r, false);
    const k = Point.Fn.create(littleEndian(sha512(concatBytes(r, publicKey, message))));
    const SB = Point.BASE.multiplyUnsafe(s);
    return R.add(A.multiplyUnsafe(k)).subtract(SB).clearCofactor().is0();
  } catch {
    return false;
  }
}

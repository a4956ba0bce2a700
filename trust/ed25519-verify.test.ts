import { ed25519 } from '@noble/curves/ed25519.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { verifyEd25519 } from './ed25519-verify.js';
import { RFC8032_VECTORS } from './test-rfc8032.js';

const hex = (text: string) => Uint8Array.from(Buffer.from(text, 'hex'));
const noble = (signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array) =>
  ed25519.verify(signature, message, publicKey, { zip215: false });

const P = 2n ** 255n - 19n;
const L = ed25519.Point.Fn.ORDER;
const le32 = (n: bigint) => Uint8Array.from({ length: 32 }, (_, i) => Number((n >> BigInt(8 * i)) & 0xffn));
const fromLe = (bytes: Uint8Array) => bytes.reduceRight((n, byte) => (n << 8n) | BigInt(byte), 0n);
const withS = (signature: Uint8Array, s: bigint) => Uint8Array.from([...signature.subarray(0, 32), ...le32(s)]);
const withR = (signature: Uint8Array, r: Uint8Array) => Uint8Array.from([...r, ...signature.subarray(32)]);

// Encodings strict verification must refuse: small-order points (the identity, a point of order 2,
// one of order 4) and non-canonical ones (y ≥ p; x = 0 with the sign bit set).
const IDENTITY = le32(1n);
const ORDER_2 = le32(P - 1n);
const ORDER_4 = le32(0n);
const Y_NOT_CANONICAL = le32(P + 1n); // encodes y = 1 (the identity) as p + 1
const X_ZERO_SIGN_SET = Uint8Array.from([...le32(1n).subarray(0, 31), 0x80]);

describe('verifyEd25519', () => {
  it.each(RFC8032_VECTORS.map((v, i) => [i + 1, v] as const))('accepts RFC 8032 §7.1 TEST %i', (_, v) => {
    expect(verifyEd25519(hex(v.signature), hex(v.message), hex(v.public))).toBe(true);
  });

  // Few seeds, so each key is verified often enough to get its precomputed table, and fresh ones.
  const regulars = Array.from({ length: 3 }, (_, i) => new Uint8Array(32).fill(0x40 + i));
  const seeds = fc.oneof(fc.constantFrom(...regulars), fc.uint8Array({ minLength: 32, maxLength: 32 }));

  it('answers as noble does for valid, tampered and foreign signatures', () => {
    fc.assert(
      fc.property(
        seeds,
        seeds,
        fc.uint8Array({ maxLength: 200 }),
        fc.nat({ max: 64 * 8 - 1 }),
        fc.constantFrom('none', 'signature', 'message', 'key'),
        (seed, otherSeed, message, bit, tamper) => {
          let signature = ed25519.sign(message, seed);
          let key = ed25519.getPublicKey(seed);
          let signed = message;
          if (tamper === 'signature') {
            signature = Uint8Array.from(signature);
            signature[bit >> 3]! ^= 1 << (bit & 7);
          } else if (tamper === 'message') signed = Uint8Array.from([...message, bit & 0xff]);
          else if (tamper === 'key') key = ed25519.getPublicKey(otherSeed);
          const expected = noble(signature, signed, key);
          expect(verifyEd25519(signature, signed, key)).toBe(expected);
          if (tamper === 'none') expect(expected).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('refuses S ≥ L (the malleable twin of a valid signature), as noble does', () => {
    const v = RFC8032_VECTORS[0]!;
    const signature = hex(v.signature);
    const twin = withS(signature, fromLe(signature.subarray(32)) + L);
    expect(noble(twin, hex(v.message), hex(v.public))).toBe(false);
    expect(verifyEd25519(twin, hex(v.message), hex(v.public))).toBe(false);
  });

  it.each([
    ['the identity', IDENTITY],
    ['a point of order 2', ORDER_2],
    ['a point of order 4', ORDER_4],
    ['y ≥ p', Y_NOT_CANONICAL],
    ['x = 0 with the sign bit set', X_ZERO_SIGN_SET],
  ])('refuses a public key that is %s, and an R that is', (_, encoding) => {
    const v = RFC8032_VECTORS[1]!;
    const signature = hex(v.signature);
    expect(verifyEd25519(signature, hex(v.message), encoding)).toBe(false);
    expect(noble(signature, hex(v.message), encoding)).toBe(false);
    const forged = withR(signature, encoding);
    expect(verifyEd25519(forged, hex(v.message), hex(v.public))).toBe(noble(forged, hex(v.message), hex(v.public)));
    expect(verifyEd25519(forged, hex(v.message), hex(v.public))).toBe(false);
  });

  it('refuses wrong lengths instead of throwing', () => {
    const v = RFC8032_VECTORS[0]!;
    expect(verifyEd25519(hex(v.signature).subarray(1), hex(v.message), hex(v.public))).toBe(false);
    expect(verifyEd25519(hex(v.signature), hex(v.message), hex(v.public).subarray(1))).toBe(false);
  });

  it('stays right for a key verified again after other keys pushed its table out of the cache', () => {
    const message = Uint8Array.from([1, 2, 3]);
    const check = (seed: Uint8Array) => {
      const key = ed25519.getPublicKey(seed);
      expect(verifyEd25519(ed25519.sign(message, seed), message, key)).toBe(true);
      expect(verifyEd25519(ed25519.sign(Uint8Array.from([9]), seed), message, key)).toBe(false);
    };
    const first = new Uint8Array(32).fill(0xee);
    for (let i = 0; i < 3; i++) check(first); // decoded, then given its table
    for (let i = 0; i < 70; i++) check(new Uint8Array(32).fill(i + 1)); // more keys than the cache holds
    check(first);
  });
});

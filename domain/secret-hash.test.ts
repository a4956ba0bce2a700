import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hashSecret, verifySecret } from './secret-hash.js';

const SALT = '00112233445566778899aabbccddeeff';

describe('secret hashes', () => {
  it('is HMAC-SHA256 keyed by the salt, in hex (RFC 4231 test case 2)', () => {
    const key = Buffer.from('Jefe').toString('hex');
    expect(hashSecret('what do ya want for nothing?', key)).toEqual({
      salt: key,
      hash: '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    });
  });

  it('verifies the secret it hashed and nothing else', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (secret, other) => {
        const stored = hashSecret(secret, SALT);
        expect(verifySecret(secret, stored)).toBe(true);
        expect(verifySecret(other, stored)).toBe(other === secret);
      }),
    );
  });

  it('differs by salt, so equal secrets do not look equal', () => {
    expect(hashSecret('1234', SALT).hash).not.toBe(hashSecret('1234', 'ff' + SALT.slice(2)).hash);
  });

  it('refuses a salt that is not hex', () => {
    expect(() => hashSecret('x', 'not hex')).toThrow(/hex/);
    expect(() => hashSecret('x', '')).toThrow(/hex/);
  });

  it('never matches (and never throws on) a malformed stored hash', () => {
    const good = hashSecret('1234', SALT);
    expect(verifySecret('1234', { ...good, hash: good.hash.slice(2) })).toBe(false);
    expect(verifySecret('1234', { ...good, hash: 'zz' })).toBe(false);
    expect(verifySecret('1234', { ...good, salt: 'xyz' })).toBe(false);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { base64urlToBytes, base64urlToBytesOfSize, bytesToBase64url } from './base64url.js';

describe('base64url', () => {
  it("matches Node's encoder and round-trips any bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const text = bytesToBase64url(bytes);
        expect(text).toBe(Buffer.from(bytes).toString('base64url'));
        expect(base64urlToBytes(text)).toEqual(bytes);
      }),
    );
  });

  it('has the RFC 4648 test vectors (unpadded, url alphabet)', () => {
    const cases: [string, string][] = [
      ['', ''],
      ['f', 'Zg'],
      ['fo', 'Zm8'],
      ['foo', 'Zm9v'],
      ['foob', 'Zm9vYg'],
      ['fooba', 'Zm9vYmE'],
      ['foobar', 'Zm9vYmFy'],
    ];
    for (const [plain, encoded] of cases) {
      expect(bytesToBase64url(new TextEncoder().encode(plain))).toBe(encoded);
      expect(new TextDecoder().decode(base64urlToBytes(encoded)!)).toBe(plain);
    }
    expect(bytesToBase64url(new Uint8Array([0xfb, 0xff, 0xbf]))).toBe('-_-_');
  });

  it('refuses every non-canonical spelling', () => {
    for (const text of ['Zg==', 'Zm8=', 'Zm9v\n', ' Zm9v', '+/+/', 'Zh', 'Zm9', 'Z', 'Zm9vY', 'é', '\u0000', 'Zm9v!']) {
      expect(base64urlToBytes(text), text).toBeNull();
    }
    for (const value of [null, undefined, 42, ['Zg'], { length: 2 }]) expect(base64urlToBytes(value)).toBeNull();
  });

  it('checks the size', () => {
    const key = new Uint8Array(32).fill(7);
    expect(base64urlToBytesOfSize(bytesToBase64url(key), 32)).toEqual(key);
    expect(base64urlToBytesOfSize(bytesToBase64url(key), 64)).toBeNull();
    expect(base64urlToBytesOfSize(bytesToBase64url(key.subarray(1)), 32)).toBeNull();
  });
});

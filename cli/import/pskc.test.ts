import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePskc } from './pskc.js';

const RFC6238_SHA1 = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'; // "12345678901234567890"
const RFC6238_SHA256 = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZA'; // "12345678901234567890123456789012"

/** A default-namespace container around key packages. */
const container = (...packages: string[]) =>
  `<?xml version="1.0"?>\n<KeyContainer Version="1.0" xmlns="urn:ietf:params:xml:ns:keyprov:pskc">\n${packages.join('\n')}\n</KeyContainer>\n`;

const keyPackage = (
  serial: string,
  body: { algorithm?: string; format?: string; data?: string; extra?: string; user?: string } = {},
) =>
  [
    '<KeyPackage>',
    `<DeviceInfo><SerialNo>${serial}</SerialNo><ExpiryDate>2027-01-01T00:00:00Z</ExpiryDate></DeviceInfo>`,
    `<Key Id="k" Algorithm="${body.algorithm ?? 'urn:ietf:params:xml:ns:keyprov:pskc:totp'}">`,
    `<AlgorithmParameters>${body.format ?? '<ResponseFormat Length="6" Encoding="DECIMAL"/>'}</AlgorithmParameters>`,
    `<Data>${body.data ?? '<Secret><PlainValue>MTIzNDU2Nzg5MDEyMzQ1Njc4OTA=</PlainValue></Secret>'}</Data>`,
    body.user ?? '<UserId>alice</UserId>',
    body.extra ?? '',
    '</Key>',
    '</KeyPackage>',
  ].join('\n');

describe('parsePskc', () => {
  it('reads the fixture (pskc: prefixes, expiry from Policy or DeviceInfo, UserId from Key or DeviceInfo)', () => {
    const parsed = parsePskc(readFileSync('test/fixtures/tokens.pskc.xml', 'utf8'), 'Europe/Berlin');
    expect(parsed.skipped).toEqual([]);
    expect(parsed.rows).toEqual([
      {
        line: 5,
        value: {
          serial: 'PSKC-TOTP-1',
          userId: 'alice',
          oath: { type: 'totp', secretBase32: RFC6238_SHA1, digits: 8, period: 30, algorithm: 'SHA1', counter: 0 },
          tokenExpiresAt: '2027-12-31T23:59:59.000Z',
        },
      },
      {
        line: 28,
        value: {
          serial: 'PSKC-TOTP-256',
          userId: 'bob',
          oath: { type: 'totp', secretBase32: RFC6238_SHA256, digits: 6, period: 60, algorithm: 'SHA256', counter: 0 },
          tokenExpiresAt: '2028-06-30T00:00:00.000Z',
        },
      },
      {
        line: 51,
        value: {
          serial: 'PSKC-HOTP-1',
          userId: 'carol',
          oath: { type: 'hotp', secretBase32: RFC6238_SHA1, digits: 6, period: 30, algorithm: 'SHA1', counter: 42 },
          tokenExpiresAt: '2027-09-30T10:00:00.000Z',
        },
      },
    ]);
  });

  it('skips each package our tokens cannot be, with the line of its <KeyPackage>', () => {
    const packages = [
      keyPackage('GOOD'),
      keyPackage('OCRA', { algorithm: 'urn:ietf:params:xml:ns:keyprov:pskc#OCRA-1:HOTP-SHA512-8:C-QN08' }),
      keyPackage('HEX', { format: '<ResponseFormat Length="6" Encoding="HEXADECIMAL"/>' }),
      keyPackage('ENC', {
        data: '<Secret><EncryptedValue><xenc:CipherData xmlns:xenc="http://www.w3.org/2001/04/xmlenc#"><xenc:CipherValue>AAAA</xenc:CipherValue></xenc:CipherData></EncryptedValue></Secret>',
      }),
      keyPackage('B64', { data: '<Secret><PlainValue>not base64!</PlainValue></Secret>' }),
      keyPackage('NOSECRET', { data: '' }),
      keyPackage('DIGITS', { format: '<ResponseFormat Length="7" Encoding="DECIMAL"/>' }),
      keyPackage('NOUSER', { user: '' }),
      keyPackage('SUITE', { format: '<Suite>HMAC-MD5</Suite><ResponseFormat Length="6"/>' }),
      keyPackage('GOOD'),
      '<KeyPackage><DeviceInfo><SerialNo>TWOKEYS</SerialNo></DeviceInfo><Key Algorithm="urn:ietf:params:xml:ns:keyprov:pskc:totp"/><Key Algorithm="urn:ietf:params:xml:ns:keyprov:pskc:totp"/></KeyPackage>',
      '<KeyPackage></KeyPackage>',
    ];
    const text = container(...packages);
    const parsed = parsePskc(text, 'UTC');
    const lineOf = (marker: string) => text.slice(0, text.indexOf(marker)).split('\n').length - 1;
    expect(parsed.rows.map((r) => [r.line, r.value.serial])).toEqual([[lineOf('<SerialNo>GOOD<'), 'GOOD']]);
    const skipped = Object.fromEntries(parsed.skipped.map((s) => [s.line, s.error]));
    expect(skipped[lineOf('<SerialNo>OCRA<')]).toMatch(/is not HOTP or TOTP/);
    expect(skipped[lineOf('<SerialNo>HEX<')]).toMatch(/HEXADECIMAL is not DECIMAL/);
    expect(skipped[lineOf('<SerialNo>ENC<')]).toMatch(/encrypted secrets are not supported/);
    expect(skipped[lineOf('<SerialNo>B64<')]).toMatch(/not base64/);
    expect(skipped[lineOf('<SerialNo>NOSECRET<')]).toBe('seed: missing');
    expect(skipped[lineOf('<SerialNo>DIGITS<')]).toMatch(/^digits: /);
    expect(skipped[lineOf('<SerialNo>NOUSER<')]).toBe('user: missing');
    expect(skipped[lineOf('<SerialNo>SUITE<')]).toMatch(/^algorithm: /);
    expect(Object.values(skipped)).toContain(`serial GOOD already appears on line ${lineOf('<SerialNo>GOOD<')}`);
    expect(Object.values(skipped)).toContain('more than one <Key> in the <KeyPackage>');
    expect(Object.values(skipped)).toContain('empty <KeyPackage>');
    expect(parsed.skipped).toHaveLength(11);
  });

  it('counts lines past comments and CDATA that mention <KeyPackage>', () => {
    const text = container('<!-- <KeyPackage>\n old one -->', keyPackage('A'));
    expect(parsePskc(text, 'UTC').rows[0]?.line).toBe(5);
  });

  it('reads base64 secrets split over lines, and Suite with attributes', () => {
    const text = container(
      keyPackage('WRAP', {
        format: '<Suite hash="x">SHA256</Suite><ResponseFormat Length="8"/>',
        data: '<Secret><PlainValue>\n  MTIzNDU2Nzg5\n  MDEyMzQ1Njc4OTA=\n</PlainValue></Secret>',
      }),
    );
    expect(parsePskc(text, 'UTC').rows[0]?.value.oath).toMatchObject({
      secretBase32: RFC6238_SHA1,
      algorithm: 'SHA256',
      digits: 8,
    });
  });

  it('refuses what is not PSKC: malformed XML with its line, another root element', () => {
    expect(() => parsePskc('<KeyContainer>\n<KeyPackage>\n</KeyContainer>', 'UTC')).toThrow(
      /^line 3: not well-formed XML/,
    );
    expect(() => parsePskc('<tokens><token/></tokens>', 'UTC')).toThrow(/root element must be <KeyContainer>/);
  });

  it('accepts a container with no packages', () => {
    expect(parsePskc(container(), 'UTC')).toEqual({ rows: [], skipped: [] });
  });
});

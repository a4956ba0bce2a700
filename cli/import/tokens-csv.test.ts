import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseTokensCsv } from './tokens-csv.js';

const HEADER = 'serial,user,seed,type,digits,period,algorithm,expires,pin';
const SEED = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

describe('parseTokensCsv', () => {
  it('reads the fixture, resolving date-only expiries to the end of the day in the zone', () => {
    const parsed = parseTokensCsv(readFileSync('test/fixtures/tokens.csv', 'utf8'), 'Europe/Berlin');
    expect(parsed.skipped).toEqual([]);
    expect(parsed.rows).toEqual([
      {
        line: 2,
        value: {
          serial: 'TOTP-0001',
          userId: 'alice',
          oath: { type: 'totp', secretBase32: SEED, digits: 6, period: 30, algorithm: 'SHA1', counter: 0 },
          tokenExpiresAt: '2027-12-31T22:59:59.999Z',
          pin: '1234',
        },
      },
      {
        line: 3,
        value: {
          serial: 'HOTP-0002',
          userId: 'bob',
          oath: { type: 'hotp', secretBase32: SEED, digits: 8, period: 30, algorithm: 'SHA1', counter: 0 },
          tokenExpiresAt: '2027-06-30T12:00:00.000Z',
        },
      },
      {
        line: 4,
        value: {
          serial: 'TOTP-0003',
          userId: 'carol',
          oath: {
            type: 'totp',
            secretBase32: `${SEED}GEZDGNBVGY3TQOJQGEZA`,
            digits: 8,
            period: 60,
            algorithm: 'SHA256',
            counter: 0,
          },
          tokenExpiresAt: '2028-01-15T22:59:59.999Z',
        },
      },
    ]);
  });

  it('takes the OATH defaults for optional columns left out or empty, and a counter column for HOTP', () => {
    const parsed = parseTokensCsv(
      `serial,user,seed,expires,type,counter\r\nH1,alice,${SEED},2027-01-01T00:00:00Z,HOTP,17\r\nT1,alice,${SEED},2027-01-01T00:00:00Z,,\r\n`,
      'UTC',
    );
    expect(parsed.rows.map((r) => r.value.oath)).toEqual([
      { type: 'hotp', secretBase32: SEED, digits: 6, period: 30, algorithm: 'SHA1', counter: 17 },
      { type: 'totp', secretBase32: SEED, digits: 6, period: 30, algorithm: 'SHA1', counter: 0 },
    ]);
  });

  it('skips every kind of bad row with its line, and a repeated serial', () => {
    const rows = [
      `GOOD,alice,${SEED},totp,6,30,SHA1,2027-01-01,`,
      `,alice,${SEED},totp,6,30,SHA1,2027-01-01,`,
      `bad/serial,alice,${SEED},totp,6,30,SHA1,2027-01-01,`,
      `NOUSER,,${SEED},totp,6,30,SHA1,2027-01-01,`,
      `SEED,alice,not-base32!,totp,6,30,SHA1,2027-01-01,`,
      `TYPE,alice,${SEED},ocra,6,30,SHA1,2027-01-01,`,
      `DIGITS,alice,${SEED},totp,7,30,SHA1,2027-01-01,`,
      `PERIOD,alice,${SEED},totp,6,0,SHA1,2027-01-01,`,
      `ALG,alice,${SEED},totp,6,30,MD5,2027-01-01,`,
      `EXPIRY,alice,${SEED},totp,6,30,SHA1,31/12/2027,`,
      `NOEXPIRY,alice,${SEED},totp,6,30,SHA1,,`,
      `PIN,alice,${SEED},totp,6,30,SHA1,2027-01-01,12`,
      `GOOD,alice,${SEED},totp,6,30,SHA1,2027-01-01,`,
      `SHORT,alice,${SEED}`,
    ];
    const parsed = parseTokensCsv([HEADER, ...rows].join('\n'), 'UTC');
    expect(parsed.rows.map((r) => r.line)).toEqual([2]);
    expect(parsed.skipped).toEqual([
      { line: 3, error: 'serial: missing' },
      { line: 4, error: expect.stringMatching(/^serial: "bad\/serial" is not a serial/) },
      { line: 5, error: 'user: missing' },
      { line: 6, error: expect.stringMatching(/^seed: .*base32/) },
      { line: 7, error: expect.stringMatching(/^type: type must be one of totp, hotp/) },
      { line: 8, error: expect.stringMatching(/^digits: digits must be 6 or 8/) },
      { line: 9, error: expect.stringMatching(/^period: /) },
      { line: 10, error: expect.stringMatching(/^algorithm: /) },
      { line: 11, error: expect.stringMatching(/^expires: "31\/12\/2027" is not a date/) },
      { line: 12, error: 'expires: missing' },
      { line: 13, error: expect.stringMatching(/^pin: a PIN is 4–8 letters or digits/) },
      { line: 14, error: 'serial GOOD already appears on line 2' },
      { line: 15, error: 'expected 9 fields as in the header, found 3' },
    ]);
  });

  it('reports all problems of one row together', () => {
    const parsed = parseTokensCsv(`${HEADER}\nX,alice,${SEED},totp,9,30,MD5,2027-01-01,1`, 'UTC');
    expect(parsed.skipped[0]?.error.split('; ').map((e) => e.split(':')[0])).toEqual(['digits', 'algorithm', 'pin']);
  });

  it('refuses a file with a column it does not know', () => {
    expect(() => parseTokensCsv('serial,user,seed,expiry\n', 'UTC')).toThrow(
      /unknown column expiry; missing column expires/,
    );
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HOTP_LOOK_AHEAD, isValidBase32Secret, oathCodeAt, verifyOathCode } from './oath.js';
import type { OathSpec } from './types.js';

// RFC 6238 appendix B / RFC 4226 appendix D: the secret "12345678901234567890".
const SEED = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const totp: OathSpec = { type: 'totp', secretBase32: SEED, digits: 8, period: 30, algorithm: 'SHA1', counter: 0 };
const hotp: OathSpec = { type: 'hotp', secretBase32: SEED, digits: 6, period: 30, algorithm: 'SHA1', counter: 0 };
const RFC4226 = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489'];
const hotpCode = (counter: number) => oathCodeAt({ ...hotp, counter }, 0);

describe('TOTP', () => {
  it('matches the RFC 6238 test vectors', () => {
    expect(oathCodeAt(totp, 59_000)).toBe('94287082');
    expect(oathCodeAt(totp, 1_111_111_109_000)).toBe('07081804');
    expect(oathCodeAt({ ...totp, digits: 6 }, 1_234_567_890_000)).toBe('005924');
  });

  it('accepts the current step and one step of drift either way, with the matched step', () => {
    const now = 1_111_111_109_000;
    const step = Math.floor(now / 30_000);
    for (const drift of [-1, 0, 1]) {
      expect(verifyOathCode(totp, oathCodeAt(totp, now + drift * 30_000), now, null)).toEqual({
        ok: true,
        step: step + drift,
      });
    }
    expect(verifyOathCode(totp, oathCodeAt(totp, now + 60_000), now, null)).toEqual({ ok: false });
    expect(verifyOathCode(totp, oathCodeAt(totp, now - 60_000), now, null)).toEqual({ ok: false });
  });

  it('refuses a replay: a step at or below the last accepted one', () => {
    const now = 1_111_111_109_000;
    const code = oathCodeAt(totp, now);
    const accepted = verifyOathCode(totp, code, now, null);
    expect(accepted.ok).toBe(true);
    if (!accepted.ok) return;
    expect(verifyOathCode(totp, code, now, accepted.step)).toEqual({ ok: false });
    expect(verifyOathCode(totp, code, now, accepted.step - 1)).toEqual(accepted);
  });

  it.each(['SHA256', 'SHA512'] as const)('works with %s', (algorithm) => {
    const spec = { ...totp, algorithm };
    expect(verifyOathCode(spec, oathCodeAt(spec, 5_000_000), 5_000_000, null).ok).toBe(true);
    expect(oathCodeAt(spec, 5_000_000)).not.toBe(oathCodeAt(totp, 5_000_000));
  });

  it('refuses codes of the wrong length or with non-digits without trying them', () => {
    expect(verifyOathCode(totp, '9428708', 59_000, null)).toEqual({ ok: false });
    expect(verifyOathCode(totp, '9428708a', 59_000, null)).toEqual({ ok: false });
  });

  it('never accepts a code that is not one of the three window codes', () => {
    const now = 1_700_000_000_000;
    const window = new Set([-1, 0, 1].map((d) => oathCodeAt(totp, now + d * 30_000)));
    fc.assert(
      fc.property(
        fc.stringMatching(/^\d{8}$/),
        (code) => verifyOathCode(totp, code, now, null).ok === window.has(code),
      ),
    );
  });
});

describe('HOTP', () => {
  it('matches the RFC 4226 test vectors', () => {
    RFC4226.forEach((code, counter) => expect(hotpCode(counter)).toBe(code));
  });

  it(`looks ahead ${HOTP_LOOK_AHEAD} counters from the expected one, never behind`, () => {
    const at = { ...hotp, counter: 1 };
    expect(verifyOathCode(at, hotpCode(1), 0, null)).toEqual({ ok: true, step: 1 });
    expect(verifyOathCode(at, hotpCode(1 + HOTP_LOOK_AHEAD), 0, null)).toEqual({ ok: true, step: 1 + HOTP_LOOK_AHEAD });
    expect(verifyOathCode(at, hotpCode(0), 0, null)).toEqual({ ok: false });
    expect(verifyOathCode(at, hotpCode(2 + HOTP_LOOK_AHEAD), 0, null)).toEqual({ ok: false });
  });

  it('refuses a counter at or below the last accepted one', () => {
    expect(verifyOathCode(hotp, hotpCode(3), 0, 3)).toEqual({ ok: false });
    expect(verifyOathCode(hotp, hotpCode(3), 0, 2)).toEqual({ ok: true, step: 3 });
  });
});

describe('isValidBase32Secret', () => {
  it.each([SEED, SEED.toLowerCase(), 'JBSWY3DPEHPK3PXP', 'JBSWY3DPEHPK3PXPJA======'])('%s is a seed', (s) =>
    expect(isValidBase32Secret(s)).toBe(true),
  );
  it.each(['JBSWY3DPEHPK3PX', 'JBSWY3DPEHPK3PX1', 'JBSWY3DP EHPK3PXP', '', '================'])('%j is not', (s) =>
    expect(isValidBase32Secret(s)).toBe(false),
  );
});

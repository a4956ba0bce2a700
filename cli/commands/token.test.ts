import { describe, expect, it } from 'vitest';
import { ea, seededService } from '../testing/run.js';

const SEED = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

describe('ea token add', () => {
  it('assigns with the OATH defaults; a date-only expiry is the end of that day in TZ, shown resolved', async () => {
    const service = await seededService();
    const result = await ea(
      ['token', 'add', 'T9', '--user', 'alice', '--seed', SEED.toLowerCase(), '--expires', '2027-06-30'],
      { service },
    );
    expect(result.code).toBe(0);
    expect(service.calls[0]?.args[0]).toEqual({
      serial: 'T9',
      userId: 'alice',
      oath: { type: 'totp', secretBase32: SEED, digits: 6, period: 30, algorithm: 'SHA1', counter: 0 },
      tokenExpiresAt: '2027-06-30T21:59:59.999Z',
    });
    expect(result.stdout).toContain('Token T9 created, assigned to alice: TOTP SHA1, 6 digits, 30 s.');
    expect(result.stdout).toContain('2027-06-30T21:59:59.999Z (2027-06-30 23:59:59 Europe/Berlin)');
  });

  it('takes every OATH parameter and a PIN; JSON = { status, outcome }', async () => {
    const service = await seededService();
    const argv = [
      'token',
      'add',
      'H1',
      '--user',
      'alice',
      '--seed',
      SEED,
      '--expires',
      '2027-06-30T12:00:00Z',
      '--type',
      'hotp',
      '--digits',
      '8',
      '--counter',
      '5',
      '--algorithm',
      'sha512',
      '--pin',
      'ab12',
      '--json',
    ];
    const result = await ea(argv, { service });
    expect(service.calls[0]?.args[0]).toMatchObject({
      oath: { type: 'hotp', digits: 8, counter: 5, algorithm: 'SHA512' },
      pin: 'ab12',
      tokenExpiresAt: '2027-06-30T12:00:00.000Z',
    });
    expect(result.json()).toMatchObject({ outcome: 'created', status: { serial: 'H1', hasPin: true } });
  });

  it.each([
    [['--digits', '7'], /6 or 8/],
    [['--type', 'sms'], /--type must be one of totp, hotp/],
    [['--algorithm', 'MD5'], /SHA1, SHA256, SHA512/],
    [['--period', '0'], /period/],
    [['--pin', '12'], /4–8 letters or digits/],
    [['--expires', '2027-02-30'], /not a calendar date/],
  ])('refuses %j (exit 2)', async (flags, message) => {
    const base = ['token', 'add', 'T9', '--user', 'alice', '--seed', SEED, '--expires', '2027-06-30'];
    const result = await ea([...base, ...flags]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });

  it('needs --user, --seed and --expires', async () => {
    for (const missing of ['--user', '--seed', '--expires']) {
      const flags = { '--user': 'alice', '--seed': SEED, '--expires': '2027-06-30' };
      const argv = [
        'token',
        'add',
        'T9',
        ...Object.entries(flags)
          .filter(([k]) => k !== missing)
          .flat(),
      ];
      const result = await ea(argv);
      expect(result.code, missing).toBe(2);
      expect(result.stderr).toContain(`required option '${missing}`);
    }
  });

  it('an unknown user is not found (exit 2)', async () => {
    const result = await ea(['token', 'add', 'T9', '--user', 'zed', '--seed', SEED, '--expires', '2027-06-30'], {
      service: await seededService(),
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/unknown user zed/);
  });
});

import { describe, expect, it } from 'vitest';
import { ea, seededService } from '../testing/run.js';

/** An emergency code in the default policy's format: 8 letters and digits. */
const CODE = /^[A-Za-z0-9]{8}$/;

describe('ea lost', () => {
  it('JSON has serial, state, reason, kind, codes, expiresAt; the service gets every option', async () => {
    const service = await seededService();
    const result = await ea(
      [
        'lost',
        'T1',
        '--reason',
        'permanently-lost',
        '--kind',
        'one-time-set',
        '--count',
        '3',
        '--lifetime',
        '36h',
        '--if-found',
        'deny',
        '--deliver',
        'display',
        '--json',
      ],
      { service },
    );
    expect(result.code).toBe(0);
    expect(result.json()).toEqual({
      serial: 'T1',
      state: 'emergency',
      reason: 'permanently-lost',
      kind: 'one-time-set',
      codes: [expect.stringMatching(CODE), expect.stringMatching(CODE), expect.stringMatching(CODE)],
      expiresAt: '2026-03-03T00:00:00.000Z',
    });
    expect(service.calls[0]?.args[1]).toMatchObject({
      reason: 'permanently-lost',
      kind: 'one-time-set',
      count: 3,
      lifetimeMs: 36 * 3_600_000,
      ifFound: 'deny',
      delivery: 'display',
    });
  });

  it('prints a temporary fixed code in a clear block, once', async () => {
    const result = await ea(['lost', 'T1', '--reason', 'temporarily-unavailable'], { service: await seededService() });
    expect(result.stdout).toMatch(
      /Emergency access on token T1 \(temporarily-unavailable, temporary-fixed\) until 2026-03-08T12:00:00.000Z/,
    );
    expect(result.stdout).toMatch(
      /Emergency tokencode: shown once; the user types PIN \+ code\.\n\n {6}[A-Za-z0-9]{8}\n/,
    );
  });

  it('says where delivered codes went and shows none', async () => {
    const service = await seededService();
    const result = await ea(['lost', 'T1', '--reason', 'temporarily-unavailable', '--deliver', 'sms'], { service });
    expect(result.stdout).toMatch(/sent to the user by sms/);
    // The code is in the SMS alice got, on the line after its heading, and nowhere in the output.
    const [sms] = service.sent('T1').filter((m) => m.template === 'emergency-codes');
    const code = sms?.body.split('\n')[1] ?? '';
    expect(code).toMatch(CODE);
    expect(result.stdout).not.toContain(code);
    const onDemand = await ea(['lost', 'T1', '--reason', 'temporarily-unavailable', '--kind', 'on-demand', '--json'], {
      service: await seededService(),
    });
    expect(onDemand.json()).toMatchObject({ kind: 'on-demand', codes: [] });
  });

  it('--expires-at with a date alone ends at the end of that day in TZ; --self-service and --regenerate pass through', async () => {
    const service = await seededService();
    await ea(['lost', 'T1', '--reason', 'permanently-lost', '--expires-at', '2026-03-10', '--self-service'], {
      service,
    });
    await ea(['lost', 'T1', '--reason', 'permanently-lost', '--regenerate'], { service });
    expect(service.calls[0]?.args[1]).toMatchObject({ expiresAt: '2026-03-10T22:59:59.999Z', selfService: true });
    expect(service.calls[1]?.args[1]).toMatchObject({ regenerate: true });
  });

  it('--regenerate needs no --reason: the EA keeps its own; a new EA still needs one (exit 2)', async () => {
    const service = await seededService();
    await ea(['lost', 'T1', '--reason', 'permanently-lost'], { service });
    const again = await ea(['lost', 'T1', '--regenerate', '--json'], { service });
    expect(again.code).toBe(0);
    expect(again.json()).toMatchObject({ reason: 'permanently-lost' });
    const missing = await ea(['lost', 'T2', '--json'], { service });
    expect(missing.code).toBe(2);
    expect(missing.json()).toMatchObject({ error: { message: expect.stringMatching(/--reason/) } });
  });

  it('refused when already in emergency access without --regenerate (exit 1)', async () => {
    const service = await seededService();
    await ea(['lost', 'T1', '--reason', 'permanently-lost'], { service });
    const again = await ea(['lost', 'T1', '--reason', 'permanently-lost', '--json'], { service });
    expect(again.code).toBe(1);
    expect(again.json()).toEqual({
      error: { code: 'refused', message: expect.stringMatching(/already in emergency access .*regenerate/) },
    });
  });

  it.each([
    [['--reason', 'stolen'], /--reason must be one of permanently-lost, temporarily-unavailable/],
    [['--reason', 'permanently-lost', '--kind', 'paper'], /--kind must be one of/],
    [['--reason', 'permanently-lost', '--count', '0'], /--count must be a whole number from 1 to 50/],
    [['--reason', 'permanently-lost', '--lifetime', 'a week'], /not a duration/],
    [['--reason', 'permanently-lost', '--expires-at', 'Friday'], /not a date/],
    [
      ['--reason', 'permanently-lost', '--if-found', 'maybe'],
      /--if-found must be one of deny, allow-and-end-emergency, allow-after-expiry/,
    ],
    [['--reason', 'permanently-lost', '--deliver', 'pigeon'], /--deliver must be one of display, email, sms/],
    [['--reason', 'permanently-lost', '--lifetime', '7d', '--expires-at', '2026-04-01'], /cannot be used with/],
    [[], /give --reason/],
  ])('refuses %j (exit 2)', async (flags, message) => {
    const result = await ea(['lost', 'T1', ...flags]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });
});

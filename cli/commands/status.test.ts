import { describe, expect, it } from 'vitest';
import { ea, seededService } from '../testing/run.js';

describe('ea status', () => {
  it('JSON is the TokenStatus with every contract field', async () => {
    const service = await seededService();
    await ea(['lost', 'T1', '--reason', 'permanently-lost', '--kind', 'one-time-set', '--count', '4'], { service });
    const result = await ea(['status', 'T1', '--json'], { service });
    expect(result.code).toBe(0);
    expect(result.json()).toMatchObject({
      serial: 'T1',
      user: 'alice',
      state: 'emergency',
      reason: 'permanently-lost',
      kind: 'one-time-set',
      unusedCodes: 4,
      expiresAt: '2026-03-08T12:00:00.000Z',
      tokenExpiresAt: '2027-01-01T00:00:00.000Z',
      locked: false,
      lockedUntil: null,
      disabled: false,
      replacementEligible: true, // a permanently lost token may be replaced at once
      replacementRequested: false,
    });
  });

  it('human output: a headline and an aligned table, times shown in TZ', async () => {
    const service = await seededService();
    await ea(['lost', 'T1', '--reason', 'permanently-lost', '--kind', 'one-time-set', '--count', '4'], { service });
    const { stdout } = await ea(['status', 'T1'], { service });
    expect(stdout).toMatch(/^Token T1: emergency \(permanently-lost, one-time-set\)\n/);
    expect(stdout).toMatch(/ {2}unused codes {5}4\n/);
    expect(stdout).toContain('emergency ends   2026-03-08T12:00:00.000Z (2026-03-08 13:00:00 Europe/Berlin)');
    expect(stdout).toMatch(/locked {11}no/);
  });

  it('lists undelivered messages (JSON: the undelivered field; people: one line each)', async () => {
    const service = await seededService();
    const undelivered = [
      {
        template: 'emergency-codes',
        channel: 'email' as const,
        failures: 3,
        lastError: 'connect ECONNREFUSED 127.0.0.1:25',
        nextAttemptAt: '2026-03-01T13:00:00.000Z',
        giveUpAt: '2026-03-08T12:00:00.000Z',
      },
    ];
    const status = service.status.bind(service);
    service.status = async (serial) => ({ ...(await status(serial)), undelivered });
    expect((await ea(['status', 'T1', '--json'], { service })).json()).toMatchObject({ undelivered });
    const { stdout } = await ea(['status', 'T1'], { service });
    expect(stdout).toMatch(
      /^ *undelivered +emergency-codes by email: 3 failed rounds \(connect ECONNREFUSED 127\.0\.0\.1:25\), next try 2026-03-01T13:00:00\.000Z .*, given up at 2026-03-08T12:00:00\.000Z/m,
    );
  });
});

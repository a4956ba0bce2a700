import { describe, expect, it } from 'vitest';
import { CLI_NOW, ea, seededService } from '../testing/run.js';

const SEED = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

describe('replacements', () => {
  it('ea replacement request: refused until eligible (exit 1), then recorded', async () => {
    let now = CLI_NOW;
    const service = await seededService(() => now);
    expect((await ea(['replacement', 'request', 'T1'], { service })).code).toBe(1);
    // T1 expires 2027-01-01: the policy's 30-day replacement window opens on 2026-12-02.
    now = Date.parse('2026-12-02T00:00:00Z');
    const result = await ea(['replacement', 'request', 'T1', '--json'], { service });
    expect(result.code).toBe(0);
    expect(result.json()).toMatchObject({ replacementRequested: true });
  });

  it('ea replace SERIAL --with NEW --seed B32 --expires DATE', async () => {
    const service = await seededService();
    const result = await ea(
      ['replace', 'T1', '--with', 'T1-NEW', '--seed', SEED, '--expires', '2028-12-31', '--json'],
      { service },
    );
    expect(result.code).toBe(0);
    expect(service.calls[0]).toEqual({
      method: 'replace',
      args: [
        'T1',
        {
          newSerial: 'T1-NEW',
          oath: { type: 'totp', secretBase32: SEED, digits: 6, period: 30, algorithm: 'SHA1', counter: 0 },
          tokenExpiresAt: '2028-12-31T22:59:59.999Z',
        },
        {},
      ],
    });
    expect(result.json()).toMatchObject({ serial: 'T1', state: 'retired', replacedBy: 'T1-NEW' });
  });

  it('validates the new serial, seed and expiry (exit 2)', async () => {
    expect((await ea(['replace', 'T1', '--with', 'a b', '--seed', SEED, '--expires', '2028-12-31'])).stderr).toMatch(
      /not a serial/,
    );
    expect((await ea(['replace', 'T1', '--with', 'N', '--seed', '1111', '--expires', '2028-12-31'])).stderr).toMatch(
      /base32/,
    );
    expect((await ea(['replace', 'T1', '--with', 'N', '--seed', SEED])).stderr).toMatch(/required option '--expires/);
  });
});

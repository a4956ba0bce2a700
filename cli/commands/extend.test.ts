import { describe, expect, it } from 'vitest';
import { ea, seededService } from '../testing/run.js';

describe('ea extend', () => {
  it('--lifetime or --expires-at reaches the service', async () => {
    const service = await seededService();
    await ea(['lost', 'T1', '--reason', 'permanently-lost'], { service });
    expect((await ea(['extend', 'T1', '--lifetime', '14d'], { service })).code).toBe(0);
    const result = await ea(['extend', 'T1', '--expires-at', '2026-04-01', '--json'], { service });
    expect(service.calls.filter((c) => c.method === 'extend').map((c) => c.args[1])).toEqual([
      { lifetimeMs: 14 * 86_400_000 },
      { expiresAt: '2026-04-01T21:59:59.999Z' },
    ]);
    expect(result.json()).toMatchObject({ expiresAt: '2026-04-01T21:59:59.999Z' });
  });

  it('needs exactly one of the two (exit 2)', async () => {
    expect((await ea(['extend', 'T1'])).stderr).toMatch(/give --lifetime or --expires-at/);
    expect((await ea(['extend', 'T1', '--lifetime', '1d', '--expires-at', '2026-04-01'])).code).toBe(2);
  });

  it('refused outside emergency access (exit 1)', async () => {
    expect((await ea(['extend', 'T1', '--lifetime', '1d'], { service: await seededService() })).code).toBe(1);
  });
});

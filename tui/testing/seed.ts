// Fills a service (the in-memory one, in tests and the benchmark) with users and tokens: every tenth
// token in emergency access with a different end, so filters and the time-left sort have work to do.
import { DAY_MS, MINUTE_MS } from '../../domain/time.js';
import type { EaService } from '../../client/ea-service.js';

export function serialOf(index: number): string {
  return `T${String(index).padStart(5, '0')}`;
}

export async function seedTokens(service: EaService, count: number, now: number): Promise<void> {
  const meta = {};
  for (let i = 1; i <= count; i++) {
    const userId = `user${String(Math.ceil(i / 3)).padStart(5, '0')}`;
    if (i % 3 === 1)
      await service.putUser(
        { id: userId, email: `${userId}@example.com`, mobile: '+4915112345678', onDemand: 'sms' },
        meta,
      );
    const oath = {
      type: 'totp' as const,
      secretBase32: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
      digits: 6 as const,
      period: 30,
      algorithm: 'SHA1' as const,
      counter: 0,
    };
    await service.addToken(
      { serial: serialOf(i), userId, oath, tokenExpiresAt: new Date(now + 400 * DAY_MS).toISOString(), pin: '1234' },
      meta,
    );
    if (i % 10 === 0)
      await service.lost(
        serialOf(i),
        {
          reason: 'temporarily-unavailable',
          kind: 'one-time-set',
          count: 5,
          lifetimeMs: DAY_MS + (count - i) * MINUTE_MS,
        },
        meta,
      );
  }
}

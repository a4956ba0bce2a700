// Small builders shared by the core scenarios: a user with a token, codes computed from the seed.
import { randomUUID } from 'node:crypto';
import { oathCodeAt } from '../../domain/oath.js';
import type { OathSpec } from '../../domain/types.js';
import type { CallMeta, EaService, NewToken } from '../../client/ea-service.js';

export const SEED = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'; // RFC 6238's "12345678901234567890"
// Letters past `f`: a PIN of digits alone can turn up by chance in the hex of a UUID or build id,
// which the raw-history checks would take for a leaked PIN.
export const PIN = 'Pw4711';
/** An operator's call: who acts is the service's signer (the harness's admin). */
export const operator: CallMeta = {};

export const totp: OathSpec = {
  type: 'totp',
  secretBase32: SEED,
  digits: 6,
  period: 30,
  algorithm: 'SHA1',
  counter: 0,
};

export function tokenCode(nowMs = Date.now()): string {
  return oathCodeAt(totp, nowMs);
}

export async function userWithToken(
  service: EaService,
  options: {
    pin?: string | null;
    email?: string;
    onDemand?: 'email' | 'sms' | null;
    expiresInDays?: number;
    now?: number;
  } = {},
): Promise<{ userId: string; serial: string }> {
  const id = randomUUID().slice(0, 8);
  const userId = `user-${id}`;
  const serial = `T${id}`;
  await service.putUser(
    {
      id: userId,
      name: `User ${id}`,
      email: options.email ?? `${userId}@example.com`,
      mobile: '+4915112345678',
      onDemand: options.onDemand ?? null,
    },
    operator,
  );
  const token: NewToken = {
    serial,
    userId,
    oath: totp,
    tokenExpiresAt: new Date((options.now ?? Date.now()) + (options.expiresInDays ?? 400) * 86_400_000).toISOString(),
    ...(options.pin === null ? {} : { pin: options.pin ?? PIN }),
  };
  await service.addToken(token, operator);
  return { userId, serial };
}

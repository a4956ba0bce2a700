// The tokens the benchmark works on: one user per token (a mass incident hits many people), each
// with an e-mail contact so signalled codes are delivered, a PIN, and a TOTP seed whose codes the
// benchmark computes like the user's token would.
import { EaError, type EaService } from '../client/ea-service.js';
import type { OathSpec } from '../domain/types.js';
import { forEachConcurrently } from './pool.js';

export const PIN = '4711';
export const totp: OathSpec = {
  type: 'totp',
  secretBase32: 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ',
  digits: 6,
  period: 30,
  algorithm: 'SHA1',
  counter: 0,
};

export interface FleetToken {
  serial: string;
  userId: string;
}

const meta = {};

export function fleetOf(count: number, prefix = 'B'): FleetToken[] {
  return Array.from({ length: count }, (_, i) => {
    const n = String(i + 1).padStart(6, '0');
    return { serial: `${prefix}${n}`, userId: `u${prefix}${n}` };
  });
}

export async function addToken(service: EaService, token: FleetToken, nowMs: number): Promise<void> {
  await service.putUser(
    { id: token.userId, name: `User ${token.userId}`, email: `${token.userId}@example.com`, onDemand: null },
    meta,
  );
  await service.addToken(
    {
      serial: token.serial,
      userId: token.userId,
      oath: totp,
      tokenExpiresAt: new Date(nowMs + 800 * 86_400_000).toISOString(),
      pin: PIN,
    },
    meta,
  );
}

/** Every step is idempotent (same user, same token: "unchanged"), so an answer lost to a busy machine is retried. */
async function addTokenRetrying(service: EaService, token: FleetToken): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await addToken(service, token, Date.now());
    } catch (error) {
      if (!(error instanceof EaError && error.code === 'unavailable') || attempt >= 5) throw error;
    }
  }
}

/** Creates the fleet as an import would: the first token alone (it starts the policy), then a few callers at a time. */
export async function createFleet(service: EaService, tokens: FleetToken[], concurrency = 8): Promise<void> {
  const [first, ...rest] = tokens;
  if (first) await addTokenRetrying(service, first);
  await forEachConcurrently(rest, concurrency, (token) => addTokenRetrying(service, token));
}

// Issue #16 item 16: a worker killed after it wrote the outbox, before the workflow task completed.
// The task runs again from the same history — later, maybe on another worker — and must queue the
// same message (same id, same outbox name) carrying the same codes, so the one message the user got
// works. Here: the same state and signal handled twice, at two workflow times, by two workers that
// share the workers' key.
import { describe, expect, it } from 'vitest';
import { createCodeActivities } from '../activities/codes.js';
import { createPasscodeCheck } from '../activities/passcode-check.js';
import { messageVars } from '../activities/delivery/message-vars.js';
import { sealedOathOf, sealedPasscodeOf } from '../client/outgoing-secrets.js';
import { DEFAULT_POLICY } from '../domain/policy.js';
import type { User } from '../domain/types.js';
import { generateWorkerKeyRing, type WorkerKeyRing } from '../worker/codec/worker-key.js';
import { TokenEntity, type TokenSnapshot } from './token-entity.js';

const T0 = Date.parse('2026-06-01T12:00:00.000Z');
const alice: User = {
  id: 'alice',
  name: 'Alice',
  email: 'alice@example.com',
  mobile: null,
  onDemand: null,
  serials: ['T1'],
};

/** One worker's take on the entity: its own copy of the keys, the workflow time it runs at. */
function entityOn(snapshot: TokenSnapshot, keys: WorkerKeyRing, nowMs: number): TokenEntity {
  let ids = 0;
  return new TokenEntity(snapshot, {
    now: () => nowMs,
    newId: () => `id-${++ids}`, // uuid4 in a workflow: the same sequence on every replay
    ...createCodeActivities(structuredClone(keys)),
    ...createPasscodeCheck(keys),
    lookupUser: async () => alice,
    exportAudit: () => undefined,
    publish: () => undefined,
    acceptedAttempt: async () => null,
  });
}

describe('a loss signal handled again after a worker died', () => {
  it('queues the same message with the same codes, whichever worker runs it and when', async () => {
    const key = generateWorkerKeyRing();
    const first = entityOn({ serial: 'T1', policy: DEFAULT_POLICY }, key, T0);
    await first.assign({
      requestId: 'assign-1',
      actor: 'admin',
      origin: 'operator',
      serial: 'T1',
      userId: 'alice',
      oath: sealedOathOf(
        { type: 'totp', secretBase32: 'JBSWY3DPEHPK3PXP', digits: 6, period: 30, algorithm: 'SHA1', counter: 0 },
        key.current.publicKey,
      ),
      tokenExpiresAt: new Date(T0 + 400 * 86_400_000).toISOString(),
    });
    const before = first.snapshot();
    const signal = {
      requestId: 'lost-1',
      actor: 'asset-mgmt',
      origin: 'system' as const,
      reason: 'permanently-lost' as const,
      envelope: { principal: 'asset-mgmt', at: new Date(T0 - 2_000).toISOString(), signature: 'x'.repeat(86) },
    };
    const attempts = await Promise.all(
      [T0, T0 + 12_000].map(async (nowMs) => {
        const entity = entityOn(structuredClone(before), key, nowMs);
        await entity.lookupUser();
        await entity.reportLost(signal, null);
        return entity;
      }),
    );
    const [killed, retried] = attempts.map((entity) => entity.messages.find((m) => m.template === 'emergency-codes')!);
    expect(retried!.messageId).toBe(killed!.messageId);
    expect(retried!.queuedAt).toBe(killed!.queuedAt);
    // And the notice the same request queued: one outbox file, not one per attempt.
    const [killedNotice, retriedNotice] = attempts.map((entity) =>
      entity.messages.find((m) => m.template === 'emergency-started')!,
    );
    expect([retriedNotice!.messageId, retriedNotice!.queuedAt]).toEqual([
      killedNotice!.messageId,
      killedNotice!.queuedAt,
    ]);
    expect(messageVars(retried!, key).codes).toBe(messageVars(killed!, key).codes);
    expect(attempts[1]!.state!.emergency!.codes).toEqual(attempts[0]!.state!.emergency!.codes);
    // And the code in the message the killed worker wrote is one the retried token takes.
    const passcode = sealedPasscodeOf(messageVars(killed!, key).code!, key.current.publicKey);
    expect(
      await attempts[1]!.authenticate({ requestId: 'auth-1', sealedPasscode: passcode, actor: 'gateway' }),
    ).toMatchObject({
      accepted: true,
    });
  });
});

// The state continue-as-new carries stays within SNAPSHOT_BYTES whatever the audit holds
// (issue #16 item 11): the oldest records of the state's audit go first.
import { expect, it } from 'vitest';
import { DETAIL_LENGTH, REASON_LENGTH, AUDIT_LIMIT, recordEvent } from '../domain/audit.js';
import { ctxAt, newToken, T0 } from '../domain/test-fixtures.js';
import { SNAPSHOT_BYTES, TokenEntity } from './token-entity.js';

it('trims the oldest audit records until the snapshot fits, keeping the newest', () => {
  let state = newToken();
  for (let i = 0; i < AUDIT_LIMIT; i++) {
    const event = {
      type: 'input-rejected',
      outcome: 'rejected' as const,
      reason: `${i} `.padEnd(REASON_LENGTH * 3, 'r'),
      detail: { input: 'x'.repeat(DETAIL_LENGTH * 3) },
    };
    state = recordEvent(state, event, ctxAt(T0)).state;
  }
  const entity = new TokenEntity(
    { serial: state.serial, state },
    {
      now: () => T0,
      newId: () => 'id',
      generateCodes: () => Promise.reject(new Error('not used')),
      checkPasscode: () => Promise.reject(new Error('not used')),
      checkPin: () => Promise.reject(new Error('not used')),
      lookupUser: async () => null,
      acceptedAttempt: async () => null,
      exportAudit: () => undefined,
      publish: () => undefined,
    },
  );
  const snapshot = entity.snapshot();
  expect(new TextEncoder().encode(JSON.stringify(snapshot)).length).toBeLessThanOrEqual(SNAPSHOT_BYTES);
  const audit = snapshot.state!.audit;
  expect(audit.length).toBeGreaterThan(100);
  expect(audit.at(-1)).toEqual(state.audit.at(-1));
  expect(audit.at(-1)!.reason!.length).toBeLessThan(REASON_LENGTH + 30);
});

// The state continue-as-new carries stays within SNAPSHOT_BYTES whatever the audit holds
// (issue #16 item 11): the oldest records of the state's audit go first. Notices carry the moment
// that caused them, so a retried task queues them under the same name (item 16).
import { describe, expect, it } from 'vitest';
import type { RequestMetaPayload } from '../contract/payload-schemas.js';
import { DETAIL_LENGTH, REASON_LENGTH, AUDIT_LIMIT, recordEvent } from '../domain/audit.js';
import { alice, ctxAt, newToken, reportLost, T0 } from '../domain/test-fixtures.js';
import type { TokenState } from '../domain/token-state.js';
import { SNAPSHOT_BYTES, TokenEntity, type TokenPorts } from './token-entity.js';

const unusedPorts: TokenPorts = {
  now: () => T0,
  newId: () => 'id',
  generateCodes: () => Promise.reject(new Error('not used')),
  checkPasscode: () => Promise.reject(new Error('not used')),
  checkPin: () => Promise.reject(new Error('not used')),
  lookupUser: async () => null,
  acceptedAttempt: async () => null,
  exportAudit: () => undefined,
  publish: () => undefined,
};

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
  const entity = new TokenEntity({ serial: state.serial, state }, unusedPorts);
  const snapshot = entity.snapshot();
  expect(new TextEncoder().encode(JSON.stringify(snapshot)).length).toBeLessThanOrEqual(SNAPSHOT_BYTES);
  const audit = snapshot.state!.audit;
  expect(audit.length).toBeGreaterThan(100);
  expect(audit.at(-1)).toEqual(state.audit.at(-1));
  expect(audit.at(-1)!.reason!.length).toBeLessThan(REASON_LENGTH + 30);
});

describe('the moment a notice carries (issue #16 item 16)', () => {
  const lost = () => reportLost(newToken(), { reason: 'temporarily-unavailable', kind: 'temporary-fixed' }, ctxAt(T0));
  const entityAt = (state: TokenState, now: () => number) =>
    new TokenEntity(
      { serial: state.serial, state, user: alice },
      { ...unusedPorts, now, newId: () => 'n1', lookupUser: async () => alice },
    );

  it('is the request’s signed time, not the task’s, for a change an operator asked for', () => {
    const signedAt = T0 + 60_000;
    const entity = entityAt(lost().state, () => signedAt + 90_000); // a task retried a minute and a half later
    entity.clear({
      requestId: 'r1',
      actor: 'helpdesk-anna',
      origin: 'operator',
      envelope: { at: new Date(signedAt).toISOString() },
    } as RequestMetaPayload);
    entity.queueNotices(alice);
    expect(entity.messages.map((m) => m.queuedAt)).toEqual([new Date(signedAt).toISOString()]);
  });

  it('is the deadline for what a timer did, however late the task ran', () => {
    const { state } = lost();
    const deadline = Date.parse(state.emergency!.expiresAt);
    const entity = entityAt(state, () => deadline + 300_000);
    expect(entity.deadlineAt).toBeLessThanOrEqual(deadline);
    const due = entity.deadlineAt!;
    entity.fireDueTimers();
    entity.queueNotices(alice);
    expect(entity.messages.length).toBeGreaterThan(0);
    for (const message of entity.messages) expect(message.queuedAt).toBe(new Date(due).toISOString());
  });
});

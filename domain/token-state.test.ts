import { describe, expect, it } from 'vitest';
import { recordEvent } from './audit.js';
import { ctxAt, newToken, PIN, pinHash, sealedForTest, SEED, T0, totp } from './test-fixtures.js';
import { andThen } from './step.js';
import { newTokenState } from './token-assign.js';

describe('newTokenState', () => {
  it('starts active for its user, with nothing pending, audited once without secrets', () => {
    const step = newTokenState(
      {
        serial: 'T1',
        userId: 'alice',
        oath: sealedForTest(totp),
        tokenExpiresAt: '2027-01-01T00:00:00.000Z',
        pin: pinHash(PIN),
      },
      ctxAt(T0),
    );
    expect(step.state).toMatchObject({
      serial: 'T1',
      userId: 'alice',
      state: 'active',
      lastOathStep: null,
      emergency: null,
      lapsedRule: null,
      disabled: false,
      failures: 0,
      lockedUntil: null,
      lockedIndefinitely: false,
      replacementEligible: false,
      replacementRequested: false,
      replacedBy: null,
      auditSeq: 1,
      seenRequests: {},
    });
    expect(step.records).toEqual(step.state.audit);
    expect(step.records).toMatchObject([
      { id: 'T1:1', type: 'token-assigned', detail: { oathType: 'totp', algorithm: 'SHA1', digits: 6, hasPin: true } },
    ]);
    expect(JSON.stringify(step.records)).not.toContain(SEED);
    expect(step.effects).toEqual([]);
  });

  it('is unassigned without a user', () => {
    expect(newToken({ userId: null }).state).toBe('unassigned');
  });

  it('is plain JSON', () => {
    const state = newToken();
    expect(JSON.parse(JSON.stringify(state))).toEqual(state);
  });
});

describe('andThen', () => {
  it('chains steps: the second sees the first state; records, effects add up; the last result wins', () => {
    const first = {
      ...recordEvent(newToken(), { type: 'a', outcome: 'ok', reason: null }, ctxAt(T0)),
      effects: [{ type: 'notify' as const, notice: 'token-locked' as const, detail: {} }],
    };
    const chained = andThen(first, (s) => ({
      ...recordEvent(s, { type: 'b', outcome: 'ok', reason: null }, ctxAt(T0)),
      result: 42,
    }));
    expect(chained.records.map((r) => r.type)).toEqual(['a', 'b']);
    expect(chained.state.audit.slice(-2).map((r) => r.id)).toEqual(['T1:2', 'T1:3']);
    expect(chained.effects).toHaveLength(1);
    expect(chained.result).toBe(42);
  });
});

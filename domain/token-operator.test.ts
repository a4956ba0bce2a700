import { describe, expect, it } from 'vitest';
import {
  ctxAt,
  meta,
  newToken,
  operator,
  ownPasscode,
  reportLost,
  selfService,
  system,
  T0,
  typesOf,
  pinHash,
  authenticateAsWorkflow,
} from './test-fixtures.js';
import { disable, enable, rejectInput, setPinHash, unassign, unlock } from './token-operator.js';
import { isoAt, HOUR_MS } from './time.js';
import type { TokenState } from './token-state.js';

const ctx = ctxAt(T0);

describe('operator actions', () => {
  it('disable / enable: a disabled token takes no passcode and cannot enter EA', () => {
    const disabled = disable(newToken(), meta(), ctx);
    expect(disabled.result).toEqual({ ok: true });
    expect(disabled.state.disabled).toBe(true);
    expect(typesOf(disabled)).toEqual(['disabled']);
    expect(authenticateAsWorkflow(disabled.state, ownPasscode(disabled.state, T0), ctx).records[0]?.reason).toBe(
      'token-disabled',
    );
    const enabled = enable(disabled.state, meta(), ctx);
    expect(enabled.state.disabled).toBe(false);
    expect(typesOf(enabled)).toEqual(['enabled']);
  });

  it('unlock ends a lockout and resets the failure count', () => {
    const locked: TokenState = { ...newToken(), failures: 10, lockedUntil: isoAt(T0 + HOUR_MS) };
    const step = unlock(locked, meta(), ctx);
    expect(step.state).toMatchObject({ failures: 0, lockedUntil: null, lockedIndefinitely: false });
    expect(step.records).toMatchObject([{ type: 'token-unlocked', detail: { cause: 'operator' } }]);
  });

  it('unassign retires the token and ends its EA', () => {
    const { state } = reportLost(newToken(), { reason: 'temporarily-unavailable' }, ctx);
    const step = unassign(state, meta(), ctx);
    expect(step.state).toMatchObject({ state: 'retired', emergency: null });
    expect(typesOf(step)).toEqual(['emergency-ended', 'unassigned']);
    expect(step.records[0]?.detail).toMatchObject({ cause: 'unassigned' });
    expect(step.effects).toMatchObject([{ notice: 'emergency-ended' }]);
    expect(typesOf(unassign(newToken(), meta(), ctx))).toEqual(['unassigned']);
  });

  it('sets and clears the PIN, recording no secret', () => {
    const pin = pinHash('9876');
    const set = setPinHash(newToken({ pin: null }), pin, meta(), ctx);
    expect(set.state.pin).toEqual(pin);
    expect(typesOf(set)).toEqual(['pin-set']);
    expect(JSON.stringify(set.records)).not.toContain(pin.hash);
    const cleared = setPinHash(set.state, null, meta(), ctx);
    expect(cleared.state.pin).toBeNull();
    expect(typesOf(cleared)).toEqual(['pin-cleared']);
  });

  it.each([selfService, system])('are refused to %o', (requester) => {
    for (const action of [disable, enable, unlock, unassign]) {
      const step = action(newToken(), meta(requester), ctxAt(T0, requester));
      expect(step.result).toMatchObject({
        ok: false,
        code: 'refused',
        message: expect.stringMatching(/^only an operator can/),
      });
      expect(step.state.state).toBe('active');
      expect(step.records).toHaveLength(1);
    }
    expect(setPinHash(newToken(), null, meta(requester), ctxAt(T0, requester)).result.ok).toBe(false);
  });

  it('are refused on a retired token', () => {
    const retired = unassign(newToken(), meta(), ctx).state;
    for (const action of [disable, enable, unlock, unassign])
      expect(action(retired, meta(), ctx).result).toMatchObject({ ok: false, message: 'token T1 is retired' });
  });
});

describe('rejectInput', () => {
  it('records the rejection and changes nothing else', () => {
    const state = newToken();
    const step = rejectInput(
      state,
      'reportLost',
      'reason: Invalid option',
      ctxAt(T0, { actor: 'unknown', origin: 'system' }),
    );
    expect(step.records).toMatchObject([
      {
        type: 'input-rejected',
        outcome: 'rejected',
        reason: 'reason: Invalid option',
        detail: { input: 'reportLost' },
      },
    ]);
    expect({ ...step.state, audit: state.audit, auditSeq: state.auditSeq }).toEqual(state);
    expect(step.effects).toEqual([]);
  });

  it('is recorded on any token, even retired or in EA', () => {
    const { state } = reportLost(newToken(), { reason: 'permanently-lost' }, ctx);
    expect(rejectInput(state, 'x', 'y', ctxAt(T0, operator)).state.emergency).toBe(state.emergency);
  });
});

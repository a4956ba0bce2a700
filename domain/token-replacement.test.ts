import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from './policy.js';
import { ctxAt, meta, newToken, reportLost, selfService, system, T0, typesOf } from './test-fixtures.js';
import { DAY_MS, isoAt } from './time.js';
import { requestReplacement, retireAsReplaced } from './token-replacement.js';

describe('requestReplacement', () => {
  it('is refused before the window opens, saying when it does', () => {
    const step = requestReplacement(newToken({ expiresInDays: 40 }), meta(selfService), ctxAt(T0, selfService));
    expect(step.result).toEqual({
      ok: false,
      code: 'refused',
      message: `token T1 is not yet eligible for a replacement: the window opens at ${isoAt(T0 + 10 * DAY_MS)}`,
    });
  });

  it('is open from expiry − window on (current policy)', () => {
    const token = newToken({ expiresInDays: 40 });
    const step = requestReplacement(token, meta(system), ctxAt(T0 + 10 * DAY_MS, system));
    expect(step.result).toEqual({ ok: true });
    expect(step.state).toMatchObject({ replacementEligible: true, replacementRequested: true });
    expect(typesOf(step)).toEqual(['replacement-eligible', 'replacement-requested']);
    const wider = { ...DEFAULT_POLICY, expiringToken: { replacementWindowMs: 40 * DAY_MS } };
    expect(requestReplacement(token, meta(), ctxAt(T0, selfService, wider)).result.ok).toBe(true);
  });

  it('is open at once for a permanently lost token', () => {
    const { state } = reportLost(newToken(), { reason: 'permanently-lost' }, ctxAt(T0));
    expect(requestReplacement(state, meta(selfService), ctxAt(T0, selfService)).state.replacementRequested).toBe(true);
  });

  it('still works after the token expired, and is recorded again when repeated', () => {
    const expired = requestReplacement(newToken({ expiresInDays: 40 }), meta(), ctxAt(T0 + 41 * DAY_MS));
    expect(expired.state.state).toBe('expired');
    expect(expired.result.ok).toBe(true);
    expect(requestReplacement(expired.state, meta(), ctxAt(T0 + 41 * DAY_MS)).records).toMatchObject([
      { type: 'replacement-requested', detail: { repeated: true } },
    ]);
  });

  it('is refused for a retired token', () => {
    expect(
      requestReplacement({ ...newToken(), state: 'retired', replacementEligible: true }, meta(), ctxAt(T0)).result.ok,
    ).toBe(false);
  });
});

describe('retireAsReplaced', () => {
  it('ends the EA (cause replaced) and retires the token, naming its replacement', () => {
    const { state } = reportLost(newToken(), { reason: 'permanently-lost' }, ctxAt(T0));
    const step = retireAsReplaced(state, 'T1R', meta(), ctxAt(T0));
    expect(step.result).toEqual({ ok: true });
    expect(step.state).toMatchObject({ state: 'retired', emergency: null, replacedBy: 'T1R' });
    expect(typesOf(step)).toEqual(['emergency-ended', 'replacement-assigned']);
    expect(step.records[0]?.detail).toMatchObject({ cause: 'replaced' });
    expect(step.records[1]?.detail).toEqual({ newSerial: 'T1R' });
  });

  it('needs an operator, a live token and another valid serial', () => {
    expect(retireAsReplaced(newToken(), 'T2', meta(system), ctxAt(T0, system)).result).toMatchObject({
      ok: false,
      code: 'refused',
    });
    expect(retireAsReplaced(newToken(), 'T1', meta(), ctxAt(T0)).result).toMatchObject({ ok: false, code: 'invalid' });
    expect(retireAsReplaced(newToken(), 'bad serial', meta(), ctxAt(T0)).result).toMatchObject({
      ok: false,
      code: 'invalid',
    });
    const retired = retireAsReplaced(newToken(), 'T2', meta(), ctxAt(T0)).state;
    expect(retireAsReplaced(retired, 'T3', meta(), ctxAt(T0)).result).toMatchObject({
      ok: false,
      message: 'token T1 is already retired',
    });
  });
});

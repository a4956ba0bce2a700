import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from './policy.js';
import { ctxAt, newToken, operator, reportLost, T0, typesOf } from './test-fixtures.js';
import { DAY_MS, HOUR_MS, isoAt, MINUTE_MS } from './time.js';
import { afterDueTimers, fireDueTimers, nextDeadline, runningTimers, TIMER } from './token-timers.js';
import { recordEvent } from './audit.js';
import type { TokenState } from './token-state.js';
import type { Policy } from './types.js';

const at = (ms: number, policy: Policy = DEFAULT_POLICY) => ctxAt(ms, TIMER, policy);
const inEmergency = (reason: 'permanently-lost' | 'temporarily-unavailable', lifetimeMs = 3 * DAY_MS, extra = {}) =>
  reportLost(newToken({ expiresInDays: 40 }), { reason, lifetimeMs, ...extra }, ctxAt(T0)).state;

describe('runningTimers / nextDeadline', () => {
  it('lists every running timer soonest first', () => {
    const state: TokenState = { ...inEmergency('temporarily-unavailable'), lockedUntil: isoAt(T0 + HOUR_MS) };
    expect(runningTimers(state, DEFAULT_POLICY)).toEqual([
      { timer: 'lockout-end', at: T0 + HOUR_MS },
      { timer: 'emergency-ending-notice', at: T0 + 2 * DAY_MS },
      { timer: 'emergency-end', at: T0 + 3 * DAY_MS },
      { timer: 'replacement-window', at: T0 + 10 * DAY_MS },
      { timer: 'token-expiry', at: T0 + 40 * DAY_MS },
    ]);
    expect(nextDeadline(state, DEFAULT_POLICY)).toEqual({ timer: 'lockout-end', at: T0 + HOUR_MS });
  });

  it('has no notice when the lead is 0, when it was sent, or when the EA is shorter than the lead', () => {
    const names = (state: TokenState, policy = DEFAULT_POLICY) => runningTimers(state, policy).map((t) => t.timer);
    const ea = inEmergency('temporarily-unavailable');
    expect(names(ea, { ...DEFAULT_POLICY, notifications: { expiryNoticeLeadMs: 0 } })).not.toContain(
      'emergency-ending-notice',
    );
    expect(names({ ...ea, emergency: { ...ea.emergency!, noticeSent: true } })).not.toContain(
      'emergency-ending-notice',
    );
    expect(names(inEmergency('temporarily-unavailable', 12 * HOUR_MS))).not.toContain('emergency-ending-notice');
  });

  it('runs nothing but a lockout on a retired token, and no window once eligible', () => {
    expect(runningTimers({ ...newToken(), state: 'retired' }, DEFAULT_POLICY)).toEqual([]);
    expect(runningTimers({ ...newToken(), replacementEligible: true }, DEFAULT_POLICY).map((t) => t.timer)).toEqual([
      'token-expiry',
    ]);
    expect(runningTimers({ ...newToken(), state: 'expired', replacementEligible: true }, DEFAULT_POLICY)).toEqual([]);
  });

  it('puts token expiry first when it falls together with the EA end', () => {
    const state = reportLost(
      newToken({ expiresInDays: 3 }),
      { reason: 'temporarily-unavailable', lifetimeMs: 3 * DAY_MS },
      ctxAt(T0),
    ).state;
    // The window was already open when it was reported lost: the report fired it first.
    expect(state.replacementEligible).toBe(true);
    expect(
      runningTimers(state, DEFAULT_POLICY)
        .filter((t) => t.at === T0 + 3 * DAY_MS)
        .map((t) => t.timer),
    ).toEqual(['token-expiry', 'emergency-end']);
  });

  it('takes the replacement window from the current policy', () => {
    const policy = { ...DEFAULT_POLICY, expiringToken: { replacementWindowMs: 5 * DAY_MS } };
    expect(
      runningTimers(newToken({ expiresInDays: 40 }), policy).find((t) => t.timer === 'replacement-window')?.at,
    ).toBe(T0 + 35 * DAY_MS);
  });
});

describe('fireDueTimers', () => {
  it('does nothing before a deadline', () => {
    const state = inEmergency('temporarily-unavailable');
    expect(fireDueTimers(state, at(T0 + DAY_MS))).toEqual({ state, records: [], effects: [], result: undefined });
  });

  it('sends the ending-soon notice once', () => {
    const step = fireDueTimers(inEmergency('temporarily-unavailable'), at(T0 + 2 * DAY_MS));
    expect(typesOf(step)).toEqual(['emergency-ending-soon']);
    expect(step.effects).toEqual([
      { type: 'notify', notice: 'emergency-ending-soon', detail: { expiresAt: isoAt(T0 + 3 * DAY_MS) } },
    ]);
    expect(step.records[0]).toMatchObject({ actor: 'timer', origin: 'timer' });
    expect(fireDueTimers(step.state, at(T0 + 2 * DAY_MS + 1)).records).toEqual([]);
  });

  it.each([
    ['deny', 'emergency-lapsed', 'emergency-lapsed'],
    ['allow-and-end-emergency', 'active', 'emergency-ended'],
    ['allow-after-expiry', 'active', 'emergency-ended'],
  ] as const)('ends the EA at its lifetime under %s → %s', (rule, next, type) => {
    const step = fireDueTimers(inEmergency('temporarily-unavailable', DAY_MS / 2, { ifFound: rule }), at(T0 + DAY_MS));
    expect(step.state).toMatchObject({ state: next, emergency: null, lapsedRule: rule === 'deny' ? 'deny' : null });
    expect(typesOf(step)).toEqual([type]);
    expect(step.records[0]?.detail).toMatchObject({ cause: 'expired', rule });
    expect(step.effects).toEqual([
      { type: 'notify', notice: 'emergency-ended', detail: { cause: 'expired', reason: 'temporarily-unavailable' } },
    ]);
  });

  it('skips a notice whose EA is ending anyway (e.g. the worker was down)', () => {
    const step = fireDueTimers(inEmergency('temporarily-unavailable'), at(T0 + 4 * DAY_MS));
    expect(typesOf(step)).toEqual(['emergency-ended']);
  });

  it('opens the replacement window and tells the user', () => {
    const step = fireDueTimers(newToken({ expiresInDays: 40 }), at(T0 + 10 * DAY_MS));
    expect(step.state.replacementEligible).toBe(true);
    expect(typesOf(step)).toEqual(['replacement-eligible']);
    expect(step.effects).toMatchObject([{ notice: 'replacement-window-open' }]);
  });

  it('expires the token: EA ends with it, codes die, state expired', () => {
    // An EA that outlasts its token, as states from before the EA end was bounded by the token's hold.
    const running = inEmergency('temporarily-unavailable', 3 * DAY_MS);
    const state = { ...running, emergency: { ...running.emergency!, expiresAt: isoAt(T0 + 60 * DAY_MS) } };
    const step = fireDueTimers({ ...state, replacementEligible: true }, at(T0 + 40 * DAY_MS));
    expect(step.state).toMatchObject({ state: 'expired', emergency: null, lapsedRule: null });
    expect(typesOf(step)).toEqual(['emergency-ended', 'token-expired']);
    expect(step.records[0]?.detail).toMatchObject({ cause: 'token-expired' });
    expect(step.effects).toMatchObject([{ notice: 'emergency-ended', detail: { cause: 'token-expired' } }]);
  });

  it('lets token expiry dominate an EA end due at the same instant', () => {
    const state = reportLost(
      newToken({ expiresInDays: 3 }),
      { reason: 'permanently-lost', lifetimeMs: 3 * DAY_MS },
      ctxAt(T0),
    ).state;
    const step = fireDueTimers(state, at(T0 + 3 * DAY_MS));
    expect(typesOf(step)).toEqual(['emergency-ended', 'token-expired']);
    expect(step.records[0]?.detail).toMatchObject({ cause: 'token-expired' });
  });

  it('fires everything overdue in order, each once', () => {
    const state = inEmergency('permanently-lost', 3 * DAY_MS);
    const step = fireDueTimers(state, at(T0 + 50 * DAY_MS));
    expect(typesOf(step)).toEqual(['emergency-lapsed', 'token-expired']);
    expect(step.state).toMatchObject({ state: 'expired', lapsedRule: null });
    expect(fireDueTimers(step.state, at(T0 + 60 * DAY_MS)).records).toEqual([]);
  });

  it('ends a lockout: unlocked with no failures counted', () => {
    const locked: TokenState = { ...newToken(), failures: 10, lockedUntil: isoAt(T0 + 30 * MINUTE_MS) };
    expect(fireDueTimers(locked, at(T0 + 29 * MINUTE_MS)).state.lockedUntil).not.toBeNull();
    const step = fireDueTimers(locked, at(T0 + 30 * MINUTE_MS));
    expect(step.state).toMatchObject({ lockedUntil: null, failures: 0 });
    expect(step.records).toMatchObject([{ type: 'token-unlocked', detail: { cause: 'lockout-ended' } }]);
  });

  it('never ends an indefinite lockout', () => {
    const locked: TokenState = { ...newToken(), failures: 10, lockedIndefinitely: true };
    expect(fireDueTimers(locked, at(T0 + 300 * DAY_MS)).state.lockedIndefinitely).toBe(true);
  });
});

describe('afterDueTimers', () => {
  it('fires overdue timers as the timer, then runs the transition as the requester', () => {
    const state = inEmergency('temporarily-unavailable', DAY_MS);
    const step = afterDueTimers(state, ctxAt(T0 + 2 * DAY_MS, operator), (s) =>
      recordEvent(s, { type: s.state, outcome: 'ok', reason: null }, ctxAt(T0 + 2 * DAY_MS, operator)),
    );
    expect(step.records.map((r) => [r.type, r.origin])).toEqual([
      ['emergency-ended', 'timer'],
      ['active', 'operator'],
    ]);
  });
});

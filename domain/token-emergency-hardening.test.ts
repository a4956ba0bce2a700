// Issue 16 items 1–5: what non-operators may not do to a running or lapsed EA, and the bounds every
// EA keeps (the token's own expiry, the user's on-demand enablement, a rate of regeneration).
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from './policy.js';
import {
  alice,
  authenticateAsWorkflow,
  ctxAt,
  meta,
  newToken,
  operator,
  ownPasscode,
  reportLost,
  selfService,
  system,
  T0,
  type LostRequest,
} from './test-fixtures.js';
import { DAY_MS, HOUR_MS, isoAt, MINUTE_MS } from './time.js';
import { extendEmergency, planEmergency } from './token-emergency.js';
import { fireDueTimers, TIMER } from './token-timers.js';
import type { TokenState } from './token-state.js';
import type { Policy, Requester, User } from './types.js';
import type { Ctx } from './step.js';

const plan = (state: TokenState, request: Partial<LostRequest>, ctx: Ctx, user: User | null = alice) =>
  planEmergency(state, { ...meta(ctx.requester), ...request } as LostRequest & ReturnType<typeof meta>, user, ctx);
const refusal = (state: TokenState, request: Partial<LostRequest>, ctx: Ctx, user: User | null = alice) => {
  const step = plan(state, request, ctx, user);
  if (step.result.ok) throw new Error('planned, not refused');
  return step.result;
};
const withPolicy = (policy: Partial<Policy>, requester: Requester, at = T0) =>
  ctxAt(at, requester, { ...DEFAULT_POLICY, ...policy });

describe('item 1: the deny rule holds against non-operators', () => {
  const underDeny = () => reportLost(newToken(), { reason: 'permanently-lost' }, ctxAt(T0)).state;

  it.each([selfService, system])('%o cannot swap the reason (and rule) of a running EA by regenerating', (who) => {
    const refused = refusal(underDeny(), { reason: 'temporarily-unavailable', regenerate: true }, ctxAt(T0, who));
    expect(refused.message).toMatch(/only an operator can change the reason .* \(it is permanently-lost\)/);
    const same = reportLost(underDeny(), { reason: 'permanently-lost', regenerate: true }, ctxAt(T0 + HOUR_MS, who));
    expect(same.state.emergency).toMatchObject({ reason: 'permanently-lost', rule: 'deny' });
    // The token's own code is still refused by the rule.
    const own = authenticateAsWorkflow(same.state, ownPasscode(same.state, T0 + HOUR_MS), ctxAt(T0 + HOUR_MS));
    expect(own.result).toMatchObject({ accepted: false });
  });

  it('an operator may still change the reason, and the rule with it', () => {
    const again = reportLost(underDeny(), { reason: 'temporarily-unavailable', regenerate: true }, ctxAt(T0));
    expect(again.state.emergency).toMatchObject({ reason: 'temporarily-unavailable', rule: 'allow-and-end-emergency' });
  });

  it.each([selfService, system])('a new EA %o starts from emergency-lapsed keeps the deny rule', (who) => {
    const lapsed = fireDueTimers(underDeny(), ctxAt(T0 + 8 * DAY_MS, TIMER)).state;
    expect(lapsed.state).toBe('emergency-lapsed');
    const at = T0 + 8 * DAY_MS + MINUTE_MS;
    const next = reportLost(lapsed, { reason: 'temporarily-unavailable' }, ctxAt(at, who));
    expect(next.state.emergency?.rule).toBe('deny');
    expect(authenticateAsWorkflow(next.state, ownPasscode(next.state, at), ctxAt(at)).result.accepted).toBe(false);
    // An operator's new EA lifts it.
    expect(reportLost(lapsed, { reason: 'temporarily-unavailable' }, ctxAt(at)).state.emergency?.rule).toBe(
      'allow-and-end-emergency',
    );
  });
});

describe('item 2: regenerating needs no reason', () => {
  it.each([operator, selfService])('%o regenerates keeping the reason', (who) => {
    const { state } = reportLost(newToken(), { reason: 'permanently-lost' }, ctxAt(T0));
    const again = reportLost(state, { regenerate: true } as LostRequest, ctxAt(T0 + HOUR_MS, who));
    expect(again.state.emergency).toMatchObject({ reason: 'permanently-lost', rule: 'deny' });
  });

  it('a new EA still needs one', () => {
    expect(refusal(newToken(), { regenerate: true }, ctxAt(T0))).toMatchObject({
      code: 'invalid',
      message: expect.stringMatching(/give a reason/),
    });
  });
});

describe("item 3: an EA never outlasts the token's own expiry", () => {
  const expiringSoon = () => newToken({ expiresInDays: 2 });

  it('a policy lifetime ends with the token', () => {
    const { state } = reportLost(expiringSoon(), { reason: 'temporarily-unavailable' }, ctxAt(T0, selfService));
    expect(state.emergency?.expiresAt).toBe(state.tokenExpiresAt);
  });

  it("an operator's explicit end past the token's expiry is refused, naming it", () => {
    const token = expiringSoon();
    for (const given of [{ lifetimeMs: 5 * DAY_MS }, { expiresAt: isoAt(T0 + 5 * DAY_MS) }])
      expect(refusal(token, { reason: 'permanently-lost', ...given }, ctxAt(T0))).toMatchObject({
        code: 'invalid',
        message: `the token itself expires at ${token.tokenExpiresAt}; emergency access cannot last longer`,
      });
    const { state } = reportLost(token, { reason: 'permanently-lost', lifetimeMs: DAY_MS }, ctxAt(T0));
    expect(extendEmergency(state, { ...meta(), lifetimeMs: 3 * DAY_MS }, ctxAt(T0)).result).toMatchObject({
      ok: false,
      message: expect.stringMatching(/the token itself expires at/),
    });
  });
});

describe("item 4: self-service gets on-demand when the user's enablement says so", () => {
  const both = { ...DEFAULT_POLICY.onDemand, enabled: true };

  it.each([selfService, system])('%o: on-demand for an enabled user, token codes for the others', (who) => {
    const ctx = withPolicy({ onDemand: both }, who);
    const enabled = plan(newToken(), { reason: 'temporarily-unavailable' }, ctx, alice);
    expect(enabled.result).toMatchObject({ ok: true, plan: { kind: 'on-demand' } });
    const notEnabled = plan(newToken(), { reason: 'temporarily-unavailable' }, ctx, { ...alice, onDemand: null });
    expect(notEnabled.result).toMatchObject({ ok: true, plan: { kind: 'temporary-fixed' } });
    const noContact = plan(newToken(), { reason: 'temporarily-unavailable' }, ctx, { ...alice, mobile: null });
    expect(noContact.result).toMatchObject({ ok: true, plan: { kind: 'temporary-fixed' } });
  });

  it('operators keep the token codes unless they choose', () => {
    const ctx = withPolicy({ onDemand: both }, operator);
    expect(plan(newToken(), { reason: 'temporarily-unavailable' }, ctx).result).toMatchObject({
      plan: { kind: 'temporary-fixed' },
    });
  });
});

describe('item 5: non-operator regeneration is rate-limited like on-demand requests', () => {
  it.each([selfService, system])('%o: at most onDemand.rateLimitPerHour per rolling hour', (who) => {
    const limit = DEFAULT_POLICY.onDemand.rateLimitPerHour;
    let { state } = reportLost(newToken(), { reason: 'temporarily-unavailable' }, ctxAt(T0));
    for (let i = 0; i < limit; i++)
      state = reportLost(state, { regenerate: true } as LostRequest, ctxAt(T0 + i * MINUTE_MS, who)).state;
    const over = refusal(state, { regenerate: true }, ctxAt(T0 + limit * MINUTE_MS, who));
    expect(over.message).toBe(
      `at most ${limit} regenerations per hour; the next one can be requested at ${isoAt(T0 + HOUR_MS)}`,
    );
    expect(plan(state, { regenerate: true }, ctxAt(T0 + HOUR_MS, who)).result.ok).toBe(true);
    // Operators are not limited.
    expect(plan(state, { regenerate: true }, ctxAt(T0 + limit * MINUTE_MS)).result.ok).toBe(true);
  });
});

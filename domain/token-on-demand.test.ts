import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from './policy.js';
import {
  alice,
  ctxAt,
  hash,
  newToken,
  PIN,
  reportLost,
  selfService,
  T0,
  typesOf,
  authenticateAsWorkflow,
} from './test-fixtures.js';
import { DAY_MS, HOUR_MS, isoAt, MINUTE_MS } from './time.js';
import { issueOnDemandCode, NO_CODE_SENT, planOnDemandCode } from './token-on-demand.js';
import type { TokenState } from './token-state.js';
import type { Policy, User } from './types.js';

const onDemand = (lifetimeMs = 3 * DAY_MS) =>
  reportLost(newToken(), { reason: 'temporarily-unavailable', kind: 'on-demand', lifetimeMs }, ctxAt(T0)).state;
const plan = (state: TokenState, nowMs = T0, user: User | null = alice, policy: Policy = DEFAULT_POLICY) =>
  planOnDemandCode(state, user, ctxAt(nowMs, selfService, policy));
/** Plans and issues a code as the workflow does; returns the new state. */
const request = (state: TokenState, nowMs: number, code = 'abcd2345', policy: Policy = DEFAULT_POLICY) => {
  const planned = plan(state, nowMs, alice, policy);
  if (!planned.result.ok) throw new Error(planned.result.message);
  return issueOnDemandCode(planned.state, hash(code), planned.result.expiresAt, ctxAt(nowMs, selfService, policy))
    .state;
};

describe('planOnDemandCode', () => {
  it('says where the code goes, how long it lives and how long it is; a plan is no event', () => {
    const step = plan(onDemand());
    expect(step.result).toEqual({ ok: true, channel: 'sms', expiresAt: isoAt(T0 + HOUR_MS), codeLength: 8 });
    expect(step.records).toEqual([]);
  });

  it('never lets a code outlive its EA', () => {
    expect(plan(onDemand(10 * MINUTE_MS)).result).toMatchObject({ expiresAt: isoAt(T0 + 10 * MINUTE_MS) });
  });

  it.each([
    ['not in EA', () => newToken(), /not in on-demand emergency access/],
    [
      'in another kind of EA',
      () => reportLost(newToken(), { reason: 'temporarily-unavailable' }, ctxAt(T0)).state,
      /not in on-demand/,
    ],
    ['disabled', () => ({ ...onDemand(), disabled: true }), /disabled/],
    ['locked', () => ({ ...onDemand(), lockedIndefinitely: true }), /locked/],
  ])('is refused when the token is %s', (_, state, message) => {
    const step = plan(state());
    expect(step.result).toMatchObject({ ok: false, code: 'refused', message: expect.stringMatching(message) });
    expect(step.records).toHaveLength(1);
  });

  it('sends a code when a worker found the PIN right, and for a wrong one refuses without a record', () => {
    const at = ctxAt(T0, selfService);
    expect(planOnDemandCode(onDemand(), alice, at, true).result).toMatchObject({ ok: true });
    const wrong = planOnDemandCode(onDemand(), alice, at, false);
    expect(wrong.result).toEqual({ ok: false, code: 'refused', message: NO_CODE_SENT });
    expect(wrong.records).toEqual([]);
  });

  it('needs a user enabled for on-demand codes with a contact', () => {
    expect(plan(onDemand(), T0, null).result.ok).toBe(false);
    expect(plan(onDemand(), T0, { ...alice, onDemand: null }).result).toMatchObject({
      ok: false,
      message: expect.stringMatching(/not enabled/),
    });
    expect(plan(onDemand(), T0, { ...alice, mobile: null }).result).toMatchObject({
      ok: false,
      message: expect.stringMatching(/no mobile number/),
    });
    expect(plan(onDemand(), T0, { ...alice, onDemand: 'email' }).result).toMatchObject({ ok: true, channel: 'email' });
  });

  it('is rate-limited per rolling hour', () => {
    const policy = { ...DEFAULT_POLICY, onDemand: { ...DEFAULT_POLICY.onDemand, rateLimitPerHour: 2 } };
    let state = request(onDemand(), T0, 'a', policy);
    state = request(state, T0 + 10 * MINUTE_MS, 'b', policy);
    expect(plan(state, T0 + 20 * MINUTE_MS, alice, policy).result).toMatchObject({
      ok: false,
      message: `at most 2 on-demand codes per hour; the next one can be requested at ${isoAt(T0 + HOUR_MS)}`,
    });
    expect(plan(state, T0 + HOUR_MS, alice, policy).result.ok).toBe(true);
  });
});

describe('issueOnDemandCode', () => {
  it('stores the hash, voids the previous code, and records the issue without the code', () => {
    const first = request(onDemand(), T0, 'abcd2345');
    const planned = plan(first, T0 + MINUTE_MS);
    const step = issueOnDemandCode(
      first,
      hash('wxyz6789'),
      planned.result.ok ? planned.result.expiresAt : '',
      ctxAt(T0 + MINUTE_MS, selfService),
    );
    expect(typesOf(step)).toEqual(['codes-issued']);
    expect(step.records[0]?.detail).toEqual({
      kind: 'on-demand',
      count: 1,
      expiresAt: isoAt(T0 + MINUTE_MS + HOUR_MS),
      voidedPrevious: true,
    });
    expect(step.state.emergency?.issuedAt).toBe(isoAt(T0 + MINUTE_MS));
    expect(authenticateAsWorkflow(step.state, `${PIN}abcd2345`, ctxAt(T0 + 2 * MINUTE_MS)).result.accepted).toBe(false);
    expect(authenticateAsWorkflow(step.state, `${PIN}wxyz6789`, ctxAt(T0 + 2 * MINUTE_MS)).result.accepted).toBe(true);
  });

  it('is refused when the EA ended while the code was generated', () => {
    const planned = plan(onDemand(HOUR_MS));
    const step = issueOnDemandCode(
      onDemand(HOUR_MS),
      hash('x'),
      planned.result.ok ? planned.result.expiresAt : '',
      ctxAt(T0 + 2 * HOUR_MS),
    );
    expect(step.result).toMatchObject({ ok: false, code: 'refused' });
    expect(typesOf(step)).toEqual(['emergency-ended', 'refused']);
  });
});

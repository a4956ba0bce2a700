import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from './policy.js';
import {
  alice,
  ctxAt,
  hash,
  meta,
  newToken,
  operator,
  reportLost,
  requesters,
  selfService,
  system,
  T0,
  typesOf,
  type LostRequest,
} from './test-fixtures.js';
import { DAY_MS, HOUR_MS, isoAt, MINUTE_MS } from './time.js';
import {
  clearEmergency,
  extendEmergency,
  planEmergency,
  reportFound,
  startEmergency,
  type EmergencyPlan,
} from './token-emergency.js';
import { fireDueTimers, runningTimers, TIMER } from './token-timers.js';
import type { TokenState } from './token-state.js';
import type { Policy, Requester, User } from './types.js';
import { EA_KINDS, FOUND_RULES, REASONS } from './types.js';
import type { Ctx } from './step.js';

const plan = (state: TokenState, request: LostRequest, ctx: Ctx = ctxAt(T0), user: User | null = alice) =>
  planEmergency(state, { ...meta(ctx.requester), ...request }, user, ctx);
const planned = (state: TokenState, request: LostRequest, ctx?: Ctx, user?: User | null): EmergencyPlan => {
  const step = plan(state, request, ctx, user);
  if (!step.result.ok) throw new Error(step.result.message);
  return step.result.plan;
};
const refusalOf = (state: TokenState, request: LostRequest, ctx?: Ctx, user?: User | null) => {
  const step = plan(state, request, ctx, user);
  expect(step.result.ok).toBe(false);
  expect(step.records).toHaveLength(1);
  expect(step.state.emergency).toBe(state.emergency);
  return step.result.ok ? null : step.result;
};
const withPolicy = (policy: Partial<Policy>, requester: Requester = selfService) =>
  ctxAt(T0, requester, { ...DEFAULT_POLICY, ...policy });

describe('planEmergency: who and when', () => {
  it('plans without an audit record: the start is the event', () => {
    const step = plan(newToken(), { reason: 'temporarily-unavailable' });
    expect(step.result.ok).toBe(true);
    expect(step.records).toEqual([]);
  });

  it.each([
    ['expired', { state: 'expired' }, /expired/],
    ['retired', { state: 'retired' }, /retired/],
    ['unassigned', { state: 'unassigned', userId: null }, /not assigned/],
    ['disabled', { disabled: true }, /disabled; enable it first/],
  ] as const)('refuses a %s token', (_, patch, message) => {
    const refusal = refusalOf({ ...newToken(), ...patch }, { reason: 'permanently-lost' });
    expect(refusal).toMatchObject({ code: 'refused', message: expect.stringMatching(message) });
  });

  it('refuses a second report while in EA unless regenerate is asked', () => {
    const { state } = reportLost(newToken(), { reason: 'temporarily-unavailable' }, ctxAt(T0));
    expect(refusalOf(state, { reason: 'temporarily-unavailable' })?.message).toMatch(
      /already in emergency access until .*regenerate/,
    );
    expect(planned(state, { reason: 'temporarily-unavailable', regenerate: true }).regenerate).toBe(true);
  });

  it('starts a new EA from emergency-lapsed', () => {
    const { state } = reportLost(newToken(), { reason: 'permanently-lost', lifetimeMs: DAY_MS }, ctxAt(T0));
    const lapsed = fireDueTimers(state, ctxAt(T0 + 2 * DAY_MS, TIMER)).state;
    expect(lapsed.state).toBe('emergency-lapsed');
    expect(planned(lapsed, { reason: 'temporarily-unavailable' }, ctxAt(T0 + 2 * DAY_MS))).toMatchObject({
      regenerate: false,
      rule: 'allow-and-end-emergency',
    });
  });

  it.each([selfService, system])('refuses %o when the policy forbids self-service', (requester) => {
    const refusal = refusalOf(
      newToken(),
      { reason: 'temporarily-unavailable' },
      withPolicy({ allowEmergencyAccessMode: false }, requester),
    );
    expect(refusal?.message).toMatch(/allowEmergencyAccessMode is false/);
    expect(
      planned(
        newToken(),
        { reason: 'temporarily-unavailable' },
        withPolicy({ allowEmergencyAccessMode: false }, operator),
      ).kind,
    ).toBe('temporary-fixed');
  });

  it.each([
    { kind: 'one-time-set' },
    { count: 3 },
    { lifetimeMs: DAY_MS },
    { expiresAt: isoAt(T0 + DAY_MS) },
    { ifFound: 'deny' },
  ] as const)('does not let self-service choose %o', (choice) => {
    const refusal = refusalOf(newToken(), { reason: 'temporarily-unavailable', ...choice }, ctxAt(T0, selfService));
    expect(refusal?.message).toMatch(new RegExp(`only operators may choose ${Object.keys(choice)[0]}`));
  });
});

describe('planEmergency: what self-service and systems get', () => {
  it.each(['temporary-fixed', 'one-time-set'] as const)(
    'the policy kind %s, with its set size and lifetime',
    (kind) => {
      const ctx = withPolicy({ tokenCode: { enabled: true, kind, setSize: 7 } });
      expect(planned(newToken(), { reason: 'permanently-lost' }, ctx)).toMatchObject({
        kind,
        count: kind === 'one-time-set' ? 7 : 1,
        expiresAt: isoAt(T0 + 7 * DAY_MS),
        rule: 'deny',
        delivery: 'display',
        format: DEFAULT_POLICY.codeFormat,
        requestedBy: { actor: 'self-service', origin: 'self-service' },
      });
    },
  );

  it('on-demand when token codes are off, for onDemand.emergencyLifetimeDays', () => {
    const ctx = withPolicy(
      {
        tokenCode: { ...DEFAULT_POLICY.tokenCode, enabled: false },
        onDemand: { ...DEFAULT_POLICY.onDemand, enabled: true, emergencyLifetimeDays: 2 },
      },
      system,
    );
    expect(planned(newToken(), { reason: 'temporarily-unavailable' }, ctx)).toMatchObject({
      kind: 'on-demand',
      count: 0,
      expiresAt: isoAt(T0 + 2 * DAY_MS),
    });
  });

  it('nothing when the policy enables no kind (a policy validation would have refused)', () => {
    const ctx = withPolicy({ tokenCode: { ...DEFAULT_POLICY.tokenCode, enabled: false } });
    expect(refusalOf(newToken(), { reason: 'temporarily-unavailable' }, ctx)?.message).toMatch(
      /enables no self-service/,
    );
  });

  it('the lifetime and rule of the reason', () => {
    const policy = {
      ...DEFAULT_POLICY,
      permanentlyLost: { lifetimeMs: 2 * DAY_MS, ifTokenBecomesAvailable: 'allow-after-expiry' as const },
      temporarilyUnavailable: { lifetimeMs: HOUR_MS, ifTokenBecomesAvailable: 'deny' as const },
    };
    expect(planned(newToken(), { reason: 'permanently-lost' }, ctxAt(T0, selfService, policy))).toMatchObject({
      expiresAt: isoAt(T0 + 2 * DAY_MS),
      rule: 'allow-after-expiry',
    });
    expect(planned(newToken(), { reason: 'temporarily-unavailable' }, ctxAt(T0, system, policy))).toMatchObject({
      expiresAt: isoAt(T0 + HOUR_MS),
      rule: 'deny',
    });
  });
});

describe('planEmergency: operators', () => {
  it.each(EA_KINDS)('choose the kind %s', (kind) => {
    expect(planned(newToken(), { reason: 'temporarily-unavailable', kind }).kind).toBe(kind);
  });

  it('get the policy token-code kind by default, even with self-service switches off', () => {
    const ctx = withPolicy(
      { allowEmergencyAccessMode: false, tokenCode: { enabled: false, kind: 'one-time-set', setSize: 4 } },
      operator,
    );
    expect(planned(newToken(), { reason: 'temporarily-unavailable' }, ctx)).toMatchObject({
      kind: 'one-time-set',
      count: 4,
    });
  });

  it('choose a set size from 1 to 50; it means nothing for the other kinds', () => {
    expect(planned(newToken(), { reason: 'permanently-lost', kind: 'one-time-set', count: 50 }).count).toBe(50);
    expect(planned(newToken(), { reason: 'permanently-lost', kind: 'temporary-fixed', count: 2 }).count).toBe(1);
    expect(planned(newToken(), { reason: 'permanently-lost', kind: 'on-demand', count: 2 }).count).toBe(0);
    for (const count of [0, 51, 2.5])
      expect(refusalOf(newToken(), { reason: 'permanently-lost', kind: 'one-time-set', count })).toMatchObject({
        code: 'invalid',
        message: 'count must be a whole number from 1 to 50',
      });
  });

  it('choose a lifetime or an explicit expiry, within the cap and in the future', () => {
    expect(planned(newToken(), { reason: 'permanently-lost', lifetimeMs: 90 * MINUTE_MS }).expiresAt).toBe(
      isoAt(T0 + 90 * MINUTE_MS),
    );
    expect(planned(newToken(), { reason: 'permanently-lost', expiresAt: '2026-03-05T00:00:00+02:00' }).expiresAt).toBe(
      '2026-03-04T22:00:00.000Z',
    );
    expect(planned(newToken(), { reason: 'permanently-lost', lifetimeMs: 365 * DAY_MS }).expiresAt).toBe(
      isoAt(T0 + 365 * DAY_MS),
    );
    expect(refusalOf(newToken(), { reason: 'permanently-lost', lifetimeMs: 366 * DAY_MS })).toMatchObject({
      code: 'invalid',
      message: expect.stringMatching(/at most maxEmergencyLifetime \(365d\)/),
    });
    expect(refusalOf(newToken(), { reason: 'permanently-lost', expiresAt: isoAt(T0) })?.message).toMatch(
      /not in the future/,
    );
    expect(refusalOf(newToken(), { reason: 'permanently-lost', expiresAt: 'tomorrow' })?.message).toMatch(
      /"tomorrow" is not a time/,
    );
    expect(
      refusalOf(newToken(), { reason: 'permanently-lost', lifetimeMs: DAY_MS, expiresAt: isoAt(T0 + DAY_MS) })?.message,
    ).toMatch(/not both/);
    expect(refusalOf(newToken(), { reason: 'permanently-lost', lifetimeMs: -5 })?.message).toMatch(/positive/);
  });

  it('respect a lower cap from the policy', () => {
    const ctx = ctxAt(T0, operator, { ...DEFAULT_POLICY, maxEmergencyLifetimeMs: 7 * DAY_MS });
    expect(refusalOf(newToken(), { reason: 'permanently-lost', lifetimeMs: 8 * DAY_MS }, ctx)?.message).toMatch(
      /\(7d\)/,
    );
  });

  it.each(FOUND_RULES)('choose the found-token rule %s', (rule) => {
    expect(planned(newToken(), { reason: 'permanently-lost', ifFound: rule }).rule).toBe(rule);
  });

  it('need a user enabled for on-demand codes, with the contact of the channel', () => {
    expect(refusalOf(newToken(), { reason: 'permanently-lost', kind: 'on-demand' }, ctxAt(T0), null)?.message).toMatch(
      /not enabled for on-demand/,
    );
    expect(
      refusalOf(newToken(), { reason: 'permanently-lost', kind: 'on-demand' }, ctxAt(T0), { ...alice, onDemand: null })
        ?.message,
    ).toMatch(/not enabled for on-demand/);
    expect(
      refusalOf(newToken(), { reason: 'permanently-lost', kind: 'on-demand' }, ctxAt(T0), { ...alice, mobile: null })
        ?.message,
    ).toMatch(/no mobile number/);
    expect(
      planned(newToken(), { reason: 'permanently-lost', kind: 'on-demand' }, ctxAt(T0), { ...alice, onDemand: 'email' })
        .kind,
    ).toBe('on-demand');
  });
});

describe('regenerate', () => {
  const first = () =>
    reportLost(
      newToken(),
      {
        reason: 'temporarily-unavailable',
        kind: 'one-time-set',
        count: 3,
        lifetimeMs: 2 * DAY_MS,
        ifFound: 'allow-after-expiry',
      },
      ctxAt(T0),
    );

  it('keeps reason, expiry, rule, kind and set size unless new ones are given', () => {
    expect(
      planned(first().state, { reason: 'temporarily-unavailable', regenerate: true }, ctxAt(T0 + HOUR_MS)),
    ).toMatchObject({
      kind: 'one-time-set',
      count: 3,
      expiresAt: isoAt(T0 + 2 * DAY_MS),
      rule: 'allow-after-expiry',
      regenerate: true,
    });
    expect(
      planned(
        first().state,
        {
          reason: 'temporarily-unavailable',
          regenerate: true,
          kind: 'temporary-fixed',
          lifetimeMs: DAY_MS,
          ifFound: 'deny',
        },
        ctxAt(T0 + HOUR_MS),
      ),
    ).toMatchObject({
      kind: 'temporary-fixed',
      count: 1,
      expiresAt: isoAt(T0 + HOUR_MS + DAY_MS),
      rule: 'deny',
    });
  });

  it('takes the rule of a new reason', () => {
    expect(planned(first().state, { reason: 'permanently-lost', regenerate: true }).rule).toBe('deny');
  });

  it('voids the old codes, keeps the start, and does not notify again', () => {
    const before = first();
    const again = reportLost(
      before.state,
      { reason: 'temporarily-unavailable', regenerate: true },
      ctxAt(T0 + HOUR_MS),
    );
    expect(typesOf(again.steps[1]!)).toEqual(['emergency-regenerated']);
    expect(again.steps[1]!.effects).toEqual([]);
    expect(again.state.emergency).toMatchObject({
      startedAt: isoAt(T0),
      issuedAt: isoAt(T0 + HOUR_MS),
      expiresAt: isoAt(T0 + 2 * DAY_MS),
    });
    expect(again.state.emergency!.codes.map((c) => c.hash)).not.toContainEqual(before.state.emergency!.codes[0]!.hash);
  });

  it('is open to self-service too, keeping what the EA started with', () => {
    const regenerated = planned(
      first().state,
      { reason: 'temporarily-unavailable', regenerate: true },
      ctxAt(T0, selfService),
    );
    expect(regenerated).toMatchObject({ kind: 'one-time-set', count: 3 });
  });
});

describe('startEmergency', () => {
  it.each(REASONS)('enters EA for %s: audited with kind and count, the user is told', (reason) => {
    const { state, steps } = reportLost(
      newToken(),
      { reason, kind: 'one-time-set', count: 4, delivery: 'email' },
      ctxAt(T0),
    );
    expect(state.state).toBe('emergency');
    expect(state.emergency).toMatchObject({
      reason,
      kind: 'one-time-set',
      startedAt: isoAt(T0),
      startedBy: { actor: operator.actor, origin: 'operator' },
      delivery: 'email',
      codeLength: 8,
      issuedAt: isoAt(T0),
      onDemand: null,
      noticeSent: false,
    });
    expect(state.emergency!.codes).toHaveLength(4);
    const start = steps[1]!;
    expect(start.records[0]).toMatchObject({
      type: 'emergency-started',
      outcome: 'ok',
      detail: { reason, kind: 'one-time-set', count: 4, delivery: 'email' },
    });
    expect(start.effects[0]).toEqual({
      type: 'notify',
      notice: 'emergency-started',
      detail: { reason, kind: 'one-time-set', expiresAt: state.emergency!.expiresAt },
    });
  });

  it('makes a permanently lost token eligible for replacement at once', () => {
    const { state, steps } = reportLost(newToken(), { reason: 'permanently-lost' }, ctxAt(T0));
    expect(state.replacementEligible).toBe(true);
    expect(typesOf(steps[1]!)).toEqual(['emergency-started', 'replacement-eligible']);
    expect(steps[1]!.effects.map((e) => e.notice)).toEqual(['emergency-started', 'replacement-window-open']);
    expect(reportLost(newToken(), { reason: 'temporarily-unavailable' }, ctxAt(T0)).state.replacementEligible).toBe(
      false,
    );
  });

  it('starts an on-demand EA with no codes yet', () => {
    const { state } = reportLost(newToken(), { reason: 'temporarily-unavailable', kind: 'on-demand' }, ctxAt(T0));
    expect(state.emergency).toMatchObject({
      kind: 'on-demand',
      codes: [],
      issuedAt: null,
      onDemand: { current: null, requestTimes: [] },
    });
  });

  it('checks again after the codes were generated', () => {
    const p = planned(newToken(), { reason: 'temporarily-unavailable' });
    const issued = { hashes: [hash('abcd2345')], codeLength: 8 };
    const disabled = startEmergency({ ...newToken(), disabled: true }, p, issued, ctxAt(T0));
    expect(disabled.result).toMatchObject({ ok: false, code: 'refused' });
    const { state } = reportLost(newToken(), { reason: 'temporarily-unavailable' }, ctxAt(T0));
    expect(startEmergency(state, p, issued, ctxAt(T0)).result).toMatchObject({
      ok: false,
      message: expect.stringMatching(/changed while its codes were being generated/),
    });
    expect(startEmergency(newToken(), p, { hashes: [], codeLength: 8 }, ctxAt(T0)).result).toMatchObject({
      ok: false,
      code: 'invalid',
    });
  });
});

describe('reportFound', () => {
  const lost = (ifFound: (typeof FOUND_RULES)[number]) =>
    reportLost(newToken(), { reason: 'permanently-lost', ifFound }, ctxAt(T0)).state;

  it.each(FOUND_RULES)('from an operator ends EA under %s', (rule) => {
    const step = reportFound(lost(rule), meta(operator), ctxAt(T0 + HOUR_MS));
    expect(step.result).toEqual({ ok: true });
    expect(step.state).toMatchObject({ state: 'active', emergency: null });
    expect(step.records).toMatchObject([{ type: 'emergency-ended', detail: { cause: 'found', rule } }]);
    expect(step.effects).toMatchObject([{ notice: 'emergency-ended', detail: { cause: 'found' } }]);
  });

  it.each([selfService, system])('from %o is refused under deny (audited) and ends EA otherwise', (requester) => {
    const denied = reportFound(lost('deny'), meta(requester), ctxAt(T0, requester));
    expect(denied.result).toMatchObject({ ok: false, code: 'refused', message: expect.stringMatching(/deny/) });
    expect(denied.records).toMatchObject([
      { type: 'found-denied-by-rule', outcome: 'refused', origin: requester.origin },
    ]);
    expect(denied.state.state).toBe('emergency');
    for (const rule of ['allow-and-end-emergency', 'allow-after-expiry'] as const)
      expect(reportFound(lost(rule), meta(requester), ctxAt(T0, requester)).state.state).toBe('active');
  });

  it('lifts emergency-lapsed only for an operator', () => {
    const lapsed = fireDueTimers(lost('deny'), ctxAt(T0 + 8 * DAY_MS, TIMER)).state;
    expect(lapsed.state).toBe('emergency-lapsed');
    expect(reportFound(lapsed, meta(system), ctxAt(T0 + 8 * DAY_MS, system)).result.ok).toBe(false);
    const found = reportFound(lapsed, meta(operator), ctxAt(T0 + 8 * DAY_MS));
    expect(found.state).toMatchObject({ state: 'active', lapsedRule: null });
    expect(found.records).toMatchObject([
      { type: 'emergency-ended', detail: { cause: 'found', from: 'emergency-lapsed' } },
    ]);
    expect(found.effects).toEqual([]);
  });

  it('is refused for a token not in EA', () => {
    expect(reportFound(newToken(), meta(operator), ctxAt(T0)).result).toMatchObject({
      ok: false,
      message: expect.stringMatching(/not in emergency access \(it is active\)/),
    });
  });
});

describe('clearEmergency', () => {
  it.each(['temporary-fixed', 'one-time-set', 'on-demand'] as const)('ends a %s EA for an operator', (kind) => {
    const step = clearEmergency(
      reportLost(newToken(), { reason: 'permanently-lost', kind }, ctxAt(T0)).state,
      meta(),
      ctxAt(T0),
    );
    expect(step.state).toMatchObject({ state: 'active', emergency: null });
    expect(step.records).toMatchObject([{ type: 'emergency-ended', detail: { cause: 'cleared', kind } }]);
  });

  it('is for operators only, and only in EA', () => {
    const { state } = reportLost(newToken(), { reason: 'permanently-lost' }, ctxAt(T0));
    expect(clearEmergency(state, meta(selfService), ctxAt(T0, selfService)).result).toMatchObject({
      ok: false,
      message: 'only an operator can clear emergency access',
    });
    expect(clearEmergency(newToken(), meta(), ctxAt(T0)).result.ok).toBe(false);
  });
});

describe('extendEmergency', () => {
  const running = () =>
    reportLost(newToken(), { reason: 'temporarily-unavailable', lifetimeMs: 3 * DAY_MS }, ctxAt(T0)).state;

  it('moves the end by a lifetime from now or to a time, audited from → to', () => {
    const step = extendEmergency(running(), { ...meta(), lifetimeMs: 10 * DAY_MS }, ctxAt(T0 + DAY_MS));
    expect(step.state.emergency?.expiresAt).toBe(isoAt(T0 + 11 * DAY_MS));
    expect(step.records).toMatchObject([
      { type: 'emergency-expiry-changed', detail: { from: isoAt(T0 + 3 * DAY_MS), to: isoAt(T0 + 11 * DAY_MS) } },
    ]);
    expect(
      extendEmergency(running(), { ...meta(), expiresAt: isoAt(T0 + HOUR_MS) }, ctxAt(T0)).state.emergency?.expiresAt,
    ).toBe(isoAt(T0 + HOUR_MS));
  });

  it('stays within the cap and in the future', () => {
    expect(extendEmergency(running(), { ...meta(), lifetimeMs: 366 * DAY_MS }, ctxAt(T0)).result).toMatchObject({
      ok: false,
      code: 'invalid',
    });
    expect(extendEmergency(running(), { ...meta(), expiresAt: isoAt(T0 - 1) }, ctxAt(T0)).result).toMatchObject({
      ok: false,
      code: 'invalid',
    });
    expect(extendEmergency(running(), meta(), ctxAt(T0)).result).toMatchObject({ ok: false, code: 'invalid' });
  });

  it('re-arms the ending-soon notice when it lies in the future again', () => {
    const noticed = fireDueTimers(running(), ctxAt(T0 + 2 * DAY_MS + 1, TIMER)).state;
    expect(noticed.emergency?.noticeSent).toBe(true);
    const later = extendEmergency(noticed, { ...meta(), lifetimeMs: 5 * DAY_MS }, ctxAt(T0 + 2 * DAY_MS + 1)).state;
    expect(later.emergency?.noticeSent).toBe(false);
    expect(runningTimers(later, DEFAULT_POLICY).map((t) => t.timer)).toContain('emergency-ending-notice');
    const sooner = extendEmergency(noticed, { ...meta(), lifetimeMs: HOUR_MS }, ctxAt(T0 + 2 * DAY_MS + 1)).state;
    expect(sooner.emergency?.noticeSent).toBe(true);
  });

  it('is for operators only, and only in a running EA', () => {
    expect(extendEmergency(running(), { ...meta(system), lifetimeMs: DAY_MS }, ctxAt(T0, system)).result.ok).toBe(
      false,
    );
    expect(extendEmergency(newToken(), { ...meta(), lifetimeMs: DAY_MS }, ctxAt(T0)).result.ok).toBe(false);
  });
});

describe('every origin', () => {
  it.each(Object.values(requesters))('records who started the EA: %o', (requester) => {
    const { state, steps } = reportLost(newToken(), { reason: 'temporarily-unavailable' }, ctxAt(T0, requester));
    expect(state.emergency?.startedBy).toEqual({ actor: requester.actor, origin: requester.origin });
    expect(steps[1]!.records[0]).toMatchObject({ actor: requester.actor, origin: requester.origin });
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { oathCodeAt } from './oath.js';
import { DEFAULT_POLICY } from './policy.js';
import {
  ctxAt,
  hash,
  hotp,
  meta,
  newToken,
  operator,
  ownPasscode,
  PIN,
  reportLost,
  system,
  T0,
  typesOf,
  authenticateAsWorkflow,
  openForTest,
} from './test-fixtures.js';
import { DAY_MS, HOUR_MS, isoAt, MINUTE_MS } from './time.js';
import { clearEmergency, reportFound } from './token-emergency.js';
import { issueOnDemandCode } from './token-on-demand.js';
import { unlock } from './token-operator.js';
import { fireDueTimers, TIMER } from './token-timers.js';
import type { TokenState } from './token-state.js';
import { EA_KINDS, FOUND_RULES, REASONS, type Policy } from './types.js';
import type { AuthResult } from './views.js';
import type { Step } from './step.js';

const auth = (state: TokenState, passcode: string, nowMs = T0, policy: Policy = DEFAULT_POLICY) =>
  authenticateAsWorkflow(state, passcode, ctxAt(nowMs, { actor: 'ea-auth', origin: 'system' }, policy));
const accepted = (step: Step<AuthResult>) => step.result.accepted;
const lockPolicy = (maxFailures: number, durationMs: number | null): Policy => ({
  ...DEFAULT_POLICY,
  lockout: { maxFailures, durationMs },
});

describe('the token own code', () => {
  it('is accepted with the PIN, resets failures and records the step', () => {
    const state = { ...newToken(), failures: 3 };
    const step = auth(state, ownPasscode(state, T0));
    expect(step.result).toEqual({ accepted: true, serial: 'T1', method: 'token', reason: 'ok' });
    expect(step.state.failures).toBe(0);
    expect(step.state.lastOathStep).toBe(Math.floor(T0 / 30_000));
    expect(step.records).toMatchObject([{ type: 'auth-accepted', outcome: 'ok', detail: { method: 'token' } }]);
  });

  it('is not accepted twice in one time step (replay)', () => {
    const first = auth(newToken(), ownPasscode(newToken(), T0));
    expect(accepted(auth(first.state, ownPasscode(first.state, T0), T0 + 1000))).toBe(false);
    expect(accepted(auth(first.state, ownPasscode(first.state, T0 + 30_000), T0 + 30_000))).toBe(true);
  });

  it('without a PIN is the code alone', () => {
    const state = newToken({ pin: null });
    expect(accepted(auth(state, oathCodeAt(openForTest(state.oath), T0)))).toBe(true);
    expect(accepted(auth(state, ownPasscode(state, T0)))).toBe(false);
  });

  it('advances the HOTP counter past the code used', () => {
    const state = newToken({ oath: hotp });
    const code = oathCodeAt({ ...hotp, counter: 4 }, 0);
    const step = auth(state, PIN + code);
    expect(step.result.accepted).toBe(true);
    expect(step.state.oath.counter).toBe(5);
    expect(accepted(auth(step.state, PIN + code))).toBe(false);
  });

  it('with a wrong PIN is a failure', () => {
    const step = auth(newToken(), ownPasscode(newToken(), T0, '0000'));
    expect(step.result).toEqual({ accepted: false, serial: null, method: null, reason: 'rejected' });
    expect(step.state.failures).toBe(1);
    expect(step.records).toMatchObject([{ type: 'auth-rejected', reason: 'wrong-passcode', detail: { failures: 1 } }]);
  });

  it('records a wrong PIN exactly like a wrong code: a reader cannot guess them apart (issue 16 item 9)', () => {
    const wrongPin = auth(newToken(), ownPasscode(newToken(), T0, '0000')).records;
    const wrongCode = auth(newToken(), `${PIN}000000`).records;
    expect(wrongPin.map(({ id: _id, ...rest }) => rest)).toEqual(wrongCode.map(({ id: _id, ...rest }) => rest));
  });

  it.each([
    ['a wrong code', `${PIN}000000`, 'wrong-passcode'],
    ['no PIN', '123456', 'malformed-passcode'],
    ['garbage', 'x', 'malformed-passcode'],
  ])('%s is a failure', (_, passcode, why) => {
    expect(auth(newToken(), passcode).records).toMatchObject([{ type: 'auth-rejected', reason: why }]);
  });
});

describe('on behalf of a named user', () => {
  const system = ctxAt(T0, { actor: 'ea-auth', origin: 'system' });
  it("is the plain authentication when the token is that user's", () => {
    const state = newToken();
    expect(authenticateAsWorkflow(state, ownPasscode(state, T0), system, state.userId!)).toEqual(
      authenticateAsWorkflow(state, ownPasscode(state, T0), system),
    );
  });

  it("rejects another user's token without counting a failure or auditing anything, whatever the passcode", () => {
    const state = { ...newToken(), failures: 2 };
    for (const passcode of [ownPasscode(state, T0), PIN + '000000', '']) {
      expect(authenticateAsWorkflow(state, passcode, system, 'someone-else')).toEqual({
        state,
        records: [],
        effects: [],
        result: { accepted: false, serial: null, method: null, reason: 'rejected' },
      });
    }
  });
});

describe('a closed token rejects without counting a failure, answering like a wrong passcode', () => {
  // Which token, and why, stay in the audit: an answer naming them would tell a guesser that the
  // user exists and what state the token is in (issue 16 item 6).
  it.each([
    ['disabled', { disabled: true }, 'token-disabled'],
    ['expired', { state: 'expired' }, 'token-expired'],
    ['retired', { state: 'retired' }, 'token-retired'],
    ['unassigned', { state: 'unassigned' }, 'token-unassigned'],
    ['locked', { lockedUntil: isoAt(T0 + HOUR_MS) }, 'token-locked'],
    ['locked until unlocked', { lockedIndefinitely: true }, 'token-locked'],
  ] as const)('%s', (_, patch, why) => {
    const state = { ...newToken(), ...patch };
    const step = auth(state, ownPasscode(state, T0));
    expect(step.result).toEqual(auth(newToken(), `${PIN}000000`).result);
    expect(step.state.failures).toBe(0);
    expect(step.records).toMatchObject([{ type: 'auth-rejected', reason: why }]);
  });

  it('a token past its expiry date rejects even before its timer fired', () => {
    const state = newToken({ expiresInDays: 1 });
    const step = auth(state, ownPasscode(state, T0 + 2 * DAY_MS), T0 + 2 * DAY_MS);
    expect(step.result.reason).toBe('rejected');
    expect(step.records.at(-1)?.reason).toBe('token-expired');
    expect(typesOf(step)).toEqual(['replacement-eligible', 'token-expired', 'auth-rejected']);
  });
});

describe('lockout', () => {
  it('locks after maxFailures consecutive failures, for the policy duration, and tells the user', () => {
    let state = newToken();
    for (let i = 1; i < 3; i++) state = auth(state, `${PIN}000000`, T0, lockPolicy(3, HOUR_MS)).state;
    const locking = auth(state, `${PIN}000000`, T0, lockPolicy(3, HOUR_MS));
    expect(locking.state).toMatchObject({ failures: 3, lockedUntil: isoAt(T0 + HOUR_MS), lockedIndefinitely: false });
    expect(typesOf(locking)).toEqual(['auth-rejected', 'token-locked']);
    expect(locking.effects).toEqual([
      { type: 'notify', notice: 'token-locked', detail: { until: isoAt(T0 + HOUR_MS) } },
    ]);
    const during = auth(locking.state, ownPasscode(state, T0 + 1000), T0 + 1000, lockPolicy(3, HOUR_MS));
    expect(during.result.accepted).toBe(false);
    expect(during.records).toMatchObject([{ type: 'auth-rejected', reason: 'token-locked' }]);
    const after = auth(locking.state, ownPasscode(state, T0 + HOUR_MS), T0 + HOUR_MS, lockPolicy(3, HOUR_MS));
    expect(after.result.accepted).toBe(true);
  });

  it('locks until unlocked when the duration is until-unlocked, and an operator unlocks', () => {
    const locked = auth(newToken(), `${PIN}000000`, T0, lockPolicy(1, null)).state;
    expect(locked).toMatchObject({ lockedIndefinitely: true, lockedUntil: null });
    expect(
      auth(locked, ownPasscode(locked, T0 + 100 * DAY_MS), T0 + 100 * DAY_MS, lockPolicy(1, null)).records[0]?.reason,
    ).toBe('token-locked');
    const unlocked = unlock(locked, meta(), ctxAt(T0 + 100 * DAY_MS)).state;
    expect(
      auth(unlocked, ownPasscode(unlocked, T0 + 100 * DAY_MS), T0 + 100 * DAY_MS, lockPolicy(1, null)).result.accepted,
    ).toBe(true);
  });

  it('counts only consecutive failures: a success resets the count', () => {
    let state = newToken();
    for (let i = 0; i < 9; i++) state = auth(state, `${PIN}000000`).state;
    state = auth(state, ownPasscode(state, T0)).state;
    for (let i = 0; i < 9; i++) state = auth(state, `${PIN}000000`, T0 + 1).state;
    expect(state).toMatchObject({ failures: 9, lockedUntil: null });
  });

  it('holds for its whole duration whatever is tried', () => {
    const policy = lockPolicy(2, 30 * MINUTE_MS);
    const { state: inEa, codes } = reportLost(
      newToken(),
      { reason: 'temporarily-unavailable', kind: 'one-time-set', count: 3 },
      ctxAt(T0),
    );
    const locked = auth(auth(inEa, `${PIN}x`, T0, policy).state, `${PIN}y`, T0, policy).state;
    const attempt = fc.oneof(
      fc.constantFrom(...codes.map((c) => PIN + c)),
      fc.constant('own'),
      fc.string({ maxLength: 20 }),
    );
    fc.assert(
      fc.property(
        fc.array(fc.tuple(attempt, fc.integer({ min: 0, max: 30 * MINUTE_MS - 1 })), { maxLength: 20 }),
        (attempts) => {
          let state = locked;
          for (const [passcode, offset] of attempts.sort((a, b) => a[1] - b[1])) {
            const step = auth(
              state,
              passcode === 'own' ? ownPasscode(state, T0 + offset) : passcode,
              T0 + offset,
              policy,
            );
            expect(step.result).toMatchObject({ accepted: false, reason: 'rejected' });
            expect(step.state.lockedUntil).toBe(isoAt(T0 + 30 * MINUTE_MS));
            state = step.state;
          }
        },
      ),
    );
  });
});

describe('emergency codes', () => {
  it('a temporary fixed code works again and again, with the PIN', () => {
    const { state, codes } = reportLost(newToken(), { reason: 'temporarily-unavailable' }, ctxAt(T0));
    const once = auth(state, PIN + codes[0], T0 + 1);
    expect(once.result).toEqual({ accepted: true, serial: 'T1', method: 'temporary-fixed', reason: 'ok' });
    expect(auth(once.state, PIN + codes[0], T0 + 2).result.accepted).toBe(true);
    expect(auth(once.state, codes[0]!, T0 + 2).result.accepted).toBe(false);
  });

  it('one-time codes work once each, in any order, and the set may run out', () => {
    const { state, codes } = reportLost(
      newToken(),
      { reason: 'permanently-lost', kind: 'one-time-set', count: 3 },
      ctxAt(T0),
    );
    let s = state;
    for (const code of [codes[2]!, codes[0]!, codes[1]!]) {
      const step = auth(s, PIN + code);
      expect(step.result.method).toBe('one-time');
      s = step.state;
      expect(auth(s, PIN + code).result.accepted).toBe(false);
    }
    expect(s.state).toBe('emergency');
    expect(s.emergency?.codes.every((c) => c.used)).toBe(true);
    expect(auth(state, PIN + codes[1]).records).toMatchObject([
      { type: 'auth-accepted', detail: { method: 'one-time', unusedCodes: 2 } },
    ]);
  });

  it('an on-demand code works once, until it expires', () => {
    const { state } = reportLost(newToken(), { reason: 'temporarily-unavailable', kind: 'on-demand' }, ctxAt(T0));
    const issued = issueOnDemandCode(state, hash('abcd2345'), isoAt(T0 + HOUR_MS), ctxAt(T0)).state;
    const used = auth(issued, `${PIN}abcd2345`, T0 + MINUTE_MS);
    expect(used.result.method).toBe('on-demand');
    expect(auth(used.state, `${PIN}abcd2345`, T0 + 2 * MINUTE_MS).result.accepted).toBe(false);
    expect(auth(issued, `${PIN}abcd2345`, T0 + HOUR_MS).result.accepted).toBe(false);
  });

  it('are checked after the own code, under their own length', () => {
    const state = newToken();
    const { state: inEa, codes } = reportLost(
      state,
      { reason: 'temporarily-unavailable', kind: 'temporary-fixed' },
      ctxAt(T0, operator, { ...DEFAULT_POLICY, codeFormat: { ...DEFAULT_POLICY.codeFormat, length: 12 } }),
    );
    expect(codes[0]).toHaveLength(12);
    expect(auth(inEa, PIN + codes[0]).result.method).toBe('temporary-fixed');
  });
});

describe('the found-token rule', () => {
  const lost = (ifFound: (typeof FOUND_RULES)[number]) =>
    reportLost(newToken(), { reason: 'temporarily-unavailable', ifFound, lifetimeMs: DAY_MS }, ctxAt(T0));

  it('deny: the own code is refused (not a failure) in EA and after it lapsed', () => {
    const { state } = lost('deny');
    const step = auth(state, ownPasscode(state, T0));
    expect(step.result).toEqual({ accepted: false, serial: 'T1', method: 'token', reason: 'not-allowed-by-rule' });
    expect(step.records).toMatchObject([
      { type: 'found-denied-by-rule', outcome: 'rejected', detail: { rule: 'deny' } },
    ]);
    expect(step.state.failures).toBe(0);
    const lapsed = auth(state, ownPasscode(state, T0 + 2 * DAY_MS), T0 + 2 * DAY_MS);
    expect(lapsed.state.state).toBe('emergency-lapsed');
    expect(lapsed.result.reason).toBe('not-allowed-by-rule');
  });

  it('allow-and-end-emergency: the own code is accepted and ends EA; the codes die', () => {
    const { state, codes } = lost('allow-and-end-emergency');
    const step = auth(state, ownPasscode(state, T0));
    expect(step.result).toMatchObject({ accepted: true, method: 'token' });
    expect(step.state).toMatchObject({ state: 'active', emergency: null });
    expect(typesOf(step)).toEqual(['auth-accepted', 'emergency-ended']);
    expect(step.records[1]?.detail).toMatchObject({ cause: 'found-by-use' });
    expect(step.effects).toMatchObject([{ notice: 'emergency-ended', detail: { cause: 'found-by-use' } }]);
    expect(auth(step.state, PIN + codes[0], T0 + 1).result.accepted).toBe(false);
  });

  it('allow-after-expiry: refused while EA runs, accepted once it ended', () => {
    const { state } = lost('allow-after-expiry');
    expect(auth(state, ownPasscode(state, T0)).result.reason).toBe('not-allowed-by-rule');
    const after = auth(state, ownPasscode(state, T0 + 2 * DAY_MS), T0 + 2 * DAY_MS);
    expect(after.result).toMatchObject({ accepted: true, method: 'token' });
    expect(after.state.state).toBe('active');
  });

  // Spec §3, every reason × found rule × kind: emergency code works, the own code follows the rule,
  // and at the end of the lifetime the emergency codes die and the rule decides what happens next.
  describe.each(REASONS)('%s', (reason) => {
    describe.each(FOUND_RULES)('if found: %s', (rule) => {
      it.each(EA_KINDS)('%s', (kind) => {
        let { state, codes } = reportLost(
          newToken(),
          { reason, ifFound: rule, kind, count: 2, lifetimeMs: DAY_MS },
          ctxAt(T0),
        );
        if (kind === 'on-demand') {
          state = issueOnDemandCode(state, hash('abcd2345'), isoAt(T0 + HOUR_MS), ctxAt(T0)).state;
          codes = ['abcd2345'];
        }
        const emergency = auth(state, PIN + codes[0], T0 + 1);
        expect(emergency.result).toMatchObject({
          accepted: true,
          method: { 'temporary-fixed': 'temporary-fixed', 'one-time-set': 'one-time', 'on-demand': 'on-demand' }[kind],
        });
        const own = auth(emergency.state, ownPasscode(state, T0 + 2), T0 + 2);
        expect(own.result.accepted).toBe(rule === 'allow-and-end-emergency');
        expect(own.state.state).toBe(rule === 'allow-and-end-emergency' ? 'active' : 'emergency');
        if (rule === 'allow-and-end-emergency') return;
        const later = T0 + DAY_MS + MINUTE_MS;
        const ended = fireDueTimers(own.state, ctxAt(later, TIMER)).state;
        expect(ended.state).toBe(rule === 'deny' ? 'emergency-lapsed' : 'active');
        expect(auth(ended, PIN + codes.at(-1), later).result.accepted).toBe(false);
        expect(auth(ended, ownPasscode(ended, later), later).result.accepted).toBe(rule === 'allow-after-expiry');
      });
    });
  });
});

describe('properties', () => {
  const lostWith = (kind: 'one-time-set' | 'temporary-fixed', count: number) =>
    reportLost(newToken(), { reason: 'temporarily-unavailable', kind, count, ifFound: 'deny' }, ctxAt(T0));

  it('a one-time code authenticates at most once, whatever the order of attempts', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.array(fc.nat(), { maxLength: 30 }), (count, picks) => {
        const { state, codes } = lostWith('one-time-set', count);
        const acceptedCodes: string[] = [];
        picks.reduce((s, pick, i) => {
          const code = codes[pick % codes.length]!;
          const step = auth(s, PIN + code, T0 + i);
          if (step.result.accepted) acceptedCodes.push(code);
          return step.state;
        }, state);
        expect(new Set(acceptedCodes).size).toBe(acceptedCodes.length);
      }),
    );
  });

  it('no emergency code authenticates after its EA ends or after the token expires', () => {
    const ending = fc.constantFrom('clear', 'found', 'lifetime', 'token-expiry');
    fc.assert(
      fc.property(
        fc.constantFrom('one-time-set', 'temporary-fixed') as fc.Arbitrary<'one-time-set' | 'temporary-fixed'>,
        ending,
        fc.integer({ min: 0, max: 400 * DAY_MS }),
        (kind, how, extra) => {
          const { state, codes } = lostWith(kind, 3);
          const ended = {
            clear: () => ({ state: clearEmergency(state, meta(), ctxAt(T0 + 1)).state, at: T0 + 1 }),
            found: () => ({ state: reportFound(state, meta(), ctxAt(T0 + 1)).state, at: T0 + 1 }),
            lifetime: () => ({ state, at: Date.parse(state.emergency!.expiresAt) }),
            'token-expiry': () => ({ state, at: Date.parse(state.tokenExpiresAt) }),
          }[how]();
          for (const code of codes) expect(auth(ended.state, PIN + code, ended.at + extra).result.accepted).toBe(false);
        },
      ),
    );
  });

  it('under deny the token own code never authenticates until an operator clears EA or reports it found', () => {
    const event = fc.oneof(
      fc.record({ type: fc.constant('own' as const), after: fc.integer({ min: 30_000, max: 30 * DAY_MS }) }),
      fc.record({ type: fc.constant('system-found' as const), after: fc.integer({ min: 0, max: DAY_MS }) }),
      fc.record({ type: fc.constant('wrong' as const), after: fc.integer({ min: 0, max: DAY_MS }) }),
    );
    fc.assert(
      fc.property(fc.array(event, { maxLength: 15 }), (events) => {
        // The token outlives every sequence: its own expiry is another story.
        let { state } = reportLost(
          newToken({ expiresInDays: 1000 }),
          { reason: 'permanently-lost', lifetimeMs: 3 * DAY_MS },
          ctxAt(T0),
        );
        let now = T0;
        for (const e of events) {
          now += e.after;
          if (e.type === 'system-found') state = reportFound(state, meta(system), ctxAt(now, system)).state;
          else {
            const step = auth(state, e.type === 'own' ? ownPasscode(state, now) : `${PIN}000000`, now);
            // A lockout may hide the rule's answer; it never turns into an acceptance.
            if (e.type === 'own' && step.records[0]?.reason !== 'token-locked')
              expect(step.result).toMatchObject({ accepted: false, reason: 'not-allowed-by-rule' });
            state = unlock(step.state, meta(), ctxAt(now)).state;
          }
        }
        const found = reportFound(state, meta(operator), ctxAt(now)).state;
        expect(auth(found, ownPasscode(found, now + 30_000), now + 30_000).result.accepted).toBe(true);
      }),
    );
  });
});

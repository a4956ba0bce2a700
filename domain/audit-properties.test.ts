// Properties of the audit trail across every transition, over random sequences of commands from
// every kind of caller: each event yields exactly one record (plus the documented consequences of
// that event, each once), records are appended in order with consecutive ids, and no record ever
// contains a code, a PIN or a seed.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateCode } from './code-format.js';
import { oathCodeAt } from './oath.js';
import { DEFAULT_POLICY } from './policy.js';
import {
  alice,
  authenticateAsWorkflow,
  hash,
  meta,
  openForTest,
  pinHash,
  requesters,
  sealedForTest,
  seededRandom,
  T0,
} from './test-fixtures.js';
import { DAY_MS, HOUR_MS, isoAt, MINUTE_MS } from './time.js';
import { clearEmergency, extendEmergency, planEmergency, reportFound, startEmergency } from './token-emergency.js';
import { issueOnDemandCode, planOnDemandCode } from './token-on-demand.js';
import { disable, enable, rejectInput, setPinHash, unassign, unlock } from './token-operator.js';
import { requestReplacement, retireAsReplaced } from './token-replacement.js';
import { type TokenState } from './token-state.js';
import { fireDueTimers, TIMER } from './token-timers.js';
import { EA_KINDS, FOUND_RULES, ORIGINS, REASONS, type Origin, type Policy } from './types.js';
import { newTokenState } from './token-assign.js';
import type { Ctx, Step } from './step.js';

/** PINs that cannot occur in a record by chance: letters no record text uses next to each other. */
const PIN_ARB = fc.stringMatching(/^[QXJVKW2-9]{6,8}$/).filter((p) => /[QXJVKW].*[QXJVKW]/.test(p));

type Command =
  | {
      type: 'lost';
      reason: (typeof REASONS)[number];
      kind: (typeof EA_KINDS)[number] | undefined;
      ifFound: (typeof FOUND_RULES)[number] | undefined;
      regenerate: boolean;
    }
  | { type: 'auth'; passcode: 'own' | 'emergency' | 'wrong-code' | 'wrong-pin'; pick: number }
  | {
      type:
        | 'found'
        | 'clear'
        | 'extend'
        | 'disable'
        | 'enable'
        | 'unlock'
        | 'unassign'
        | 'replacement-request'
        | 'replace'
        | 'on-demand'
        | 'reject-input'
        | 'timers';
    }
  | { type: 'set-pin'; pin: string | null };

/** Primary record types of each command: exactly one of them per command. */
const PRIMARY: Record<Command['type'], readonly string[]> = {
  lost: ['emergency-started', 'emergency-regenerated', 'refused'],
  auth: ['auth-accepted', 'auth-rejected', 'found-denied-by-rule'],
  found: ['emergency-ended', 'found-denied-by-rule', 'refused'],
  clear: ['emergency-ended', 'refused'],
  extend: ['emergency-expiry-changed', 'refused'],
  disable: ['disabled', 'refused'],
  enable: ['enabled', 'refused'],
  unlock: ['token-unlocked', 'refused'],
  unassign: ['unassigned', 'refused'],
  'replacement-request': ['replacement-requested', 'refused'],
  replace: ['replacement-assigned', 'refused'],
  'on-demand': ['codes-issued', 'refused'],
  'reject-input': ['input-rejected'],
  timers: [],
  'set-pin': ['pin-set', 'pin-cleared', 'refused'],
};
/** What an event may cause besides its own record, each at most once. */
const CONSEQUENCES: Partial<Record<Command['type'], readonly string[]>> = {
  lost: ['replacement-eligible'],
  auth: ['emergency-ended', 'token-locked'],
  unassign: ['emergency-ended'],
  replace: ['emergency-ended'],
};

// Operators more often than not: most of what they ask is allowed, so more paths are walked.
const originArb = fc.oneof(
  { arbitrary: fc.constant<Origin>('operator'), weight: 3 },
  fc.constantFrom<Origin>(...ORIGINS),
);
const chosen = <T>(values: readonly T[]) => fc.option(fc.constantFrom(...values), { nil: undefined, freq: 2 });
const commandArb: fc.Arbitrary<Command> = fc.oneof(
  {
    arbitrary: fc.record({
      type: fc.constant('lost' as const),
      reason: fc.constantFrom(...REASONS),
      kind: chosen(EA_KINDS),
      ifFound: chosen(FOUND_RULES),
      regenerate: fc.boolean(),
    }),
    weight: 3,
  },
  {
    arbitrary: fc.record({
      type: fc.constant('auth' as const),
      passcode: fc.constantFrom('own' as const, 'emergency' as const, 'wrong-code' as const, 'wrong-pin' as const),
      pick: fc.nat(),
    }),
    weight: 4,
  },
  { arbitrary: fc.constant({ type: 'on-demand' as const }), weight: 2 },
  fc
    .constantFrom(
      ...([
        'found',
        'clear',
        'extend',
        'disable',
        'enable',
        'unlock',
        'unassign',
        'replacement-request',
        'replace',
        'reject-input',
        'timers',
      ] as const),
    )
    .map((type) => ({ type })),
  fc.record({ type: fc.constant('set-pin' as const), pin: fc.option(PIN_ARB, { nil: null }) }),
);
const stepArb = fc.record({
  command: commandArb,
  origin: originArb,
  after: fc.oneof(fc.integer({ min: 0, max: MINUTE_MS }), fc.integer({ min: 0, max: 5 * DAY_MS })),
});

interface World {
  state: TokenState;
  now: number;
  pin: string | null;
  codes: string[];
  secrets: Set<string>;
}

/** Runs one command as the workflow would (plan, generate, start); returns the steps it took. */
function run(world: World, command: Command, origin: Origin, policy: Policy): Step<unknown>[] {
  const requester = command.type === 'timers' ? TIMER : requesters[origin];
  const ctx: Ctx = { nowMs: world.now, policy, requester };
  const m = meta(requester);
  const random = seededRandom(world.now + world.state.auditSeq);
  const issue = (count: number, length: number) => {
    const codes = Array.from({ length: count }, () => generateCode({ ...policy.codeFormat, length }, random));
    codes.forEach((c) => world.secrets.add(c));
    return codes;
  };
  const s = world.state;
  switch (command.type) {
    case 'lost': {
      const { type: _, ...choices } = command;
      const planned = planEmergency(
        s,
        { ...m, ...choices, lifetimeMs: origin === 'operator' ? 3 * DAY_MS : undefined },
        alice,
        ctx,
      );
      if (!planned.result.ok) return [planned];
      const codes = issue(planned.result.plan.count, planned.result.plan.format.length);
      const started = startEmergency(
        planned.state,
        planned.result.plan,
        { hashes: codes.map(hash), codeLength: planned.result.plan.format.length },
        ctx,
      );
      world.codes = codes;
      return [planned, started];
    }
    case 'auth': {
      const own = oathCodeAt(openForTest(s.oath), world.now);
      const pin = world.pin ?? '';
      const code = world.codes.length > 0 ? world.codes[command.pick % world.codes.length]! : own;
      const passcode = {
        own: pin + own,
        emergency: pin + code,
        'wrong-code': `${pin}000000`,
        'wrong-pin': `QQQQ${own}`,
      }[command.passcode];
      return [authenticateAsWorkflow(s, passcode, ctx)];
    }
    case 'on-demand': {
      const planned = planOnDemandCode(s, alice, ctx);
      if (!planned.result.ok) return [planned];
      const [code] = issue(1, planned.result.codeLength);
      world.codes = [code!];
      return [planned, issueOnDemandCode(planned.state, hash(code!), planned.result.expiresAt, ctx)];
    }
    case 'set-pin': {
      const step = setPinHash(s, command.pin === null ? null : pinHash(command.pin), m, ctx);
      if (step.result.ok) world.pin = command.pin;
      if (command.pin) world.secrets.add(command.pin);
      return [step];
    }
    case 'found':
      return [reportFound(s, m, ctx)];
    case 'clear':
      return [clearEmergency(s, m, ctx)];
    case 'extend':
      return [extendEmergency(s, { ...m, lifetimeMs: 2 * DAY_MS }, ctx)];
    case 'disable':
      return [disable(s, m, ctx)];
    case 'enable':
      return [enable(s, m, ctx)];
    case 'unlock':
      return [unlock(s, m, ctx)];
    case 'unassign':
      return [unassign(s, m, ctx)];
    case 'replacement-request':
      return [requestReplacement(s, m, ctx)];
    case 'replace':
      return [retireAsReplaced(s, 'T1R', m, ctx)];
    case 'reject-input':
      return [rejectInput(s, 'reportLost', 'reason: Invalid option', ctx)];
    case 'timers':
      return [fireDueTimers(s, ctx)];
  }
}

const SEED_ARB = fc.stringMatching(/^[A-Z2-7]{32}$/);
const policyArb = fc
  .record({ maxFailures: fc.integer({ min: 1, max: 4 }), durationMs: fc.constantFrom(30 * MINUTE_MS, null) })
  .map((lockout): Policy => ({ ...DEFAULT_POLICY, lockout }));

describe('the audit trail across every transition', () => {
  it('every event yields exactly one record (plus its consequences), appended in order, and never a secret', () => {
    fc.assert(
      fc.property(SEED_ARB, PIN_ARB, policyArb, fc.array(stepArb, { maxLength: 25 }), (seed, pin, policy, steps) => {
        const created = newTokenState(
          {
            serial: 'T1',
            userId: 'alice',
            oath: sealedForTest({
              type: 'totp',
              secretBase32: seed,
              digits: 6,
              period: 30,
              algorithm: 'SHA1',
              counter: 0,
            }),
            tokenExpiresAt: isoAt(T0 + 60 * DAY_MS),
            pin: pinHash(pin),
          },
          { nowMs: T0, policy, requester: requesters.operator },
        );
        const world: World = { state: created.state, now: T0, pin, codes: [], secrets: new Set([seed, pin]) };
        const allRecords = [...created.records];
        for (const { command, origin, after } of steps) {
          world.now += after;
          const before = world.state;
          const taken = run(world, command, origin, policy);
          const records = taken.flatMap((t) => t.records);
          world.state = taken.at(-1)!.state;
          allRecords.push(...records);

          // Appended in order, numbered consecutively, and kept in the state.
          expect(world.state.auditSeq).toBe(before.auditSeq + records.length);
          expect(records.map((r) => r.id)).toEqual(records.map((_, i) => `T1:${before.auditSeq + i + 1}`));
          expect(world.state.audit.slice(world.state.audit.length - records.length)).toEqual(records);

          // Overdue timers fire first, each once; then the caller's event: one record and its consequences.
          const fromTimer = command.type === 'timers' ? records : records.filter((r) => r.origin === 'timer');
          const own = records.slice(fromTimer.length);
          expect(records.slice(0, fromTimer.length)).toEqual(fromTimer);
          expect(new Set(fromTimer.map((r) => r.type)).size).toBe(fromTimer.length);
          if (command.type === 'timers') continue;
          expect(own.filter((r) => PRIMARY[command.type].includes(r.type))).toHaveLength(1);
          const rest = own.filter((r) => !PRIMARY[command.type].includes(r.type)).map((r) => r.type);
          expect(rest.every((t) => CONSEQUENCES[command.type]?.includes(t))).toBe(true);
          expect(new Set(rest).size).toBe(rest.length);
        }
        const json = JSON.stringify(allRecords);
        for (const secret of world.secrets) expect(json.includes(secret), `a record contains ${secret}`).toBe(false);
      }),
      { numRuns: 200 },
    );
  });

  it('a successful plan (report lost, on-demand request) is no event of its own', () => {
    const state = newTokenState(
      {
        serial: 'T1',
        userId: 'alice',
        oath: sealedForTest({
          type: 'totp',
          secretBase32: 'JBSWY3DPEHPK3PXP',
          digits: 6,
          period: 30,
          algorithm: 'SHA1',
          counter: 0,
        }),
        tokenExpiresAt: isoAt(T0 + 60 * DAY_MS),
        pin: null,
      },
      { nowMs: T0, policy: DEFAULT_POLICY, requester: requesters.operator },
    ).state;
    const planned = planEmergency(state, { ...meta(), reason: 'temporarily-unavailable', kind: 'on-demand' }, alice, {
      nowMs: T0 + HOUR_MS,
      policy: DEFAULT_POLICY,
      requester: requesters.operator,
    });
    expect(planned.records).toEqual([]);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyPolicyAssignments,
  DEFAULT_POLICY,
  flattenPolicy,
  POLICY_KEYS,
  policyGuessingOdds,
  policyValue,
  validatePolicy,
} from './policy.js';
import { codeSpace, GUESS_CHANCE_LIMIT } from './guessing.js';
import type { FieldError, Policy } from './types.js';

const errorsOf = (assignments: Record<string, string>, policy: Policy = DEFAULT_POLICY): FieldError[] => {
  const result = applyPolicyAssignments(policy, assignments);
  return result.ok ? [] : result.errors;
};
const fieldsOf = (assignments: Record<string, string>) => errorsOf(assignments).map((e) => e.field);

describe('DEFAULT_POLICY', () => {
  it('is spec §2, version 1, and valid', () => {
    expect(flattenPolicy(DEFAULT_POLICY)).toEqual({
      allowEmergencyAccessMode: 'true',
      'tokenCode.enabled': 'true',
      'tokenCode.kind': 'temporary-fixed',
      'tokenCode.setSize': '5',
      'onDemand.enabled': 'false',
      'onDemand.emergencyLifetimeDays': '3',
      'onDemand.codeLifetime': '1h',
      'onDemand.rateLimitPerHour': '5',
      'permanentlyLost.lifetime': '7d',
      'permanentlyLost.ifTokenBecomesAvailable': 'deny',
      'temporarilyUnavailable.lifetime': '7d',
      'temporarilyUnavailable.ifTokenBecomesAvailable': 'allow-and-end-emergency',
      'expiringToken.replacementWindow': '30d',
      'codeFormat.length': '8',
      'codeFormat.numeric': 'true',
      'codeFormat.alphabetic': 'true',
      'codeFormat.special': 'false',
      'codeFormat.excludeLookAlikes': 'true',
      'lockout.maxFailures': '10',
      'lockout.duration': '30m',
      maxEmergencyLifetime: '365d',
      'notifications.expiryNoticeLead': '1d',
    });
    expect(DEFAULT_POLICY.version).toBe(1);
    expect(validatePolicy(DEFAULT_POLICY)).toEqual([]);
  });
});

describe('POLICY_KEYS', () => {
  it('has one entry per spec §2 key, each with wording, a section and help', () => {
    expect(POLICY_KEYS.map((k) => k.key)).toEqual(Object.keys(flattenPolicy(DEFAULT_POLICY)));
    for (const key of POLICY_KEYS) {
      expect(key.label.length).toBeGreaterThan(3);
      expect(key.help.length).toBeGreaterThan(3);
      expect(key.section.length).toBeGreaterThan(3);
      expect(key.kind === 'enum').toBe(key.values !== undefined);
    }
  });

  it('keeps each section together, in the seed page order', () => {
    const sections = POLICY_KEYS.map((k) => k.section).filter((s, i, all) => s !== all[i - 1]);
    expect(new Set(sections).size).toBe(sections.length);
    expect(sections.slice(0, 4)).toEqual([
      'Emergency Access Tokencode Settings',
      'Permanently Lost or Broken Tokens',
      'Temporarily Unavailable Tokens',
      'Expiring Token Parameters',
    ]);
  });

  it('uses the seed wording', () => {
    const label = (key: string) => POLICY_KEYS.find((k) => k.key === key)?.label;
    expect(label('allowEmergencyAccessMode')).toBe('Allow user to place token in emergency access mode');
    expect(label('permanentlyLost.ifTokenBecomesAvailable')).toBe('If token becomes available');
    expect(label('temporarilyUnavailable.lifetime')).toBe('Emergency Access Tokencode Lifetime');
  });
});

describe('policyValue', () => {
  it('formats as the CLI shows it', () => {
    expect(policyValue(DEFAULT_POLICY, 'permanentlyLost.lifetime')).toBe('7d');
    expect(policyValue(DEFAULT_POLICY, 'allowEmergencyAccessMode')).toBe('true');
    expect(policyValue({ ...DEFAULT_POLICY, lockout: { maxFailures: 3, durationMs: null } }, 'lockout.duration')).toBe(
      'until-unlocked',
    );
  });

  it('throws for a key that does not exist', () => {
    expect(() => policyValue(DEFAULT_POLICY, 'lockout')).toThrow(/not a policy key/);
  });
});

describe('ranges (spec §2)', () => {
  // [key, lowest valid, highest valid, below, above]
  it.each([
    ['tokenCode.setSize', '1', '50', '0', '51'],
    ['onDemand.emergencyLifetimeDays', '1', '365', '0', '366'],
    ['onDemand.codeLifetime', '1m', '70m', '59s', '71m'],
    ['onDemand.rateLimitPerHour', '1', '60', '0', '61'],
    ['permanentlyLost.lifetime', '1m', '365d', '59s', '366d'],
    ['temporarilyUnavailable.lifetime', '1m', '365d', '59s', '366d'],
    ['expiringToken.replacementWindow', '0', '365d', null, '366d'],
    // 6 passes with a lockout that leaves guessers little chance: tested with the guessing rule below.
    ['codeFormat.length', '7', '16', '5', '17'],
    ['lockout.maxFailures', '1', '100', '0', '101'],
    ['lockout.duration', '1m', '30d', '59s', '31d'],
    // Lower than 7d would be below the default lifetimes: that rule is tested below.
    ['maxEmergencyLifetime', '7d', '3650d', '23h', '3651d'],
    ['notifications.expiryNoticeLead', '0', '7d', null, '169h'],
  ])('%s: %s to %s', (key, low, high, below, above) => {
    expect(errorsOf({ [key]: low })).toEqual([]);
    expect(errorsOf({ [key]: high })).toEqual([]);
    for (const bad of [below, above].filter((v): v is string => v !== null)) {
      const errors = errorsOf({ [key]: bad });
      expect(errors).toHaveLength(1);
      expect(errors[0]!.field).toBe(key);
      expect(errors[0]!.message).toContain(key);
      expect(errors[0]!.message).toMatch(/ to | at most /);
    }
  });

  it('names the range in the message', () => {
    expect(errorsOf({ 'tokenCode.setSize': '99' })).toEqual([
      { field: 'tokenCode.setSize', message: 'tokenCode.setSize must be a whole number from 1 to 50 (got 99)' },
    ]);
    expect(errorsOf({ 'onDemand.codeLifetime': '2h' })).toEqual([
      { field: 'onDemand.codeLifetime', message: 'onDemand.codeLifetime must be a duration from 1m to 70m (got 2h)' },
    ]);
    expect(errorsOf({ 'lockout.duration': '31d' })[0]!.message).toBe(
      'lockout.duration must be a duration from 1m to 30d, or until-unlocked (got 31d)',
    );
  });

  it('accepts until-unlocked for lockout.duration only', () => {
    const result = applyPolicyAssignments(DEFAULT_POLICY, { 'lockout.duration': 'until-unlocked' });
    expect(result.ok && result.policy.lockout.durationMs).toBeNull();
    expect(fieldsOf({ 'permanentlyLost.lifetime': 'until-unlocked' })).toEqual(['permanentlyLost.lifetime']);
  });
});

describe('rules across keys', () => {
  it('caps both lifetimes and the on-demand lifetime at maxEmergencyLifetime', () => {
    expect(errorsOf({ 'permanentlyLost.lifetime': '400d' })).toEqual([
      {
        field: 'permanentlyLost.lifetime',
        message: 'permanentlyLost.lifetime (400d) must be at most maxEmergencyLifetime (365d)',
      },
    ]);
    expect(fieldsOf({ maxEmergencyLifetime: '2d' })).toEqual([
      'permanentlyLost.lifetime',
      'temporarilyUnavailable.lifetime',
      'onDemand.emergencyLifetimeDays',
    ]);
    expect(
      errorsOf({
        maxEmergencyLifetime: '2d',
        'permanentlyLost.lifetime': '2d',
        'temporarilyUnavailable.lifetime': '36h',
        'onDemand.emergencyLifetimeDays': '2',
      }),
    ).toEqual([]);
  });

  it('needs at least one character class', () => {
    const errors = errorsOf({ 'codeFormat.numeric': 'false', 'codeFormat.alphabetic': 'false' });
    expect(errors).toEqual([
      {
        field: 'codeFormat',
        message: 'at least one of codeFormat.numeric, codeFormat.alphabetic, codeFormat.special must be true',
      },
    ]);
    // Five special characters alone need the longest code to leave guessers at most 1 in 10,000.
    const specialsOnly = {
      'codeFormat.numeric': 'false',
      'codeFormat.alphabetic': 'false',
      'codeFormat.special': 'true',
    };
    expect(errorsOf({ ...specialsOnly, 'codeFormat.length': '16' })).toEqual([]);
  });

  it('refuses allowEmergencyAccessMode with nothing to issue', () => {
    expect(fieldsOf({ 'tokenCode.enabled': 'false' })).toEqual(['allowEmergencyAccessMode']);
    expect(errorsOf({ 'tokenCode.enabled': 'false' })[0]!.message).toMatch(/tokenCode\.enabled or onDemand\.enabled/);
    expect(errorsOf({ 'tokenCode.enabled': 'false', 'onDemand.enabled': 'true' })).toEqual([]);
    expect(errorsOf({ 'tokenCode.enabled': 'false', allowEmergencyAccessMode: 'false' })).toEqual([]);
  });

  it('skips a rule whose inputs are themselves invalid, so each field has one message', () => {
    expect(errorsOf({ maxEmergencyLifetime: '1h' })).toEqual([
      { field: 'maxEmergencyLifetime', message: 'maxEmergencyLifetime must be a duration from 1d to 3650d (got 1h)' },
    ]);
    expect(
      fieldsOf({ 'codeFormat.numeric': 'maybe', 'codeFormat.alphabetic': 'false', 'codeFormat.special': 'false' }),
    ).toEqual(['codeFormat.numeric']);
  });
});

describe('validatePolicy', () => {
  it('reports a malformed document field by field (e.g. from a bad signal), without throwing', () => {
    const broken = {
      ...DEFAULT_POLICY,
      version: 0,
      tokenCode: { ...DEFAULT_POLICY.tokenCode, kind: 'x' },
      lockout: undefined,
    } as unknown as Policy;
    expect(validatePolicy(broken).map((e) => e.field)).toEqual([
      'version',
      'tokenCode.kind',
      'lockout.maxFailures',
      'lockout.duration',
    ]);
    expect(validatePolicy({} as Policy)).toHaveLength(POLICY_KEYS.length + 1);
  });

  it('finds no error in any policy built from valid values that leaves guessers at most 1 in 10,000', () => {
    const valid = fc.record({
      setSize: fc.integer({ min: 1, max: 50 }),
      length: fc.integer({ min: 6, max: 16 }),
      lifetimeMinutes: fc.integer({ min: 1, max: 365 * 1440 }),
      maxFailures: fc.integer({ min: 1, max: 100 }),
      lockoutMinutes: fc.option(fc.integer({ min: 1, max: 30 * 1440 })),
    });
    fc.assert(
      fc.property(valid, (v) => {
        const result = applyPolicyAssignments(DEFAULT_POLICY, {
          'tokenCode.setSize': String(v.setSize),
          'codeFormat.length': String(v.length),
          'permanentlyLost.lifetime': `${v.lifetimeMinutes}m`,
          'lockout.maxFailures': String(v.maxFailures),
          'lockout.duration': v.lockoutMinutes === null ? 'until-unlocked' : `${v.lockoutMinutes}m`,
        });
        // The guessing rule is the one combination these values can break.
        const next = result.ok ? result.policy : null;
        if (next) expect(validatePolicy(next)).toEqual([]);
        else expect(result.ok ? [] : result.errors.map((e) => e.field)).toEqual(['codeFormat.length']);
        const lengthened = applyPolicyAssignments(DEFAULT_POLICY, {
          'codeFormat.length': '16',
          'lockout.maxFailures': String(v.maxFailures),
          'lockout.duration': v.lockoutMinutes === null ? 'until-unlocked' : `${v.lockoutMinutes}m`,
        });
        expect(lengthened.ok).toBe(true);
      }),
    );
  });
});

describe('applyPolicyAssignments', () => {
  it('applies several keys together, bumps the version once and lists the changes', () => {
    const result = applyPolicyAssignments(DEFAULT_POLICY, {
      'tokenCode.setSize': '10',
      'lockout.duration': '1h',
      'codeFormat.special': 'true',
    });
    expect(result).toEqual({
      ok: true,
      policy: {
        ...DEFAULT_POLICY,
        version: 2,
        tokenCode: { ...DEFAULT_POLICY.tokenCode, setSize: 10 },
        lockout: { maxFailures: 10, durationMs: 3_600_000 },
        codeFormat: { ...DEFAULT_POLICY.codeFormat, special: true },
      },
      changes: [
        { key: 'tokenCode.setSize', from: '5', to: '10' },
        { key: 'codeFormat.special', from: 'false', to: 'true' },
        { key: 'lockout.duration', from: '30m', to: '1h' },
      ],
    });
  });

  it('changes nothing, not even the version, when the values are the same (however written)', () => {
    const result = applyPolicyAssignments(DEFAULT_POLICY, {
      'permanentlyLost.lifetime': '168h',
      'tokenCode.setSize': ' 5 ',
    });
    expect(result).toEqual({ ok: true, policy: DEFAULT_POLICY, changes: [] });
    expect(applyPolicyAssignments(DEFAULT_POLICY, {})).toEqual({ ok: true, policy: DEFAULT_POLICY, changes: [] });
  });

  it('is all or nothing: one bad value refuses the lot, with every problem listed', () => {
    const result = applyPolicyAssignments(DEFAULT_POLICY, {
      'tokenCode.setSize': '10',
      'no.such.key': '1',
      'codeFormat.length': 'eight',
      'tokenCode.kind': 'both',
      allowEmergencyAccessMode: 'yes',
    });
    expect(result).toEqual({
      ok: false,
      errors: [
        { field: 'no.such.key', message: '"no.such.key" is not a policy key (see ea policy show)' },
        { field: 'codeFormat.length', message: 'codeFormat.length must be a whole number from 6 to 16 (got "eight")' },
        {
          field: 'tokenCode.kind',
          message: 'tokenCode.kind must be one of temporary-fixed, one-time-set (got "both")',
        },
        { field: 'allowEmergencyAccessMode', message: 'allowEmergencyAccessMode must be true or false (got "yes")' },
      ],
    });
  });

  it('refuses keys of the stored shape that are not spec keys', () => {
    expect(fieldsOf({ 'permanentlyLost.lifetimeMs': '1000', version: '9' })).toEqual([
      'permanentlyLost.lifetimeMs',
      'version',
    ]);
  });

  it('round-trips: assigning a policy its own flattened values is no change', () => {
    const changed = applyPolicyAssignments(DEFAULT_POLICY, {
      'lockout.duration': 'until-unlocked',
      'onDemand.codeLifetime': '90s',
    });
    expect(changed.ok).toBe(true);
    if (!changed.ok) return;
    expect(applyPolicyAssignments(changed.policy, flattenPolicy(changed.policy))).toEqual({
      ok: true,
      policy: changed.policy,
      changes: [],
    });
  });
});

describe('guessing odds (issue 16 item 10)', () => {
  it('counts the codes a format can make, every enabled class present', () => {
    const numeric = { length: 6, numeric: true, alphabetic: false, special: false, excludeLookAlikes: true };
    expect(codeSpace(numeric)).toBe(262_144);
    // 8 digits and 49 letters: all strings of 57 characters minus those without a digit or a letter.
    expect(codeSpace(DEFAULT_POLICY.codeFormat)).toBe(57 ** 8 - 49 ** 8 - 8 ** 8);
  });

  it('of the default policy: 50 codes an operator may issue, lockout over maxEmergencyLifetime', () => {
    const odds = policyGuessingOdds(DEFAULT_POLICY);
    expect(odds).toEqual({
      codesValid: 50,
      // 10 failures, then 10 more after each 30-minute lockout, for 365 days.
      attempts: 10 * (365 * 48 + 1),
      codeSpace: 57 ** 8 - 49 ** 8 - 8 ** 8,
      chance: (50 * 10 * (365 * 48 + 1)) / (57 ** 8 - 49 ** 8 - 8 ** 8),
    });
    expect(odds.chance).toBeLessThan(GUESS_CHANCE_LIMIT);
    expect(validatePolicy(DEFAULT_POLICY)).toEqual([]);
  });

  it("refuses the issue's policy, naming the settings to change", () => {
    const errors = errorsOf({
      'codeFormat.length': '6',
      'codeFormat.alphabetic': 'false',
      'tokenCode.kind': 'one-time-set',
      'tokenCode.setSize': '50',
      'lockout.maxFailures': '100',
    });
    expect(errors).toEqual([
      {
        field: 'codeFormat.length',
        message: expect.stringMatching(
          /^a guesser finds a valid emergency code within one emergency access with a chance of 1 in 1, above 1 in 10,000 .*: raise codeFormat\.length .*lockout\.maxFailures.*lockout\.duration.*maxEmergencyLifetime/,
        ),
      },
    ]);
  });

  it('takes a short code when lockout and lifetime leave guessers little chance', () => {
    expect(errorsOf({ 'codeFormat.length': '6' }).map((e) => e.field)).toEqual(['codeFormat.length']);
    expect(errorsOf({ 'codeFormat.length': '6', maxEmergencyLifetime: '30d' })).toEqual([]);
    expect(errorsOf({ 'codeFormat.length': '6', 'lockout.duration': 'until-unlocked' })).toEqual([]);
  });
});

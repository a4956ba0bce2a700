import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../domain/policy.js';
import { parse } from './payload-schemas.js';
import { undecodable } from './undecodable.js';

describe('parse.policyRecord (what a token accepts as policyChanged)', () => {
  it('accepts a whole, valid policy', () => {
    expect(parse.policyRecord({ ...DEFAULT_POLICY, version: 7 })).toEqual({
      ok: true,
      value: { ...DEFAULT_POLICY, version: 7 },
    });
  });

  it.each([
    ['a bare version', { version: 99 }],
    ['a version that is not a number', { ...DEFAULT_POLICY, version: '99' }],
    ['an unknown field', { ...DEFAULT_POLICY, extra: true }],
    ['null', null],
    ['an undecodable payload', undecodable('unknown key id')],
  ])('refuses %s', (_, input) => {
    expect(parse.policyRecord(input).ok).toBe(false);
  });

  it("refuses what is well-formed but out of the domain's ranges", () => {
    const lax = { ...DEFAULT_POLICY, lockout: { maxFailures: 1000, durationMs: null } };
    const parsed = parse.policyRecord(lax);
    expect(parsed).toMatchObject({ ok: false, message: expect.stringContaining('lockout.maxFailures') });
  });
});

describe('parse.userRecord (what a token accepts as userChanged)', () => {
  const user = {
    id: 'alice',
    name: 'Alice',
    email: 'alice@example.com',
    mobile: null,
    onDemand: null,
    serials: ['T1'],
  };

  it('accepts a user record', () => {
    expect(parse.userRecord(user)).toEqual({ ok: true, value: user });
  });

  it('refuses one with a field missing', () => {
    const { serials: _, ...partial } = user;
    expect(parse.userRecord(partial).ok).toBe(false);
  });
});

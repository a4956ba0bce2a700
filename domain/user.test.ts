import { describe, expect, it } from 'vitest';
import { addSerial, contactFor, MAX_TOKENS_PER_USER, removeSerial, validateUser, type UserFields } from './user.js';
import type { User } from './types.js';

const alice: UserFields = {
  id: 'alice',
  name: 'Alice Example',
  email: 'alice@example.com',
  mobile: '+4915112345678',
  onDemand: 'sms',
};
const fieldsOf = (input: UserFields) => {
  const result = validateUser(input);
  return result.ok ? [] : result.errors.map((e) => e.field);
};

describe('validateUser', () => {
  it('accepts a complete user and narrows its types', () => {
    expect(validateUser(alice)).toEqual({ ok: true, user: alice });
    expect(validateUser({ ...alice, email: null, onDemand: null }).ok).toBe(true);
    expect(validateUser({ ...alice, mobile: null, onDemand: 'email' }).ok).toBe(true);
  });

  it.each(['a', 'a.b_c-d@e', 'x'.repeat(64)])('accepts the id %s', (id) =>
    expect(fieldsOf({ ...alice, id })).toEqual([]),
  );
  it.each(['', 'a b', 'x'.repeat(65), 'ä', 42])('refuses the id %j', (id) =>
    expect(fieldsOf({ ...alice, id })).toEqual(['id']),
  );
  it.each(['', '   ', 'x'.repeat(201), 'tab\there', 7])('refuses the name %j', (name) =>
    expect(fieldsOf({ ...alice, name })).toEqual(['name']),
  );
  it.each(['alice', 'alice@example', 'a b@example.com', `${'x'.repeat(250)}@e.com`, 1])(
    'refuses the e-mail %j',
    (email) => expect(fieldsOf({ ...alice, email })).toEqual(['email']),
  );
  it.each(['015112345678', '+0151123456', '+12345', '+1234567890123456', '+49 151 123'])(
    'refuses the mobile %j',
    (mobile) => expect(fieldsOf({ ...alice, mobile })).toEqual(['mobile']),
  );
  it.each(['pigeon', '', undefined])('refuses the channel %j', (onDemand) =>
    expect(fieldsOf({ ...alice, onDemand })).toEqual(['onDemand']),
  );

  it('needs at least one contact', () => {
    expect(validateUser({ ...alice, email: null, mobile: null, onDemand: null })).toEqual({
      ok: false,
      errors: [{ field: 'contact', message: 'a user needs an e-mail address or a mobile number' }],
    });
  });

  it('needs the contact the on-demand channel uses', () => {
    expect(validateUser({ ...alice, mobile: null, onDemand: 'sms' })).toEqual({
      ok: false,
      errors: [{ field: 'onDemand', message: 'on-demand codes by sms need a mobile number' }],
    });
    expect(fieldsOf({ ...alice, email: null, onDemand: 'email' })).toEqual(['onDemand']);
  });

  it('reports every bad field at once', () => {
    expect(fieldsOf({ id: '', name: '', email: 'x', mobile: 'y', onDemand: 'z' })).toEqual([
      'id',
      'name',
      'email',
      'mobile',
      'onDemand',
    ]);
  });
});

describe('serials', () => {
  const user: User = {
    id: 'alice',
    name: 'Alice',
    email: 'alice@example.com',
    mobile: null,
    onDemand: null,
    serials: [],
  };

  it(`holds up to ${MAX_TOKENS_PER_USER} tokens`, () => {
    let held = user;
    for (const serial of ['T1', 'T2', 'T3']) {
      const result = addSerial(held, serial, 'alice');
      if (!result.ok) throw new Error(result.message);
      held = result.user;
    }
    expect(held.serials).toEqual(['T1', 'T2', 'T3']);
    expect(addSerial(held, 'T4', 'alice')).toEqual({
      ok: false,
      code: 'refused',
      message: 'user alice already holds 3 tokens (T1, T2, T3); unassign one first',
    });
    expect(addSerial(held, 'T2', 'alice')).toEqual({ ok: true, user: held });
  });

  it("refuses a serial its token does not assign to the user: another user's, or none (issue 16 item 7)", () => {
    for (const owner of ['bob', null])
      expect(addSerial(user, 'T9', owner)).toEqual({
        ok: false,
        code: 'refused',
        message: 'token T9 is not assigned to user alice; assign it first',
      });
  });

  it('refuses a malformed serial', () => {
    expect(addSerial(user, 'T 1', 'alice')).toMatchObject({ ok: false, code: 'invalid' });
  });

  it('removes a held token and refuses one not held', () => {
    expect(removeSerial({ ...user, serials: ['T1', 'T2'] }, 'T1')).toEqual({
      ok: true,
      user: { ...user, serials: ['T2'] },
    });
    expect(removeSerial(user, 'T1')).toEqual({
      ok: false,
      code: 'refused',
      message: 'user alice does not hold token T1',
    });
  });

  it('finds the contact of a channel', () => {
    expect(contactFor({ email: 'a@b.cd', mobile: null }, 'email')).toBe('a@b.cd');
    expect(contactFor({ email: 'a@b.cd', mobile: null }, 'sms')).toBeNull();
  });
});

// Users (spec §4): profile, contacts and the on-demand channel, and the up to three tokens they hold.
import { SERIAL_PATTERN } from './serial.js';
import { CHANNELS, type Channel, type FieldError, type User } from './types.js';

export const MAX_TOKENS_PER_USER = 3;

const USER_ID = /^[A-Za-z0-9._@-]{1,64}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const MAX_EMAIL_LENGTH = 254;
const E164 = /^\+[1-9]\d{6,14}$/;
const MAX_NAME_LENGTH = 200;
const CONTROL = /[\u0000-\u001f\u007f]/;

/** Fields as they arrive from a form, an import or a payload: checked, not trusted. */
export interface UserFields {
  id: unknown;
  name: unknown;
  email: unknown;
  mobile: unknown;
  onDemand: unknown;
}

export type UserProfile = Omit<User, 'serials'>;

export function contactFor(user: Pick<User, 'email' | 'mobile'>, channel: Channel): string | null {
  return channel === 'email' ? user.email : user.mobile;
}

/** One message per field; the profile back with its types narrowed when all is well. */
export function validateUser(input: UserFields): { ok: true; user: UserProfile } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const fail = (field: string, message: string) => errors.push({ field, message });
  const { id, name, email, mobile, onDemand } = input;

  if (typeof id !== 'string' || !USER_ID.test(id)) fail('id', 'a user id is 1–64 letters, digits, . _ @ or -');
  if (typeof name !== 'string' || name.trim() === '' || name.length > MAX_NAME_LENGTH || CONTROL.test(name)) {
    fail('name', `a name is 1–${MAX_NAME_LENGTH} printable characters`);
  }
  if (email !== null && (typeof email !== 'string' || !EMAIL.test(email) || email.length > MAX_EMAIL_LENGTH))
    fail('email', 'not an e-mail address (e.g. alice@example.com)');
  if (mobile !== null && (typeof mobile !== 'string' || !E164.test(mobile)))
    fail('mobile', 'a mobile number is E.164, e.g. +4915112345678');
  if (onDemand !== null && !CHANNELS.includes(onDemand as Channel))
    fail('onDemand', `the on-demand channel is one of ${CHANNELS.join(', ')}, or none`);
  if (errors.length > 0) return { ok: false, errors };

  const user = { id, name, email, mobile, onDemand } as UserProfile;
  if (user.email === null && user.mobile === null) fail('contact', 'a user needs an e-mail address or a mobile number');
  else if (user.onDemand && contactFor(user, user.onDemand) === null) {
    fail(
      'onDemand',
      `on-demand codes by ${user.onDemand} need ${user.onDemand === 'email' ? 'an e-mail address' : 'a mobile number'}`,
    );
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, user };
}

export type SerialChange = { ok: true; user: User } | { ok: false; code: 'refused' | 'invalid'; message: string };

/**
 * Holding a token the user already holds is no change (imports repeat). `owner` is the user the
 * token itself says it is assigned to (null: none): a serial the token does not assign to this user
 * is refused, so the list authentication reads never holds another user's or a stray serial.
 */
export function addSerial(user: User, serial: string, owner: string | null): SerialChange {
  if (!SERIAL_PATTERN.test(serial))
    return { ok: false, code: 'invalid', message: `"${serial}" is not a serial (1–64 letters, digits, . _ or -)` };
  if (owner !== user.id)
    return {
      ok: false,
      code: 'refused',
      message: `token ${serial} is not assigned to user ${user.id}; assign it first`,
    };
  if (user.serials.includes(serial)) return { ok: true, user };
  if (user.serials.length >= MAX_TOKENS_PER_USER) {
    return {
      ok: false,
      code: 'refused',
      message: `user ${user.id} already holds ${MAX_TOKENS_PER_USER} tokens (${user.serials.join(', ')}); unassign one first`,
    };
  }
  return { ok: true, user: { ...user, serials: [...user.serials, serial] } };
}

export function removeSerial(user: User, serial: string): SerialChange {
  if (!user.serials.includes(serial))
    return { ok: false, code: 'refused', message: `user ${user.id} does not hold token ${serial}` };
  return { ok: true, user: { ...user, serials: user.serials.filter((s) => s !== serial) } };
}

// One token described as text (a CSV row, a PSKC key package) → the token to assign, or every problem.
import type { NewToken } from '../../client/ea-service.js';
import { OATH_TYPES } from '../../domain/types.js';
import { OATH_DEFAULTS } from '../oath-defaults.js';
import {
  algorithm,
  base32Seed,
  counter,
  digits,
  instant,
  oneOf,
  period,
  pin,
  serial,
  userId,
} from '../../input/values.js';
import { RowCheck } from './parsed.js';

export interface TokenFields {
  serial?: string;
  user?: string;
  seed?: string;
  type?: string;
  digits?: string;
  period?: string;
  counter?: string;
  algorithm?: string;
  expires?: string;
  pin?: string;
}

/** Absent or empty optional fields take the OATH defaults; a date-only expiry is the end of that day in `timeZone`. */
export function tokenFromFields(fields: TokenFields, timeZone: string): { token: NewToken } | { errors: string[] } {
  const check = new RowCheck();
  const token: NewToken = {
    serial: check.required('serial', fields.serial, serial) ?? '',
    userId: check.required('user', fields.user, userId) ?? '',
    oath: {
      type: check.optional('type', fields.type?.toLowerCase(), oneOf('type', OATH_TYPES)) ?? OATH_DEFAULTS.type,
      secretBase32: check.required('seed', fields.seed, base32Seed) ?? '',
      digits: check.optional('digits', fields.digits, digits) ?? OATH_DEFAULTS.digits,
      period: check.optional('period', fields.period, period) ?? OATH_DEFAULTS.period,
      algorithm: check.optional('algorithm', fields.algorithm, algorithm) ?? OATH_DEFAULTS.algorithm,
      counter: check.optional('counter', fields.counter, counter) ?? OATH_DEFAULTS.counter,
    },
    tokenExpiresAt:
      check.required(
        'expires',
        fields.expires,
        instant(() => timeZone, 'end-of-day'),
      ) ?? '',
  };
  const tokenPin = check.optional('pin', fields.pin, pin);
  if (check.errors.length) return { errors: check.errors };
  return { token: tokenPin === undefined ? token : { ...token, pin: tokenPin } };
}

// Parsers for the values people type, one per kind of value: each returns the typed value or throws
// EaError('invalid') with a message that says what is expected. The command options (through
// commander) and the import files share them, so a value means the same thing everywhere.
import { EaError } from '../client/ea-service.js';
import { parseDuration } from '../domain/duration.js';
import { isValidBase32Secret } from '../domain/oath.js';
import { isValidPin } from '../domain/passcode.js';
import { SERIAL_PATTERN } from '../domain/serial.js';
import { OATH_ALGORITHMS, type OathAlgorithm } from '../domain/types.js';
import { isPrincipalName } from '../client/keys.js';
import { ROLES, isRole, type Role } from '../trust/roles.js';
import { validateUser } from '../domain/user.js';
import { parseInstant, type DateOnly } from './instant.js';

export type Parse<T> = (text: string) => T;

export const serial: Parse<string> = (text) => {
  if (!SERIAL_PATTERN.test(text))
    throw new EaError('invalid', `"${text}" is not a serial (1–64 letters, digits, . _ or -)`);
  return text;
};

/** One field of a user, checked by the user workflow's own rules (validateUser) within an otherwise valid user. */
function userField(field: 'id' | 'email' | 'mobile'): Parse<string> {
  return (text) => {
    const verdict = validateUser({
      id: 'probe',
      name: 'probe',
      email: 'probe@example.com',
      mobile: null,
      onDemand: null,
      [field]: text,
    });
    const error = verdict.ok ? undefined : verdict.errors.find((e) => e.field === field);
    if (error) throw new EaError('invalid', `"${text}": ${error.message}`);
    return text;
  };
}

export const userId = userField('id');
export const email = userField('email');
export const mobile = userField('mobile');

export const principalName: Parse<string> = (text) => {
  if (!isPrincipalName(text))
    throw new EaError('invalid', `"${text}" is not a principal name (1–64 letters, digits, . _ @ or -)`);
  return text;
};

/** `helpdesk` or `admin,helpdesk`: one or more of the roles, each once. */
export const roleList: Parse<Role[]> = (text) => {
  const names = text.split(',').map((name) => name.trim());
  const unknown = names.filter((name) => !isRole(name));
  if (names.length === 0 || unknown.length > 0)
    throw new EaError(
      'invalid',
      `roles are one or more of ${ROLES.join(', ')}, separated by commas (got "${unknown[0] ?? text}")`,
    );
  return [...new Set(names as Role[])];
};

export function oneOf<T extends string>(what: string, values: readonly T[]): Parse<T> {
  return (text) => {
    if (!(values as readonly string[]).includes(text))
      throw new EaError('invalid', `${what} must be one of ${values.join(', ')} (got "${text}")`);
    return text as T;
  };
}

export function integer(what: string, min: number, max: number): Parse<number> {
  return (text) => {
    const value = Number(text);
    if (!/^\d+$/.test(text.trim()) || value < min || value > max)
      throw new EaError('invalid', `${what} must be a whole number from ${min} to ${max} (got "${text}")`);
    return value;
  };
}

export const digits: Parse<6 | 8> = (text) => {
  if (text !== '6' && text !== '8') throw new EaError('invalid', `digits must be 6 or 8 (got "${text}")`);
  return Number(text) as 6 | 8;
};

export const period = integer('period (seconds)', 1, 300);
export const counter = integer('counter', 0, Number.MAX_SAFE_INTEGER);

/** Hash names as people write them: `sha256`, `SHA-256`, `HMAC-SHA256`. */
export const algorithm: Parse<OathAlgorithm> = (text) => {
  const name = text
    .trim()
    .toUpperCase()
    .replace(/^HMAC-/, '')
    .replace('-', '');
  if (!(OATH_ALGORITHMS as readonly string[]).includes(name))
    throw new EaError('invalid', `algorithm must be one of ${OATH_ALGORITHMS.join(', ')} (got "${text}")`);
  return name as OathAlgorithm;
};

/** Base32 as printed on seed sheets: spaces and lower case allowed, padding dropped. */
export const base32Seed: Parse<string> = (text) => {
  const seed = text.replace(/[\s-]/g, '').toUpperCase().replace(/=+$/, '');
  if (!isValidBase32Secret(seed))
    throw new EaError('invalid', 'the seed must be base32 (A–Z, 2–7) of at least 16 characters (80 bits)');
  return seed;
};

export const pin: Parse<string> = (text) => {
  if (!isValidPin(text)) throw new EaError('invalid', 'a PIN is 4–8 letters or digits');
  return text;
};

/** `90m`, `36h`, `7d` → milliseconds. */
export const duration: Parse<number> = (text) => {
  try {
    return parseDuration(text);
  } catch (error) {
    throw new EaError('invalid', (error as Error).message);
  }
};

/** A date or ISO time → ISO UTC string; see instant.ts for what a date alone means. */
export function instant(timeZone: () => string, dateOnly: DateOnly): Parse<string> {
  return (text) => parseInstant(text, timeZone(), dateOnly).toISOString();
}

import type { TemplateName } from '../../../contract/delivery.js';
// Template variables as a token workflow sends them, at the long end of what is realistic:
// a 12-digit serial, ISO expiry, five 16-character codes.

export const LONG_CODES = [
  'Ab3dEf7hJk9mNp2q',
  'Rs4tUv6wXy8zAb3c',
  'De5fGh7jKm9nPq2r',
  'St4uVw6xYz8aBc3d',
  'Ef5gHj7kMn9pQr2s',
];
export const SHORT_CODE = 'K7m#Q2x+';

type SampleVars = Record<string, string> &
  Record<'userName' | 'serial' | 'expiresAt' | 'codes' | 'code' | 'lifetime' | 'cause', string>;

export function sampleVars(overrides: Record<string, string> = {}): SampleVars {
  return {
    userName: 'Ada Lovelace',
    serial: '000123456789',
    expiresAt: '2026-12-01T17:00:00.000Z',
    codes: LONG_CODES.join('\n'),
    code: LONG_CODES[0]!,
    lifetime: '60m',
    cause: 'the token was reported found',
    ...overrides,
  };
}

/** Every secret a rendering of these vars could contain. */
export function secretsIn(vars: Record<string, string>): string[] {
  return [...(vars.codes ?? '').split('\n'), vars.code ?? ''].filter(Boolean);
}

export const SECRET_TEMPLATES: TemplateName[] = ['emergency-codes', 'on-demand-code'];

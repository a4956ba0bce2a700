// A replacement token's OATH parameters when only its seed is given (the dashboard's form): the
// standard TOTP (SHA-1, 6 digits, 30 s). `ea replace` takes every parameter (cli/oath-options.ts).
import type { NewToken } from './ea-service.js';

export function replacementOath(secretBase32: string): NewToken['oath'] {
  return { type: 'totp', secretBase32, digits: 6, period: 30, algorithm: 'SHA1', counter: 0 };
}

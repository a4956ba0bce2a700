// A replacement token's OATH parameters: `ea replace` takes only the seed, and the token is a
// standard TOTP (SHA-1, 6 digits, 30 s), whichever service assigns it.
import type { NewToken } from './ea-service.js';

export function replacementOath(secretBase32: string): NewToken['oath'] {
  return { type: 'totp', secretBase32, digits: 6, period: 30, algorithm: 'SHA1', counter: 0 };
}

// A worker's memory of the PIN derivations it computed. Every authentication checks the typed PIN
// against the token's slow hash (domain/pin-hash.ts); the same user typing the same PIN again (the
// next login, a RADIUS retry, the second step of a PIN-first challenge) costs the PBKDF2 once. Keyed
// by an HMAC under a key that lives only in this process, so the memory names no PIN; it holds what
// the worker derived, which matches a stored hash only for the right PIN, as the stored hash does.
import { createHmac, randomBytes } from 'node:crypto';
import type { PinDerivation } from '../domain/pin-hash.js';

export const REMEMBERED_PIN_DERIVATIONS = 10_000;

export function rememberedPinDerivation(derive: PinDerivation, limit = REMEMBERED_PIN_DERIVATIONS): PinDerivation {
  const key = randomBytes(32);
  const remembered = new Map<string, Uint8Array>();
  return (pin, saltHex, iterations) => {
    const id = createHmac('sha256', key).update(`${iterations}\u0000${saltHex}\u0000${pin}`).digest('base64');
    let derived = remembered.get(id);
    if (derived)
      remembered.delete(id); // to the back: least recently used goes first
    else derived = derive(pin, saltHex, iterations);
    remembered.set(id, derived);
    if (remembered.size > limit) remembered.delete(remembered.keys().next().value!);
    return derived;
  };
}

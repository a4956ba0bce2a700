import { describe, expect, it } from 'vitest';
import { hashPin, verifyPin, type PinDerivation } from '../domain/pin-hash.js';
import { nativePinDerivation } from './native-pin-derivation.js';
import { rememberedPinDerivation } from './remembered-pin-derivation.js';

const SALT = '00112233445566778899aabbccddeeff';

function counting(): { derive: PinDerivation; calls: () => number } {
  let calls = 0;
  return {
    derive: (pin, salt, iterations) => (calls++, nativePinDerivation(pin, salt, iterations)),
    calls: () => calls,
  };
}

describe('remembered PIN derivation', () => {
  it('gives the derivation’s bytes and derives each PIN, salt and cost once', () => {
    const inner = counting();
    const derive = rememberedPinDerivation(inner.derive);
    const stored = hashPin('4711', SALT, nativePinDerivation);
    for (let i = 0; i < 3; i++) {
      expect(verifyPin('4711', stored, derive)).toBe(true);
      expect(verifyPin('4712', stored, derive)).toBe(false);
    }
    expect(inner.calls()).toBe(2);
    expect(derive('4711', SALT, 1_000)).toEqual(nativePinDerivation('4711', SALT, 1_000));
    derive('4711', SALT.replace('00', '01'), 1_000);
    derive('4711', SALT, 999);
    expect(inner.calls()).toBe(4);
  });

  it('keeps no more than its limit, dropping the least recently used', () => {
    const inner = counting();
    const derive = rememberedPinDerivation(inner.derive, 2);
    derive('1111', SALT, 10);
    derive('2222', SALT, 10);
    derive('1111', SALT, 10); // used again: now the most recent
    derive('3333', SALT, 10); // drops 2222
    expect(inner.calls()).toBe(3);
    derive('1111', SALT, 10);
    expect(inner.calls()).toBe(3);
    derive('2222', SALT, 10);
    expect(inner.calls()).toBe(4);
  });

  it('does not tell PINs apart by what a PIN and salt run together would make', () => {
    const inner = counting();
    const derive = rememberedPinDerivation(inner.derive);
    derive('12', 'ab', 10);
    derive('1', '2ab', 10);
    expect(inner.calls()).toBe(2);
  });
});

import { describe, expect, it } from 'vitest';
import { isValidPin, splitPasscode } from './passcode.js';

describe('splitPasscode', () => {
  it.each([
    ['4711123456', 6, true, { pin: '4711', code: '123456' }],
    ['abcdefgh12345678', 8, true, { pin: 'abcdefgh', code: '12345678' }],
    ['123456', 6, false, { pin: '', code: '123456' }],
  ])('%s (code %d, PIN %s) → %j', (passcode, length, hasPin, expected) => {
    expect(splitPasscode(passcode, length, hasPin)).toEqual(expected);
  });

  it.each([
    ['123456', 6, true], // PIN missing
    ['471123456', 6, true], // PIN too short
    ['123456789123456', 6, true], // PIN too long
    ['47-1123456', 6, true], // PIN not letters or digits
    ['4711123456', 6, false], // no PIN expected
    ['12345', 6, false], // too short
    ['', 0, false],
  ])('%s (code %d, PIN %s) → null', (passcode, length, hasPin) => {
    expect(splitPasscode(passcode, length, hasPin)).toBeNull();
  });
});

describe('isValidPin', () => {
  it.each(['1234', 'abCD', 'a1b2c3d4'])('%s is a PIN', (pin) => expect(isValidPin(pin)).toBe(true));
  it.each(['123', '123456789', '12 4', '12-4', 'äbcd', ''])('%j is not', (pin) => expect(isValidPin(pin)).toBe(false));
});

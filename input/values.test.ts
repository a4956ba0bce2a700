import { describe, expect, it } from 'vitest';
import {
  algorithm,
  base32Seed,
  digits,
  duration,
  email,
  instant,
  integer,
  mobile,
  oneOf,
  pin,
  serial,
  userId,
} from './values.js';

describe('value parsers', () => {
  it('serial: 1–64 of letters, digits, . _ -', () => {
    expect(serial('ABC-12_3.x')).toBe('ABC-12_3.x');
    for (const bad of ['', 'a b', 'x/y', 'é', 'a'.repeat(65)]) expect(() => serial(bad), bad).toThrow(/not a serial/);
  });

  it('user id', () => {
    expect(userId('alice@example')).toBe('alice@example');
    expect(() => userId('alice smith')).toThrow('"alice smith": a user id is 1–64 letters, digits, . _ @ or -');
  });

  it('oneOf lists the allowed values', () => {
    const reason = oneOf('--reason', ['permanently-lost', 'temporarily-unavailable'] as const);
    expect(reason('permanently-lost')).toBe('permanently-lost');
    expect(() => reason('lost')).toThrow(
      '--reason must be one of permanently-lost, temporarily-unavailable (got "lost")',
    );
  });

  it('integer within bounds', () => {
    const count = integer('--count', 1, 50);
    expect(count('50')).toBe(50);
    for (const bad of ['0', '51', '2.5', '-1', 'ten', ''])
      expect(() => count(bad), bad).toThrow(/whole number from 1 to 50/);
  });

  it('digits 6 or 8', () => {
    expect(digits('8')).toBe(8);
    expect(() => digits('7')).toThrow(/6 or 8/);
  });

  it('algorithm in the spellings people use', () => {
    expect(['sha1', 'SHA-256', 'HMAC-SHA512', 'hmac-sha1'].map(algorithm)).toEqual([
      'SHA1',
      'SHA256',
      'SHA512',
      'SHA1',
    ]);
    expect(() => algorithm('MD5')).toThrow(/SHA1, SHA256, SHA512/);
  });

  it('base32 seed: spaces, dashes, lower case and padding tolerated', () => {
    expect(base32Seed('gezd gnbv-gy3t qojq gezd gnbv gy3t qojq')).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
    expect(base32Seed('GEZDGNBVGY3TQOJQ====')).toBe('GEZDGNBVGY3TQOJQ');
    for (const bad of ['GEZDGNBVGY3TQOJ1GEZDGNBV', 'GEZDGNBV', ''])
      expect(() => base32Seed(bad), bad).toThrow(/base32/);
  });

  it('PIN: 4–8 letters or digits', () => {
    expect(pin('a1B2')).toBe('a1B2');
    for (const bad of ['123', '123456789', '12 34', '12-4'])
      expect(() => pin(bad), bad).toThrow(/4–8 letters or digits/);
  });

  it('mobile: E.164', () => {
    expect(mobile('+4915112345678')).toBe('+4915112345678');
    for (const bad of ['015112345678', '+0151123456', '+49 151 123', '+1234'])
      expect(() => mobile(bad), bad).toThrow(/E\.164/);
  });

  it('e-mail', () => {
    expect(email('a@b.example')).toBe('a@b.example');
    expect(() => email('alice')).toThrow(/e-mail/);
  });

  it('duration', () => {
    expect(duration('90m')).toBe(90 * 60_000);
    expect(duration('7d')).toBe(7 * 86_400_000);
    expect(() => duration('soon')).toThrow(/not a duration/);
  });

  it('instant: ISO UTC out', () => {
    expect(instant(() => 'Europe/Berlin', 'end-of-day')('2026-12-31')).toBe('2026-12-31T22:59:59.999Z');
    expect(() => instant(() => 'UTC', 'end-of-day')('31/12/2026')).toThrow(/not a date/);
  });
});

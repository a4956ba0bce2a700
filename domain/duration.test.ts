import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from './duration.js';

describe('parseDuration', () => {
  it.each([
    ['0', 0],
    ['90s', 90_000],
    ['90m', 5_400_000],
    ['36h', 129_600_000],
    ['7d', 604_800_000],
    [' 7d ', 604_800_000],
    ['0m', 0],
  ])('%j → %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', '7', '7w', '-1d', '1.5h', '1h30m', 'd', '7 d', '7D', 'until-unlocked', '99999999999999999d'])(
    'refuses %j with a message that shows the format',
    (text) => {
      expect(() => parseDuration(text)).toThrow(/is not a duration.*90m, 36h, 7d/);
    },
  );
});

describe('formatDuration', () => {
  it.each([
    [0, '0'],
    [604_800_000, '7d'],
    [5_400_000, '90m'],
    [129_600_000, '36h'],
    [90_000, '90s'],
    [1_500, '1500ms'],
  ])('%d ms → %j', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it.each([-1, 1.5, Number.NaN, Infinity])('refuses %d', (ms) => {
    expect(() => formatDuration(ms)).toThrow(/not a duration/);
  });

  it('round-trips every whole number of seconds', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10 * 365 * 86_400 }),
        (seconds) => parseDuration(formatDuration(seconds * 1000)) === seconds * 1000,
      ),
    );
  });
});

import { describe, expect, it } from 'vitest';
import { formatInstant, formatTimeLeft } from './time-left.js';

const now = Date.parse('2026-03-01T12:00:00Z');
const at = (ms: number) => new Date(now + ms).toISOString();

describe('formatTimeLeft', () => {
  it('shows the two largest units', () => {
    expect(formatTimeLeft(at(6 * 86_400_000 + 5 * 3_600_000 + 59_000), now)).toBe('6d 05h');
    expect(formatTimeLeft(at(3 * 3_600_000 + 7 * 60_000), now)).toBe('3h 07m');
    expect(formatTimeLeft(at(4 * 60_000 + 9_000), now)).toBe('4m 09s');
  });

  it('says when there is nothing to count down', () => {
    expect(formatTimeLeft(null, now)).toBe('—');
    expect(formatTimeLeft(at(-1), now)).toBe('ended');
  });
});

describe('formatInstant', () => {
  it('prints UTC to the minute, labelled', () => {
    expect(formatInstant('2026-03-08T12:34:56.000Z')).toBe('2026-03-08 12:34Z');
    expect(formatInstant(null)).toBe('—');
  });
});

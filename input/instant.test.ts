import { describe, expect, it } from 'vitest';
import { EaError } from '../client/ea-service.js';
import { formatInstant, parseInstant, resolveTimeZone } from './instant.js';

const iso = (text: string, zone: string, dateOnly: 'start-of-day' | 'end-of-day' = 'end-of-day') =>
  parseInstant(text, zone, dateOnly).toISOString();

describe('parseInstant', () => {
  it('reads a date alone as the end of that day in the zone, winter and summer time', () => {
    expect(iso('2026-12-31', 'Europe/Berlin')).toBe('2026-12-31T22:59:59.999Z');
    expect(iso('2026-07-01', 'Europe/Berlin')).toBe('2026-07-01T21:59:59.999Z');
    expect(iso('2026-07-01', 'America/New_York')).toBe('2026-07-02T03:59:59.999Z');
    expect(iso('2026-07-01', 'UTC')).toBe('2026-07-01T23:59:59.999Z');
  });

  it('reads a date alone as the start of the day when asked', () => {
    expect(iso('2026-03-29', 'Europe/Berlin', 'start-of-day')).toBe('2026-03-28T23:00:00.000Z');
    expect(iso('2026-11-01', 'Asia/Kolkata', 'start-of-day')).toBe('2026-10-31T18:30:00.000Z');
  });

  it('gets the end of the day right on the days the clocks change', () => {
    expect(iso('2026-03-29', 'Europe/Berlin')).toBe('2026-03-29T21:59:59.999Z');
    expect(iso('2026-10-25', 'Europe/Berlin')).toBe('2026-10-25T22:59:59.999Z');
  });

  it('takes explicit offsets and Z as given, whatever the zone', () => {
    expect(iso('2026-05-01T10:00:00Z', 'Asia/Tokyo')).toBe('2026-05-01T10:00:00.000Z');
    expect(iso('2026-05-01T10:00:00+02:00', 'UTC')).toBe('2026-05-01T08:00:00.000Z');
    expect(iso('2026-05-01T10:00-0530', 'UTC')).toBe('2026-05-01T15:30:00.000Z');
    expect(iso('2026-05-01T10:00:00.123456z', 'UTC')).toBe('2026-05-01T10:00:00.123Z');
  });

  it('reads a time without an offset in the zone', () => {
    expect(iso('2026-05-01T10:00', 'Europe/Berlin')).toBe('2026-05-01T08:00:00.000Z');
    expect(iso('2026-05-01 10:00:30', 'UTC')).toBe('2026-05-01T10:00:30.000Z');
  });

  it.each([
    '2026-02-30',
    '2026-13-01',
    '2026-1-1',
    'tomorrow',
    '',
    '2026-05-01T24:00',
    '2026-05-01T10:61',
    '2026-05-01T10:00+25:00',
    '31.12.2026',
  ])('refuses %j with a message naming the accepted forms', (text) => {
    expect(() => parseInstant(text, 'UTC', 'end-of-day')).toThrow(EaError);
  });
});

describe('resolveTimeZone', () => {
  it('uses TZ, with or without the glibc colon', () => {
    expect(resolveTimeZone({ TZ: 'Europe/Berlin' })).toBe('Europe/Berlin');
    expect(resolveTimeZone({ TZ: ':Asia/Tokyo' })).toBe('Asia/Tokyo');
  });

  it("falls back to the system's zone", () => {
    expect(resolveTimeZone({})).toBe(new Intl.DateTimeFormat().resolvedOptions().timeZone);
  });

  it('refuses a TZ that names no zone', () => {
    expect(() => resolveTimeZone({ TZ: 'Mars/Olympus' })).toThrow(/not a time zone name/);
  });
});

describe('formatInstant', () => {
  it('shows the UTC instant and the local wall time', () => {
    expect(formatInstant('2026-12-31T22:59:59.999Z', 'Europe/Berlin')).toBe(
      '2026-12-31T22:59:59.999Z (2026-12-31 23:59:59 Europe/Berlin)',
    );
    expect(formatInstant('2026-12-31T22:59:59.999Z', 'UTC')).toBe('2026-12-31T22:59:59.999Z');
  });
});

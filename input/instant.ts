// Times typed by people, read in the CLI's time zone (`TZ`) and resolved to UTC instants (spec §3).
// A date alone means a whole day: its end for expiries, its start for `--since`.
import { EaError } from '../client/ea-service.js';

export type DateOnly = 'start-of-day' | 'end-of-day';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?$/i;

/** The zone named by `TZ` (a leading `:` as glibc allows), or the system's own. */
export function resolveTimeZone(env: NodeJS.ProcessEnv): string {
  const name = env.TZ?.replace(/^:/, '');
  if (!name) return new Intl.DateTimeFormat().resolvedOptions().timeZone;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    throw new EaError('invalid', `TZ="${env.TZ}" is not a time zone name; use one like Europe/Berlin or UTC`);
  }
}

/** `2026-12-31`, `2026-12-31T18:00` (in `timeZone`) or `2026-12-31T17:00:00Z` / `+01:00` → UTC instant. */
export function parseInstant(text: string, timeZone: string, dateOnly: DateOnly): Date {
  const value = text.trim();
  const day = DATE.exec(value);
  if (day) {
    const [y, m, d] = [int(day[1]), int(day[2]), int(day[3])];
    checkCalendarDate(y, m, d, text);
    return dateOnly === 'end-of-day'
      ? new Date(wallTimeToUtc(Date.UTC(y, m - 1, d, 23, 59, 59, 999), timeZone))
      : new Date(wallTimeToUtc(Date.UTC(y, m - 1, d), timeZone));
  }
  const time = DATE_TIME.exec(value);
  if (!time)
    throw new EaError('invalid', `"${text}" is not a date (YYYY-MM-DD) or ISO time (YYYY-MM-DDTHH:MM[:SS][Z|±HH:MM])`);
  const [y, m, d, hh, mm, ss] = [int(time[1]), int(time[2]), int(time[3]), int(time[4]), int(time[5]), int(time[6])];
  checkCalendarDate(y, m, d, text);
  if (hh > 23 || mm > 59 || ss > 59) throw new EaError('invalid', `"${text}" has an impossible time of day`);
  const ms = Number((time[7] ?? '').padEnd(3, '0').slice(0, 3));
  const wall = Date.UTC(y, m - 1, d, hh, mm, ss, ms);
  const zone = time[8];
  if (zone === undefined) return new Date(wallTimeToUtc(wall, timeZone));
  if (zone.toUpperCase() === 'Z') return new Date(wall);
  const [, sign, oh, om] = /^([+-])(\d{2}):?(\d{2})$/.exec(zone) ?? [];
  if (int(oh) > 23 || int(om) > 59) throw new EaError('invalid', `"${text}" has an impossible UTC offset`);
  return new Date(wall - (sign === '-' ? -1 : 1) * (int(oh) * 60 + int(om)) * 60_000);
}

/** `2026-12-31T22:59:59.999Z (2026-12-31 23:59:59 Europe/Berlin)`: the stored instant and what it means here. */
export function formatInstant(iso: string, timeZone: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  if (timeZone === 'UTC') return at.toISOString();
  const local = new Date(at.getTime() + offsetAt(at.getTime(), timeZone)).toISOString();
  return `${at.toISOString()} (${local.slice(0, 10)} ${local.slice(11, 19)} ${timeZone})`;
}

function int(digits: string | undefined): number {
  return Number(digits ?? 0);
}

function checkCalendarDate(y: number, m: number, d: number, text: string): void {
  const probe = new Date(Date.UTC(y, m - 1, d));
  if (probe.getUTCFullYear() !== y || probe.getUTCMonth() !== m - 1 || probe.getUTCDate() !== d) {
    throw new EaError('invalid', `"${text}" is not a calendar date`);
  }
}

/** Wall-clock time in `timeZone` (given as if it were UTC) → the UTC instant. Two passes settle DST edges. */
function wallTimeToUtc(wall: number, timeZone: string): number {
  const guess = wall - offsetAt(wall, timeZone);
  return wall - offsetAt(guess, timeZone);
}

/** Local minus UTC at instant `utc`, in ms. */
function offsetAt(utc: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(new Date(utc));
  const get = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((p) => p.type === type)?.value);
  const local = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return local - Math.floor(utc / 1000) * 1000;
}

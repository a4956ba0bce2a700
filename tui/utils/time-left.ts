// Countdowns read at a glance: the two largest units only, so a column stays narrow and stable.
import { DAY_MS as DAY, HOUR_MS as HOUR, MINUTE_MS as MINUTE, SECOND_MS as SECOND } from '../../domain/time.js';

export function formatTimeLeft(until: string | null, now: number): string {
  if (until === null) return '—';
  const left = Date.parse(until) - now;
  if (Number.isNaN(left)) return '?';
  if (left <= 0) return 'ended';
  const pad = (n: number) => String(n).padStart(2, '0');
  if (left >= DAY) return `${Math.floor(left / DAY)}d ${pad(Math.floor((left % DAY) / HOUR))}h`;
  if (left >= HOUR) return `${Math.floor(left / HOUR)}h ${pad(Math.floor((left % HOUR) / MINUTE))}m`;
  return `${Math.floor(left / MINUTE)}m ${pad(Math.floor((left % MINUTE) / SECOND))}s`;
}

/** Instants are stored in UTC; operators see them in UTC too, labelled, so nobody guesses a zone. */
export function formatInstant(iso: string | null): string {
  if (iso === null) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 16).replace('T', ' ')}Z`;
}

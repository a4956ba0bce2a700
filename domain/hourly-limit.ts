// A per-token rolling-hour limit (spec §2 `onDemand.rateLimitPerHour`): on-demand requests, and
// regenerations asked by non-operators, each of which voids codes and sends a message.
import { HOUR_MS, isoAt } from './time.js';

/** The times (ISO) that still count: within the hour before `nowMs`. */
export const withinTheHour = (times: readonly string[], nowMs: number): string[] =>
  times.filter((at) => nowMs - Date.parse(at) < HOUR_MS);

/** Why one more is refused now (`what`, plural, names it in the message), or null when it is not. */
export function overHourlyLimit(times: readonly string[], limit: number, nowMs: number, what: string): string | null {
  const recent = withinTheHour(times, nowMs);
  if (recent.length < limit) return null;
  const next = Math.min(...recent.map(Date.parse)) + HOUR_MS;
  return `at most ${limit} ${what} per hour; the next one can be requested at ${isoAt(next)}`;
}

// Time in the domain: epoch milliseconds in computation, ISO-8601 UTC strings in stored state.
export const SECOND_MS = 1_000;
export const MINUTE_MS = 60 * SECOND_MS;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

export function isoAt(ms: number): string {
  return new Date(ms).toISOString();
}

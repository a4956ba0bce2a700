// Durations as people write them in the policy and on the command line (spec §2): `90s`, `90m`,
// `36h`, `7d`, or `0`. Stored as milliseconds.
import { DAY_MS, HOUR_MS, MINUTE_MS, SECOND_MS } from './time.js';

const UNIT_MS = { d: DAY_MS, h: HOUR_MS, m: MINUTE_MS, s: SECOND_MS } as const;
type Unit = keyof typeof UNIT_MS;

const DURATION = /^(\d+)([smhd])$/;

/** `90m` → 5 400 000. Throws an Error that says what is expected. */
export function parseDuration(text: string): number {
  const trimmed = text.trim();
  if (trimmed === '0') return 0;
  const match = DURATION.exec(trimmed);
  const ms = match ? Number(match[1]) * UNIT_MS[match[2] as Unit] : NaN;
  if (!Number.isSafeInteger(ms)) {
    throw new Error(
      `"${text}" is not a duration: write a whole number followed by s, m, h or d (e.g. 90m, 36h, 7d), or 0`,
    );
  }
  return ms;
}

/** The largest unit that divides exactly: 604 800 000 → `7d`, 5 400 000 → `90m`. */
export function formatDuration(ms: number): string {
  if (!Number.isSafeInteger(ms) || ms < 0) throw new Error(`${ms} is not a duration in milliseconds`);
  if (ms === 0) return '0';
  const unit = (Object.keys(UNIT_MS) as Unit[]).find((u) => ms % UNIT_MS[u] === 0);
  // Not a whole number of seconds: never produced by parseDuration, shown exactly rather than rounded.
  return unit ? `${ms / UNIT_MS[unit]}${unit}` : `${ms}ms`;
}

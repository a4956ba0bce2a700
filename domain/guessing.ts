// How likely a guesser finds a valid emergency code (issue 16 item 10): the codes valid at once,
// times the passcodes lockout lets one try within one emergency access, over the number of codes
// the format can make. A token need not have a PIN, so the PIN is not counted on.
import { formatDuration } from './duration.js';
import { codeAlphabet } from './code-format.js';
import type { CodeFormat, Policy } from './types.js';

/** The highest chance a policy may leave a guesser: 1 in 10,000. */
export const GUESS_CHANCE_LIMIT = 1 / 10_000;

export interface GuessingOdds {
  /** Codes one EA may hold valid at once. */
  codesValid: number;
  /** Passcodes a guesser may try within one EA's maximum lifetime, lockout obeyed. */
  attempts: number;
  /** Distinct codes of the format (each enabled class present in every code). */
  codeSpace: number;
  /** codesValid × attempts ÷ codeSpace, at most 1. */
  chance: number;
}

/** Strings of the format's length with a character of every enabled class (inclusion–exclusion). */
export function codeSpace(format: CodeFormat): number {
  const alphabet = codeAlphabet(format);
  const classes = [alphabet.numeric.length, alphabet.alphabetic.length, alphabet.special.length].filter((n) => n > 0);
  const total = classes.reduce((sum, n) => sum + n, 0);
  let space = 0;
  // Each subset of classes left out, with the sign of inclusion–exclusion.
  for (let mask = 0; mask < 1 << classes.length; mask++) {
    const left = classes.filter((_, i) => mask & (1 << i)).reduce((sum, n) => sum + n, 0);
    const sign = classes.filter((_, i) => mask & (1 << i)).length % 2 === 0 ? 1 : -1;
    space += sign * (total - left) ** format.length;
  }
  return space;
}

/**
 * Failed passcodes allowed within `lifetimeMs`: maxFailures, then again after each lockout ends. A
 * lockout until an operator unlocks allows maxFailures (an unlock is a person's decision).
 */
export function attemptsWithin(lockout: Policy['lockout'], lifetimeMs: number): number {
  if (lockout.durationMs === null) return lockout.maxFailures;
  return lockout.maxFailures * (Math.floor(lifetimeMs / lockout.durationMs) + 1);
}

/** The odds under `policy` for an EA holding `codesValid` codes for maxEmergencyLifetime. */
export function guessingOdds(policy: Policy, codesValid: number): GuessingOdds {
  const attempts = attemptsWithin(policy.lockout, policy.maxEmergencyLifetimeMs);
  const space = codeSpace(policy.codeFormat);
  return { codesValid, attempts, codeSpace: space, chance: Math.min(1, (codesValid * attempts) / space) };
}

const count = (n: number) => n.toLocaleString('en-US');

/** `1 in 8,912,345`, for people. */
export const formatChance = (chance: number): string => `1 in ${count(Math.floor(1 / chance))}`;

/** Why the odds are too good for a guesser, naming the settings that change them; null when they are not. */
export function guessingProblem(policy: Policy, odds: GuessingOdds): string | null {
  if (odds.chance <= GUESS_CHANCE_LIMIT) return null;
  return (
    `a guesser finds a valid emergency code within one emergency access with a chance of ${formatChance(odds.chance)}, ` +
    `above ${formatChance(GUESS_CHANCE_LIMIT)} (${odds.codesValid} valid codes × ${count(odds.attempts)} passcodes ` +
    `lockout allows over maxEmergencyLifetime ${formatDuration(policy.maxEmergencyLifetimeMs)} ÷ ` +
    `${count(odds.codeSpace)} possible codes): raise codeFormat.length (or enable more character classes), ` +
    `lower lockout.maxFailures, lengthen lockout.duration or shorten maxEmergencyLifetime`
  );
}

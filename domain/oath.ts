// The token's own tokencode (RFC 6238 TOTP / RFC 4226 HOTP) through the `otpauth` library, which
// compares in constant time. A step at or below the last accepted one is a replay and is refused.
import { HOTP, Secret, TOTP } from 'otpauth';
import type { OathSpec } from './types.js';

/** HOTP: accept a code up to this many presses ahead of the expected counter. */
export const HOTP_LOOK_AHEAD = 10;

const BASE32 = /^[A-Z2-7]{16,}=*$/i;

/** At least 16 base32 characters (80 bits), optional padding. */
export function isValidBase32Secret(s: string): boolean {
  return BASE32.test(s);
}

function options(oath: OathSpec) {
  return {
    secret: Secret.fromBase32(oath.secretBase32.replace(/=+$/, '').toUpperCase()),
    algorithm: oath.algorithm,
    digits: oath.digits,
  };
}

/** The candidate steps in the order they are tried: the expected one first. */
function candidateSteps(oath: OathSpec, nowMs: number): number[] {
  if (oath.type === 'hotp') return Array.from({ length: HOTP_LOOK_AHEAD + 1 }, (_, i) => oath.counter + i);
  const current = Math.floor(nowMs / 1000 / oath.period);
  // The previous and the next time step too, for clock drift.
  return [current, current - 1, current + 1];
}

function matchesStep(oath: OathSpec, code: string, step: number): boolean {
  const opts = { ...options(oath), token: code, window: 0 };
  return oath.type === 'hotp'
    ? HOTP.validate({ ...opts, counter: step }) === 0
    : TOTP.validate({ ...opts, period: oath.period, timestamp: step * oath.period * 1000 }) === 0;
}

/** `step` is the TOTP time step or the HOTP counter that matched. */
export function verifyOathCode(
  oath: OathSpec,
  code: string,
  nowMs: number,
  lastAcceptedStep: number | null,
): { ok: true; step: number } | { ok: false } {
  if (code.length !== oath.digits || !/^\d+$/.test(code)) return { ok: false };
  const step = candidateSteps(oath, nowMs).find(
    (s) => (lastAcceptedStep === null || s > lastAcceptedStep) && matchesStep(oath, code, s),
  );
  return step === undefined ? { ok: false } : { ok: true, step };
}

/** The token's code now (TOTP) or at its expected counter (HOTP). */
export function oathCodeAt(oath: OathSpec, nowMs: number): string {
  return oath.type === 'hotp'
    ? HOTP.generate({ ...options(oath), counter: oath.counter })
    : TOTP.generate({ ...options(oath), period: oath.period, timestamp: nowMs });
}

// What a passcode says about a token (spec §3 "authenticate"), found where the passcode and the seed
// can be read: in a worker (activities/passcode-check.ts), which opens both. Pure and deterministic.
// The verdict names no secret: which stored hashes the code matched and at which step the token's
// own code did, so the workflow decides and consumes (domain/token-authenticate.ts) without ever
// holding the passcode, and its history shows none.
import { splitPasscode } from './passcode.js';
import { purePinDerivation, verifyPin, type PinDerivation } from './pin-hash.js';
import { verifySecret } from './secret-hash.js';
import type { TokenState } from './token-state.js';
import type { PinHash, SecretHash } from './types.js';

/** What the worker checks a passcode against: the token's PIN hash, code lengths and live code hashes. */
export interface VerdictSubject {
  pin: PinHash | null;
  digits: number;
  /** The running EA's code length, if any. */
  codeLength: number | null;
  hashes: SecretHash[];
}

/** One way to read the passcode whose PIN part is right: a code of `length` characters. */
export interface VerdictPart {
  length: number;
  /** The TOTP step or HOTP counter at which it is the token's own code (above the last accepted), or null. */
  ownStep: number | null;
  /** The `hash` of each stored code hash it matches. */
  matched: string[];
}

export interface PasscodeVerdict {
  /** The PIN hash it was checked against (its `hash`; null: no PIN): a verdict on another PIN is void. */
  pinHash: string | null;
  /** Some reading fits PIN + code at all. */
  splittable: boolean;
  /** The readings whose PIN part is right. */
  parts: VerdictPart[];
}

/** The token's side of a check: its PIN hash, code lengths and the hashes of the codes that still work. */
export function verdictSubject(state: TokenState): VerdictSubject {
  const ea = state.emergency;
  const codes = ea ? ea.codes.filter((c) => !c.used).map((c) => c.hash) : [];
  const onDemand = ea?.onDemand?.current ? [ea.onDemand.current.hash] : [];
  return {
    pin: state.pin,
    digits: state.oath.digits,
    codeLength: ea ? ea.codeLength : null,
    hashes: [...codes, ...onDemand],
  };
}

/** `ownStep(code)`: the step at which `code` is the token's own code, or null (the worker asks the seed). */
export function passcodeVerdict(
  subject: VerdictSubject,
  passcode: string,
  ownStep: (code: string) => number | null,
  derive: PinDerivation = purePinDerivation,
): PasscodeVerdict {
  const lengths = new Set([subject.digits, ...(subject.codeLength === null ? [] : [subject.codeLength])]);
  const readings = [...lengths].flatMap((length) => splitPasscode(passcode, length, subject.pin !== null) ?? []);
  const behindPin = readings.filter((p) => subject.pin === null || verifyPin(p.pin, subject.pin, derive));
  return {
    pinHash: subject.pin?.hash ?? null,
    splittable: readings.length > 0,
    parts: behindPin.map(({ code }) => ({
      length: code.length,
      ownStep: code.length === subject.digits && /^\d+$/.test(code) ? ownStep(code) : null,
      matched: subject.hashes.filter((hash) => verifySecret(code, hash)).map((hash) => hash.hash),
    })),
  };
}

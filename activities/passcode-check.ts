// A passcode checked where it and the seed can be read (spec §5): in the worker, which opens the
// passcode and the token's seed, both sealed to the workers' key. It answers the verdict
// (domain/passcode-verdict.ts), which names no secret; the workflow decides with it and keeps the
// HOTP counter and the last accepted step. Neither the passcode nor the seed enters its history.
import { verifyOathCode } from '../domain/oath.js';
import { passcodeVerdict, type PasscodeVerdict, type VerdictSubject } from '../domain/passcode-verdict.js';
import { verifyPin } from '../domain/pin-hash.js';
import type { PinHash, SealedOath } from '../domain/types.js';
import { nativePinDerivation } from '../secrets/native-pin-derivation.js';
import { rememberedPinDerivation } from '../secrets/remembered-pin-derivation.js';
import { openWithAny } from '../secrets/sealed-box.js';
import { privateKeysOf, type WorkerKeyRing } from '../worker/codec/worker-key.js';

export interface PinCheck {
  /** What a login prompt got, sealed to the workers' key by the client (purpose `passcode`). */
  sealedPin: string;
  /** The token's PIN hash; null: the token has no PIN. */
  pin: PinHash | null;
}

export interface PasscodeCheck {
  /** The passcode sealed to the workers' key by the client (purpose `passcode`). */
  sealedPasscode: string;
  subject: VerdictSubject;
  oath: SealedOath;
  /** Workflow time: the TOTP window the workflow decides in. */
  nowMs: number;
  lastAcceptedStep: number | null;
}

/** Opened seeds by sealed box: each token's seed is opened once per worker, not per authentication. */
const OPENED_LIMIT = 20_000;

export function createPasscodeCheck(workerKeys: WorkerKeyRing) {
  const privateKeys = privateKeysOf(workerKeys);
  const derivePin = rememberedPinDerivation(nativePinDerivation);
  const opened = new Map<string, string>();
  const seedOf = (sealed: string): string => {
    let seed = opened.get(sealed);
    if (seed === undefined) {
      seed = openWithAny(privateKeys, 'seed', sealed);
      if (opened.size >= OPENED_LIMIT) opened.delete(opened.keys().next().value!);
      opened.set(sealed, seed);
    }
    return seed;
  };

  /** A passcode or seed this key cannot open is a passcode that fits nothing. */
  async function checkPasscode(check: PasscodeCheck): Promise<PasscodeVerdict> {
    let passcode: string;
    try {
      passcode = openWithAny(privateKeys, 'passcode', check.sealedPasscode);
    } catch {
      return { pinHash: check.subject.pin?.hash ?? null, splittable: false, parts: [] };
    }
    const { sealedSecret, secretId: _, ...params } = check.oath;
    const ownStep = (code: string): number | null => {
      let secretBase32: string;
      try {
        secretBase32 = seedOf(sealedSecret);
      } catch {
        return null;
      }
      const verdict = verifyOathCode({ ...params, secretBase32 }, code, check.nowMs, check.lastAcceptedStep);
      return verdict.ok ? verdict.step : null;
    };
    return passcodeVerdict(check.subject, passcode, ownStep, derivePin);
  }

  /** Whether a sealed PIN (the challenge flow's first step) is the token's; empty for a token without one. */
  async function checkPin({ sealedPin, pin }: PinCheck): Promise<boolean> {
    let typed: string;
    try {
      typed = openWithAny(privateKeys, 'passcode', sealedPin);
    } catch {
      return false;
    }
    return pin === null ? typed === '' : verifyPin(typed, pin, derivePin);
  }

  return { checkPasscode, checkPin };
}

// What a client does to secrets before they leave the operator's machine (spec §5 "Secrets only
// their owners read"): a PIN goes as its salted slow hash, a seed sealed to the workers' key. Both
// services (Temporal and in-memory) send tokens through here.
import { randomBytes } from 'node:crypto';
import type { AssignTokenPayload } from '../contract/payload-schemas.js';
import { hashPin } from '../domain/pin-hash.js';
import type { OathSpec, PinHash, SealedOath } from '../domain/types.js';
import { normalizedSeed, seedId } from '../secrets/seed-id.js';
import { seal } from '../secrets/sealed-box.js';
import { nativePinDerivation } from '../secrets/native-pin-derivation.js';
import { EaError, type NewToken } from './ea-service.js';
import { isValidPin } from '../domain/passcode.js';

/** Checked here, as the contract would check the PIN itself: once hashed, nobody else can. */
export function pinHashOf(pin: string): PinHash {
  if (!isValidPin(pin))
    throw new EaError('invalid', 'pin: a PIN is 4–8 letters or digits', [
      { field: 'pin', message: 'a PIN is 4–8 letters or digits' },
    ]);
  return hashPin(pin, randomBytes(16).toString('hex'), nativePinDerivation);
}

export function sealedOathOf({ secretBase32, ...params }: OathSpec, workerKey: Uint8Array): SealedOath {
  const seed = normalizedSeed(secretBase32);
  return { ...params, sealedSecret: seal(workerKey, 'seed', seed), secretId: seedId(seed) };
}

/** A passcode as the authenticate update carries it: only a worker opens it. */
export function sealedPasscodeOf(passcode: string, workerKey: Uint8Array): string {
  return seal(workerKey, 'passcode', passcode);
}

/** A token as the assign update carries it: seed sealed, PIN hashed. */
export function assignmentOf(
  { oath, pin, ...token }: NewToken,
  workerKey: Uint8Array,
): Pick<AssignTokenPayload, 'serial' | 'userId' | 'oath' | 'tokenExpiresAt' | 'pin'> {
  return { ...token, oath: sealedOathOf(oath, workerKey), ...(pin ? { pin: pinHashOf(pin) } : {}) };
}

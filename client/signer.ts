// Who signs a client's requests (product spec §5): a principal's name and a way to wrap a payload in
// the signed envelope for one workflow and one message (trust/envelope.ts). The clients sign every
// state-changing message they send with it; the workflows verify.
import { openCodes } from '../secrets/sealed-codes.js';
import { principalOpenKey } from '../secrets/sealed-box.js';
import { signRequest, type JsonObject, type Signed } from '../trust/envelope.js';
import { readKeyFile, type PrincipalKey } from './keys.js';

export interface Signer {
  /** The principal's name in the registry: the envelope's `principal` and the payload's `actor`. */
  readonly principal: string;
  /** `payload` (as JSON carries it) with the envelope over `workflowId`, `message` and the payload. */
  sign<P extends JsonObject>(workflowId: string, message: string, payload: P): Signed<P>;
  /** Codes a worker sealed to this principal's key (spec §5); throws when they were sealed to another. */
  openCodes(sealed: string): string[];
}

/** Signs with `key`, dated by `now` (epoch milliseconds; the real clock unless a test moves it). */
export function keySigner(key: PrincipalKey, now: () => number = Date.now): Signer {
  return {
    principal: key.principal,
    sign: (workflowId, message, payload) =>
      signRequest(key.privateKey, key.principal, workflowId, message, payload, new Date(now()).toISOString()),
    openCodes: (sealed) => openCodes([principalOpenKey(key.privateKey)], sealed),
  };
}

/**
 * Signs with the key in the file at `path`, read when first needed: a command that only reads never
 * touches it, and one that signs without a usable key fails then (EaError `invalid`, exit 2).
 */
export function keyFileSigner(path: string, now: () => number = Date.now): Signer {
  let loaded: Signer | undefined;
  const signer = () => (loaded ??= keySigner(readKeyFile(path), now));
  return {
    get principal() {
      return signer().principal;
    },
    sign: (workflowId, message, payload) => signer().sign(workflowId, message, payload),
    openCodes: (sealed) => signer().openCodes(sealed),
  };
}

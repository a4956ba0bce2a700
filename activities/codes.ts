// Emergency codes (spec §5), generated in the worker and sealed before they leave it: to the public
// key of the principal that asked (an operator's or portal's update shows them once, to it alone) or
// to the workers' key (codes for delivery, opened again only by the delivery activity). The workflow
// keeps only salted hashes.
//
// Codes and salts are a PRF of a secret only workers hold (derived from the workers' key) and the
// request (token, request id, the token's audit sequence): a retry of the same request, on this
// worker or another after this one died, issues the same codes, so the message a dead worker already
// wrote stays valid (issue #16 item 16). HMAC-SHA256 keyed by 32 bytes from the CSPRNG is a
// deterministic random bit generator in the sense of NIST SP 800-90A's HMAC_DRBG: without the key
// the codes are as unpredictable as fresh CSPRNG output.
import { hkdf } from '@noble/hashes/hkdf.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { generateCode } from '../domain/code-format.js';
import { hashSecret } from '../domain/secret-hash.js';
import type { CodeFormat, SecretHash } from '../domain/types.js';
import { principalSealKey, seal } from '../secrets/sealed-box.js';
import type { WorkerKeyRing } from '../worker/codec/worker-key.js';

export interface CodesRequest {
  format: CodeFormat;
  count: number;
  /** Names the request: the same key issues the same codes. */
  requestKey: string;
  /** The asking principal's Ed25519 public key (base64url); null seals to the workers' key. */
  sealTo: string | null;
}

export interface IssuedCodes {
  /** The codes as a JSON array, sealed (secrets/sealed-box.ts, purpose `codes`). */
  sealed: string;
  hashes: SecretHash[];
}

/** Uniform integers below `max` from HMAC(key, label ‖ counter), by rejection sampling. */
function prfInts(key: Uint8Array, label: string): (max: number) => number {
  let counter = 0;
  let pool: number[] = [];
  const next = () => {
    if (pool.length === 0) {
      const block = hmac(sha256, key, utf8ToBytes(`${label}\u0000${counter++}`));
      const view = new DataView(block.buffer, block.byteOffset, block.byteLength);
      pool = Array.from({ length: block.length / 4 }, (_, i) => view.getUint32(i * 4));
    }
    return pool.shift()!;
  };
  return (max) => {
    const limit = Math.floor(0x1_0000_0000 / max) * max;
    for (;;) {
      const value = next();
      if (value < limit) return value % max;
    }
  };
}

export function createCodeActivities(workerKeys: WorkerKeyRing) {
  // From the current key: every worker of the deployment has it, so a retry anywhere issues the same codes.
  const codeKey = hkdf(sha256, workerKeys.current.privateKey, undefined, 'emergency-access code generation v1', 32);

  function codesFor(request: CodesRequest): { codes: string[]; hashes: SecretHash[] } {
    const random = prfInts(codeKey, `codes\u0000${request.requestKey}`);
    const codes = Array.from({ length: request.count }, () => generateCode(request.format, random));
    const salt = (i: number) =>
      bytesToHex(hmac(sha256, codeKey, utf8ToBytes(`salt\u0000${request.requestKey}\u0000${i}`)).slice(0, 16));
    return { codes, hashes: codes.map((code, i) => hashSecret(code, salt(i))) };
  }

  async function generateCodes(request: CodesRequest): Promise<IssuedCodes> {
    const { codes, hashes } = codesFor(request);
    const recipient = request.sealTo === null ? workerKeys.current.publicKey : principalSealKey(request.sealTo);
    return { sealed: seal(recipient, 'codes', JSON.stringify(codes)), hashes };
  }

  return { generateCodes };
}

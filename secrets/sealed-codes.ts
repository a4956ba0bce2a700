// Issued codes travel as one sealed box holding their JSON array (activities/codes.ts seals them).
import { open, SealError } from './sealed-box.js';

/** The codes in `sealed`, opened with the X25519 private key they were sealed to. */
export function openCodes(privateKey: Uint8Array, sealed: string): string[] {
  const codes: unknown = JSON.parse(open(privateKey, 'codes', sealed));
  if (!Array.isArray(codes) || !codes.every((code) => typeof code === 'string'))
    throw new SealError('the sealed box holds no codes');
  return codes;
}

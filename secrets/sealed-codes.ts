// Issued codes travel as one sealed box holding their JSON array (activities/codes.ts seals them).
import { openWithAny, SealError } from './sealed-box.js';

/** The codes in `sealed`, opened with the X25519 private key (of those given) they were sealed to. */
export function openCodes(privateKeys: Iterable<Uint8Array>, sealed: string): string[] {
  const codes: unknown = JSON.parse(openWithAny(privateKeys, 'codes', sealed));
  if (!Array.isArray(codes) || !codes.every((code) => typeof code === 'string'))
    throw new SealError('the sealed box holds no codes');
  return codes;
}

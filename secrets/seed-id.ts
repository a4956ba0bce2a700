// A seed's identifier: tells whether two sealed seeds are the same seed (a re-import is a no-op)
// without revealing it. A hash of a seed of at least 80 random bits cannot be searched back to it.
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

export function normalizedSeed(secretBase32: string): string {
  return secretBase32.replace(/=+$/, '').toUpperCase();
}

export function seedId(secretBase32: string): string {
  return bytesToHex(sha256(utf8ToBytes(`emergency-access seed id v1\u0000${normalizedSeed(secretBase32)}`))).slice(
    0,
    32,
  );
}

// Base64url (RFC 4648 §5, no padding) without Buffer or atob: this runs inside Temporal workflow
// code. Decoding is strict, so every byte string has exactly one accepted spelling: no padding, no
// whitespace, no characters outside the alphabet, and the unused low bits of the last character
// must be zero. Anything else decodes to null (never throws).

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

const DECODE: Int8Array = (() => {
  const table = new Int8Array(128).fill(-1);
  for (let i = 0; i < ALPHABET.length; i++) table[ALPHABET.charCodeAt(i)] = i;
  return table;
})();

export function bytesToBase64url(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += ALPHABET[(n >> 18) & 63]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63]! + ALPHABET[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i]! << 16;
    out += ALPHABET[(n >> 18) & 63]! + ALPHABET[(n >> 12) & 63]!;
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out += ALPHABET[(n >> 18) & 63]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63]!;
  }
  return out;
}

/** The bytes of a canonical unpadded base64url string, or null for anything else. */
export function base64urlToBytes(text: unknown): Uint8Array | null {
  if (typeof text !== 'string') return null;
  const length = text.length;
  if (length % 4 === 1) return null;
  const out = new Uint8Array(Math.floor((length * 3) / 4));
  let bits = 0;
  let value = 0;
  let at = 0;
  for (let i = 0; i < length; i++) {
    const code = text.charCodeAt(i);
    const digit = code < 128 ? DECODE[code]! : -1;
    if (digit < 0) return null;
    value = ((value << 6) | digit) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[at++] = (value >> bits) & 0xff;
    }
  }
  // Leftover bits (2 or 4) must be zero, or two spellings would decode to the same bytes.
  if (bits > 0 && (value & ((1 << bits) - 1)) !== 0) return null;
  return out;
}

/** The bytes if `text` is canonical base64url of exactly `size` bytes, else null. */
export function base64urlToBytesOfSize(text: unknown, size: number): Uint8Array | null {
  if (typeof text !== 'string' || text.length !== Math.ceil((size * 4) / 3)) return null;
  const bytes = base64urlToBytes(text);
  return bytes !== null && bytes.length === size ? bytes : null;
}

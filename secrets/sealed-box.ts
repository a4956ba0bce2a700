// Sealed boxes (spec §5 "Secrets only their owners read"): anyone may seal to a recipient's public
// key; only the recipient's private key opens. X25519 ephemeral-static ECDH, HKDF-SHA256 and
// AES-256-GCM: the shape of libsodium's crypto_box_seal and of HPKE's base mode, from well-kept
// parts (@noble/curves, @noble/hashes, node:crypto). The purpose is bound in as associated data, so a
// box sealed as one thing (codes) is never accepted as another (a seed). Runs in workers and clients,
// never in workflow code (sealing needs randomness).
import {
  createCipheriv,
  createDecipheriv,
  createPrivateKey,
  createPublicKey,
  diffieHellman,
  generateKeyPairSync,
  randomBytes,
  type KeyObject,
} from 'node:crypto';
import { edwardsToMontgomeryPriv, edwardsToMontgomeryPub } from '@noble/curves/ed25519.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { base64urlToBytes, bytesToBase64url } from '../trust/base64url.js';
import { decodePublicKey } from '../trust/principal.js';

export type SealPurpose = 'codes' | 'seed' | 'passcode';

const VERSION = 'eas1';
const KEY_BYTES = 32;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

export class SealError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SealError';
  }
}

// Raw 32-byte X25519 keys as OpenSSL takes them: the fixed DER prefixes of RFC 8410.
const PRIVATE_DER = Buffer.from('302e020100300506032b656e04220420', 'hex');
const PUBLIC_DER = Buffer.from('302a300506032b656e032100', 'hex');
const privateKeyObject = (raw: Uint8Array) =>
  createPrivateKey({ key: Buffer.concat([PRIVATE_DER, raw]), format: 'der', type: 'pkcs8' });
const publicKeyObject = (raw: Uint8Array) =>
  createPublicKey({ key: Buffer.concat([PUBLIC_DER, raw]), format: 'der', type: 'spki' });
const rawPublic = (key: KeyObject) =>
  new Uint8Array(key.export({ format: 'der', type: 'spki' }).subarray(PUBLIC_DER.length));

/**
 * KeyObjects by raw key: building one from DER costs more than the ECDH it serves, and a worker opens
 * every box with the same few keys and seals to the same few recipients. Bounded: a key that falls
 * out is just built again.
 */
function memoized<T>(build: (raw: Uint8Array) => T, limit = 256): (raw: Uint8Array) => T {
  const built = new Map<string, T>();
  return (raw) => {
    const id = Buffer.from(raw).toString('base64');
    let value = built.get(id);
    if (value === undefined) {
      value = build(raw);
      if (built.size >= limit) built.delete(built.keys().next().value!);
      built.set(id, value);
    }
    return value;
  };
}
const recipientKey = memoized(publicKeyObject);
const ownKey = memoized((raw) => {
  const key = privateKeyObject(raw);
  return { key, publicKey: rawPublic(createPublicKey(key)) };
});

/** The X25519 public key of a raw private key. */
export function x25519PublicKey(privateKey: Uint8Array): Uint8Array {
  return rawPublic(createPublicKey(privateKeyObject(privateKey)));
}

/** A fresh raw X25519 private key from the CSPRNG. */
export function x25519PrivateKey(): Uint8Array {
  return new Uint8Array(randomBytes(KEY_BYTES));
}

function boxKey(shared: Uint8Array, ephemeral: Uint8Array, recipient: Uint8Array, purpose: SealPurpose) {
  const salt = new Uint8Array([...ephemeral, ...recipient]);
  return hkdf(sha256, shared, salt, `emergency-access sealed box v1 ${purpose}`, KEY_BYTES);
}

/** `plaintext` sealed to the X25519 public key `recipient`: `eas1.<base64url(ephemeral|nonce|ciphertext|tag)>`. */
export function seal(recipient: Uint8Array, purpose: SealPurpose, plaintext: string): string {
  const pair = generateKeyPairSync('x25519');
  const ephemeral = rawPublic(pair.publicKey);
  const shared = diffieHellman({ privateKey: pair.privateKey, publicKey: recipientKey(recipient) });
  const key = boxKey(shared, ephemeral, recipient, purpose);
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(Buffer.from(purpose));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return `${VERSION}.${bytesToBase64url(new Uint8Array(Buffer.concat([ephemeral, nonce, body])))}`;
}

/** Opens a box sealed to the public half of `recipientPrivate`; throws SealError on anything else. */
export function open(recipientPrivate: Uint8Array, purpose: SealPurpose, sealed: string): string {
  const [version, text, ...rest] = sealed.split('.');
  const bytes = version === VERSION && rest.length === 0 ? base64urlToBytes(text) : null;
  if (!bytes || bytes.length < KEY_BYTES + NONCE_BYTES + TAG_BYTES) throw new SealError('not a sealed box');
  const ephemeral = bytes.subarray(0, KEY_BYTES);
  const nonce = bytes.subarray(KEY_BYTES, KEY_BYTES + NONCE_BYTES);
  const body = bytes.subarray(KEY_BYTES + NONCE_BYTES, bytes.length - TAG_BYTES);
  const tag = bytes.subarray(bytes.length - TAG_BYTES);
  try {
    const own = ownKey(recipientPrivate);
    const recipient = own.publicKey;
    const shared = diffieHellman({ privateKey: own.key, publicKey: publicKeyObject(ephemeral) });
    const key = boxKey(shared, ephemeral, recipient, purpose);
    const decipher = createDecipheriv('aes-256-gcm', key, nonce);
    decipher.setAAD(Buffer.from(purpose));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
  } catch {
    throw new SealError('this key does not open the sealed box');
  }
}

/** Opens with whichever of `privateKeys` the box was sealed to (a key ring across a rotation). */
export function openWithAny(privateKeys: Iterable<Uint8Array>, purpose: SealPurpose, sealed: string): string {
  let failure: unknown = new SealError('no key to open the sealed box with');
  for (const privateKey of privateKeys) {
    try {
      return open(privateKey, purpose, sealed);
    } catch (error) {
      failure = error;
    }
  }
  throw failure;
}

/**
 * A principal's sealing key: the X25519 form of its registered Ed25519 public key (the birational
 * map libsodium calls crypto_sign_ed25519_pk_to_curve25519), so no second key is registered.
 */
export function principalSealKey(publicKeyBase64url: string): Uint8Array {
  const edwards = decodePublicKey(publicKeyBase64url);
  if (!edwards) throw new SealError('not an Ed25519 public key');
  return edwardsToMontgomeryPub(edwards);
}

/** The X25519 private key that opens what was sealed to principalSealKey of this Ed25519 seed. */
export function principalOpenKey(ed25519Seed: Uint8Array): Uint8Array {
  return edwardsToMontgomeryPriv(ed25519Seed);
}

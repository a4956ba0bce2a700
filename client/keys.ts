// A principal's private key on disk (product spec §5, "Trust" and "Bootstrap"): one JSON file per
// key, `{"principal":"NAME","privateKey":"<unpadded base64url of the 32-byte Ed25519 seed>"}`, mode
// 0600, created exclusively and never overwritten. The bootstrap admin's key is
// `<data>/keys/admin.key`; `EA_KEY` (or `--key`) names another.
import { randomBytes } from 'node:crypto';
import { readFileSync, unlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { base64urlToBytesOfSize, bytesToBase64url } from '../trust/base64url.js';
import { PRIVATE_KEY_BYTES, publicKeyOf } from '../trust/envelope.js';
import { encodePublicKey } from '../trust/principal.js';
import { dataDirPath } from '../worker/data-dir.js';
import { SECRET_FILE_MODE, createSecretFile } from '../worker/secret-file.js';
import { EaError } from './ea-service.js';

export interface PrincipalKey {
  /** The name the key is registered under. */
  principal: string;
  /** The raw 32-byte Ed25519 private key (seed). */
  privateKey: Uint8Array;
}

/** The registry's rule for names (contract/payload-schemas.ts), so a key file never holds one it refuses. */
export const PRINCIPAL_NAME = /^[A-Za-z0-9._@-]{1,64}$/;
export const ADMIN_PRINCIPAL = 'admin';
export const KEYS_FOLDER = 'keys';
export const KEY_FILE_MODE = SECRET_FILE_MODE;

/** A key file that cannot be read or written (exit 2): no request can be signed with it. */
export class KeyFileError extends EaError {
  constructor(message: string) {
    super('invalid', message);
    this.name = 'KeyFileError';
  }
}

export function isPrincipalName(name: unknown): name is string {
  return typeof name === 'string' && PRINCIPAL_NAME.test(name);
}

/** `<data>/keys/NAME.key`: where `ea principal add` writes a new key unless told otherwise. */
export function keyPathIn(dataDir: string, name: string): string {
  return join(dataDir, KEYS_FOLDER, `${name}.key`);
}

/** The bootstrap admin's key: `<data>/keys/admin.key`. */
export function adminKeyPath(dataDir: string): string {
  return keyPathIn(dataDir, ADMIN_PRINCIPAL);
}

/**
 * The key file a command signs with: `--key` (`flag`), else `EA_KEY`, else the bootstrap admin's key
 * in the data folder (`EA_DATA_DIR`, default `./data`). Absolute; nothing is created or read.
 */
export function keyFileOf(env: NodeJS.ProcessEnv, flag?: string): string {
  if (flag) return resolve(flag);
  if (env.EA_KEY) return resolve(env.EA_KEY);
  return adminKeyPath(dataDirPath(env));
}

/** A fresh key for `principal`: 32 bytes from the CSPRNG, the Ed25519 seed. */
export function generateKey(principal: string): PrincipalKey {
  if (!isPrincipalName(principal))
    throw new EaError('invalid', `"${principal}" is not a principal name (1–64 letters, digits, . _ @ or -)`);
  return { principal, privateKey: new Uint8Array(randomBytes(PRIVATE_KEY_BYTES)) };
}

/** The registry's spelling of the key's public half (43 characters of base64url). */
export function publicKeyText(key: PrincipalKey): string {
  return encodePublicKey(publicKeyOf(key.privateKey));
}

export function keyFileText(key: PrincipalKey): string {
  return `${JSON.stringify({ principal: key.principal, privateKey: bytesToBase64url(key.privateKey) })}\n`;
}

/**
 * Writes `key` to `path` with mode 0600, creating the folder (0700) if needed. The file appears
 * whole or not at all, and only if nothing is at `path` yet: an existing key is never overwritten
 * (EaError `invalid`, exit 2).
 */
export function writeKeyFile(path: string, key: PrincipalKey): void {
  if (!createKeyFile(path, key)) throw existing(resolve(path));
}

/** writeKeyFile, answering false instead of throwing when a file is at `path` already. */
function createKeyFile(path: string, key: PrincipalKey): boolean {
  try {
    return createSecretFile(path, keyFileText(key));
  } catch (error) {
    throw new KeyFileError(`cannot write the key file ${resolve(path)}: ${(error as Error).message}`);
  }
}

function existing(path: string): EaError {
  return new KeyFileError(`a key file already exists at ${path}; keys are never overwritten`);
}

/** Reads and checks a key file; anything missing or malformed is an EaError `invalid` (exit 2). */
export function readKeyFile(path: string): PrincipalKey {
  const target = resolve(path);
  let text: string;
  try {
    text = readFileSync(target, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new KeyFileError(
      `cannot read the key file ${target} (${why}); name yours with --key or EA_KEY (\`ea principal init\` creates the first admin's)`,
    );
  }
  const key = parseKeyFile(text);
  if (typeof key === 'string') throw new KeyFileError(`the key file ${target} is not a key file: ${key}`);
  return key;
}

/** The key in a key file's text, or what is wrong with it. */
export function parseKeyFile(text: string): PrincipalKey | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return 'not JSON';
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not a JSON object';
  const fields = Object.keys(value).sort();
  if (fields.length !== 2 || fields[0] !== 'principal' || fields[1] !== 'privateKey')
    return 'it must have exactly the fields "principal" and "privateKey"';
  const { principal, privateKey } = value as Record<string, unknown>;
  if (!isPrincipalName(principal)) return '"principal" must be 1–64 letters, digits, . _ @ or -';
  const bytes = base64urlToBytesOfSize(privateKey, PRIVATE_KEY_BYTES);
  if (bytes === null) return `"privateKey" must be ${PRIVATE_KEY_BYTES} bytes of unpadded base64url`;
  return { principal, privateKey: bytes };
}

/**
 * The key at `path`; when there is none, a fresh one for `principal` is written there first
 * (exclusively, so a key another process wrote meanwhile is read, not replaced).
 */
export function ensureKeyFile(path: string, principal: string): { key: PrincipalKey; created: boolean } {
  const key = generateKey(principal);
  if (createKeyFile(path, key)) return { key, created: true };
  return { key: readKeyFile(path), created: false };
}

/** Removes a key file this process has just written, when what it was for did not happen. */
export function removeKeyFile(path: string): void {
  try {
    unlinkSync(resolve(path));
  } catch {
    // Already gone: nothing to undo.
  }
}
